namespace DslNets.Generator.Model;

/// <summary>A network whose shapes all check: every layer with its input size and parameter layout. What the emitter reads.</summary>
internal sealed record ShapedNetwork(
    string? Namespace,
    string TypeName,
    string FullName,
    EquatableArray<string> ContainingTypes,
    string TypeKeyword,
    bool IsDouble,
    int Inputs,
    int Outputs,
    int Loss,
    int ParameterCount,
    int ConstantCount,
    EquatableArray<ShapedLayer> Layers)
{
    /// <summary>The element type's C# keyword.</summary>
    public string T => IsDouble ? "double" : "float";

    /// <summary>True when every activation is Identity, ReLU or LeakyReLU.</summary>
    public bool IsPiecewiseLinear => System.Linq.Enumerable.All(Layers, l => l.Activation is ActivationCodes.Identity or ActivationCodes.ReLU or ActivationCodes.LeakyReLU);
}

/// <summary>One checked layer.</summary>
/// <param name="Spec">The declaration.</param>
/// <param name="Index">Its position.</param>
/// <param name="Inputs">Its input size (the previous layer's outputs, or the network's inputs).</param>
/// <param name="Outputs">Its output size (1 for a shared filter).</param>
/// <param name="WeightOffset">Offset of the weights it owns, or -1 (tied).</param>
/// <param name="WeightCount">How many it owns.</param>
/// <param name="UsedWeightOffset">Offset of the matrix it multiplies by (its own, or the tied target's).</param>
/// <param name="BiasOffset">Offset of its bias, or -1.</param>
/// <param name="BiasCount">Length of its bias.</param>
/// <param name="TiedIndex">Index of the layer whose weights it uses transposed, or -1.</param>
/// <param name="ConstantOffset">Offset of its fixed matrices in the constants, or -1.</param>
internal sealed record ShapedLayer(
    LayerSpec Spec,
    int Index,
    int Inputs,
    int Outputs,
    int WeightOffset,
    int WeightCount,
    int UsedWeightOffset,
    int BiasOffset,
    int BiasCount,
    int TiedIndex,
    int ConstantOffset)
{
    public string Name => Spec.Name;

    public int Activation => Spec.Activation;

    public bool IsDense => Spec.Kind == LayerKindSpec.Dense;

    public bool IsTied => TiedIndex >= 0;

    /// <summary>Patch mode of a shared filter.</summary>
    public bool UsesPatches => Spec.Kind == LayerKindSpec.SharedFilter && Spec.Stride > 0;
}

/// <summary>The result of shape checking: the shaped network (null when there are errors) and the diagnostics.</summary>
internal sealed record CheckedNetwork(string HintName, ShapedNetwork? Network, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>What to write instead when the network is not generated (null when nothing can be).</summary>
    public NetworkStub? Stub { get; init; }
}

/// <summary>The numeric values of the runtime's enums (the generator never references the runtime assembly).</summary>
internal static class ActivationCodes
{
    public const int Identity = 0, ReLU = 1, LeakyReLU = 2, Sigmoid = 3, Tanh = 4;

    public static readonly string[] Names = ["Identity", "ReLU", "LeakyReLU", "Sigmoid", "Tanh"];
}

/// <summary>Loss enum values.</summary>
internal static class LossCodes
{
    public const int SquaredError = 0, AbsoluteError = 1, Logistic = 2, Hinge = 3, SoftmaxCrossEntropy = 4;

    public static readonly string[] Names = ["SquaredError", "AbsoluteError", "Logistic", "Hinge", "SoftmaxCrossEntropy"];
}
