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

    /// <summary>The input as an image, or null when the network reads a flat vector.</summary>
    public ImageDims? InputShape { get; init; }

    /// <summary>
    /// True when the network gets the piecewise-linear hooks the region enumerators use: every activation is Identity,
    /// ReLU or LeakyReLU, and every layer is one the affine calculus follows (max pooling is piecewise linear too, but its
    /// argmax is not part of the activation pattern, so max-pool networks are left out).
    /// </summary>
    public bool IsPiecewiseLinear => System.Linq.Enumerable.All(Layers, l =>
        l.Activation is ActivationCodes.Identity or ActivationCodes.ReLU or ActivationCodes.LeakyReLU && l.Kind != LayerKindSpec.MaxPool);

    /// <summary>True when a dropout layer is present (the gradient kernels then take a dropout draw).</summary>
    public bool HasDropout => System.Linq.Enumerable.Any(Layers, l => l.Kind == LayerKindSpec.Dropout);

    /// <summary>True when a layer needs the image shapes (convolution, pooling, flatten, dropout, residual).</summary>
    public bool HasImageLayers => System.Linq.Enumerable.Any(Layers, l => l.Kind is not (LayerKindSpec.Dense or LayerKindSpec.SharedFilter));
}

/// <summary>One checked layer.</summary>
/// <param name="Spec">The declaration.</param>
/// <param name="Index">Its position.</param>
/// <param name="Inputs">Its input size (the previous layer's outputs, or the network's inputs).</param>
/// <param name="Outputs">Its output size (1 for a shared filter; channels·height·width for an image).</param>
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

    public LayerKindSpec Kind => Spec.Kind;

    public bool IsDense => Spec.Kind == LayerKindSpec.Dense;

    /// <summary>The input as an image, or null for a flat vector.</summary>
    public ImageDims? InputShape { get; init; }

    /// <summary>The output as an image, or null for a flat vector.</summary>
    public ImageDims? OutputShape { get; init; }

    /// <summary>The window's height and width (convolution, pooling), else 0.</summary>
    public int KernelHeight { get; init; }

    public int KernelWidth { get; init; }

    /// <summary>The window stride (convolution, pooling; a pool's 0 resolved to its size), else the shared filter's.</summary>
    public int Stride { get; init; }

    /// <summary>Zero padding on every side (convolution), else 0.</summary>
    public int Padding { get; init; }

    /// <summary>The index of the layer a residual adds, else -1.</summary>
    public int FromIndex { get; init; } = -1;

    /// <summary>Multiply-adds of one sample's forward pass through the layer.</summary>
    public long MultiplyAdds { get; init; }

    /// <summary>The input image (throws for a flat input: only image layers ask).</summary>
    public ImageDims In => InputShape ?? throw new System.InvalidOperationException($"Layer '{Name}' has no image input.");

    /// <summary>The output image (throws for a flat output).</summary>
    public ImageDims Out => OutputShape ?? throw new System.InvalidOperationException($"Layer '{Name}' has no image output.");

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
