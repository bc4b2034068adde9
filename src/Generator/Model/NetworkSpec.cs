namespace DslNets.Generator.Model;

/// <summary>
/// What the user declared, read from attributes with no checking of shapes yet. Equatable: holds no symbols,
/// syntax or compilation, so an unchanged declaration is cached.
/// </summary>
/// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
/// <param name="TypeName">The class's name.</param>
/// <param name="ContainingTypes">Declarations of the types around a nested network, outermost first ("partial class Outer").</param>
/// <param name="TypeKeyword">"class" or "record".</param>
/// <param name="Inputs">Network.Inputs.</param>
/// <param name="Loss">The Loss enum's value.</param>
/// <param name="Precision">The Precision enum's value.</param>
/// <param name="AttributeLocation">Where the [Network] attribute is.</param>
/// <param name="Layers">The layer members in source order.</param>
/// <param name="Diagnostics">Problems found while reading (the class is then not generated).</param>
internal sealed record NetworkSpec(
    string? Namespace,
    string TypeName,
    EquatableArray<string> ContainingTypes,
    string TypeKeyword,
    int Inputs,
    int Loss,
    int Precision,
    LocationInfo? AttributeLocation,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public string FullName => (Namespace is null ? "" : Namespace + ".") + string.Concat(System.Linq.Enumerable.Select(ContainingTypeNames, n => n + ".")) + TypeName;

    /// <summary>The plain names of the containing types (used for hint names and messages).</summary>
    public EquatableArray<string> ContainingTypeNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The names of the class's own members that are not layers (checked against the generated names).</summary>
    public EquatableArray<string> OtherMemberNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Whether the [Network] attribute itself could be read (otherwise its values are not checked further).</summary>
    public bool NetworkAttributeReadable { get; init; } = true;

    /// <summary>What to write if the network cannot be generated, or null when no generated part can join the class.</summary>
    public NetworkStub? Stub { get; init; }

    /// <summary>Whether Network.InputShape was given (then <see cref="InputShape"/> holds its sizes as written).</summary>
    public bool InputShapeDeclared { get; init; }

    /// <summary>Network.InputShape as written: channels, height, width (empty when not given).</summary>
    public EquatableArray<int> InputShape { get; init; } = EquatableArray<int>.Empty;
}

/// <summary>The kinds of layer attribute (numbered as the runtime's LayerKind).</summary>
internal enum LayerKindSpec
{
    Dense = 0,
    SharedFilter = 1,
    Conv2D = 2,
    MaxPool = 3,
    AvgPool = 4,
    Flatten = 5,
    Dropout = 6,
    Residual = 7,
}

/// <summary>One layer member as declared.</summary>
/// <param name="Name">The member's name.</param>
/// <param name="Kind">Which layer attribute it carries.</param>
/// <param name="IsField">A field (assigned in the constructor) rather than a partial property (implemented).</param>
/// <param name="Accessibility">The member's accessibility as written ("public", "private protected", ...).</param>
/// <param name="DeclaredType">The member's type, fully qualified, as the implementation must repeat it.</param>
/// <param name="DeclaredTypeDisplay">The member's type as the user sees it (for messages).</param>
/// <param name="UsesGenericView">The declared type is DenseLayer&lt;T&gt; / SharedFilterLayer&lt;T&gt; rather than the float shorthand.</param>
/// <param name="TypeIsValid">Whether the declared type fits the layer kind and precision.</param>
/// <param name="Outputs">Dense outputs; a convolution's filters.</param>
/// <param name="Activation">The Activation enum's value.</param>
/// <param name="LeakySlope">α of LeakyReLU.</param>
/// <param name="Bias">Whether a dense layer has a bias.</param>
/// <param name="DeclaredInputs">Dense.Inputs (0: infer).</param>
/// <param name="TiedTo">Dense.TiedTo, or null.</param>
/// <param name="FilterSize">SharedFilter r.</param>
/// <param name="Count">SharedFilter k.</param>
/// <param name="Stride">SharedFilter stride (0: matrices); a convolution's or pool's stride as declared (a pool's 0: its size).</param>
/// <param name="Location">Where the layer attribute is.</param>
internal sealed record LayerSpec(
    string Name,
    LayerKindSpec Kind,
    bool IsField,
    string Accessibility,
    string DeclaredType,
    string DeclaredTypeDisplay,
    bool UsesGenericView,
    bool TypeIsValid,
    int Outputs,
    int Activation,
    double LeakySlope,
    bool Bias,
    int DeclaredInputs,
    string? TiedTo,
    int FilterSize,
    int Count,
    int Stride,
    LocationInfo? Location)
{
    /// <summary>
    /// A member whose layer attribute or form is unusable (already diagnosed): it keeps its place so that the layers after
    /// it are not checked against a wrong predecessor, and ties to it stay silent.
    /// </summary>
    public bool IsBroken { get; init; }

    /// <summary>A convolution's or pool's window height as declared (a pool's size; a convolution's KernelHeight, else its kernel).</summary>
    public int KernelHeight { get; init; }

    /// <summary>A convolution's or pool's window width as declared.</summary>
    public int KernelWidth { get; init; }

    /// <summary>Which argument gave <see cref="KernelHeight"/> ("kernel", "KernelHeight", "size"), for messages.</summary>
    public string KernelHeightSource { get; init; } = "kernel";

    /// <summary>Which argument gave <see cref="KernelWidth"/>, for messages.</summary>
    public string KernelWidthSource { get; init; } = "kernel";

    /// <summary>A convolution's zero padding on every side.</summary>
    public int Padding { get; init; }

    /// <summary>Whether a convolution or pool asks for its windows to tile the input exactly.</summary>
    public bool ExactTiling { get; init; }

    /// <summary>A dropout layer's probability.</summary>
    public double DropoutProbability { get; init; }

    /// <summary>A residual layer's From as written (null when not set).</summary>
    public string? From { get; init; }

    /// <summary>A placeholder for a member that carries a layer attribute but cannot be used.</summary>
    public static LayerSpec Broken(string name, LocationInfo? location) =>
        new(name, LayerKindSpec.Dense, false, "private", "", "", false, true, 0, 0, 0.01, false, 0, null, 0, 0, 0, location) { IsBroken = true };
}
