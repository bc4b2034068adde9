namespace DslNets;

/// <summary>
/// One layer of a generated network: its shape and where its parameters sit in the flat parameter vector.
/// Offsets are -1 where the layer has no such parameters (a tied layer owns no weights; a layer may have no bias).
/// </summary>
/// <param name="Name">The member's name.</param>
/// <param name="Kind">What the layer computes.</param>
/// <param name="Inputs">The layer's input size (an image's channels·height·width).</param>
/// <param name="Outputs">The layer's output size (an image's channels·height·width).</param>
/// <param name="Activation">The activation.</param>
/// <param name="LeakySlope">α of LeakyReLU (0.01 by default; unused by other activations).</param>
/// <param name="WeightOffset">Offset of the weights it owns (Outputs×Inputs row-major for dense; r for a shared filter;
/// filters×channels×KernelHeight×KernelWidth row-major for a convolution), or -1.</param>
/// <param name="WeightCount">How many weights it owns.</param>
/// <param name="BiasOffset">Offset of its bias, or -1.</param>
/// <param name="BiasCount">Length of its bias (0 if none).</param>
/// <param name="TiedTo">The layer whose weights it uses transposed, or null.</param>
/// <param name="FilterSize">r for a shared filter, else 0.</param>
/// <param name="FilterCount">k for a shared filter, else 0.</param>
/// <param name="Stride">The patch stride of a shared filter (0: matrices supplied at construction); the window stride of a convolution or pooling layer.</param>
/// <param name="ConstantOffset">Offset of its fixed matrices in the network's constants, or -1.</param>
public sealed record LayerInfo(
    string Name,
    LayerKind Kind,
    int Inputs,
    int Outputs,
    Activation Activation,
    double LeakySlope,
    int WeightOffset,
    int WeightCount,
    int BiasOffset,
    int BiasCount,
    string? TiedTo,
    int FilterSize,
    int FilterCount,
    int Stride,
    int ConstantOffset)
{
    /// <summary>The input as an image, or null when the layer reads a flat vector.</summary>
    public ImageShape? InputShape { get; init; }

    /// <summary>The output as an image (convolution, pooling, and dropout or residual layers on an image), or null for a flat vector.</summary>
    public ImageShape? OutputShape { get; init; }

    /// <summary>The window's height (convolution, pooling), else 0.</summary>
    public int KernelHeight { get; init; }

    /// <summary>The window's width (convolution, pooling), else 0.</summary>
    public int KernelWidth { get; init; }

    /// <summary>Zero rows and columns added on every side of a convolution's input, else 0.</summary>
    public int Padding { get; init; }

    /// <summary>A dropout layer's probability p of zeroing a unit in training, else 0.</summary>
    public double DropoutProbability { get; init; }

    /// <summary>The earlier layer whose output a residual layer adds, else null.</summary>
    public string? ResidualFrom { get; init; }

    /// <summary>The multiply-adds of one sample's forward pass through this layer (0 for pooling, dropout, flatten and residual layers).</summary>
    public long MultiplyAdds { get; init; }
}

/// <summary>
/// A named slice of the flat parameter vector with its logical shape (for checkpoints: "Hidden.weight" [128, 784], or a
/// convolution's "Conv1.weight" [32, 1, 3, 3]), named and laid out as PyTorch's state_dict names and lays out the same
/// module's parameters.
/// </summary>
/// <param name="Name">"Layer.weight", "Layer.bias" or "Layer.filter".</param>
/// <param name="Offset">Where it starts in the flat vector.</param>
/// <param name="Rows">The first dimension.</param>
/// <param name="Columns">The product of the other dimensions, or 0 for a vector.</param>
public sealed record TensorInfo(string Name, int Offset, int Rows, int Columns)
{
    /// <summary>
    /// A convolution's weights: <paramref name="filters"/>×<paramref name="channels"/>×<paramref name="kernelHeight"/>×<paramref name="kernelWidth"/>,
    /// row-major (PyTorch's Conv2d weight layout).
    /// </summary>
    public TensorInfo(string name, int offset, int filters, int channels, int kernelHeight, int kernelWidth)
        : this(name, offset, filters, channels * kernelHeight * kernelWidth)
    {
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
    }

    /// <summary>The window's height of a convolution's weights (then the shape has four dimensions), else 0.</summary>
    public int KernelHeight { get; init; }

    /// <summary>The window's width of a convolution's weights, else 0.</summary>
    public int KernelWidth { get; init; }

    /// <summary>The number of elements.</summary>
    public int Length => Columns == 0 ? Rows : Rows * Columns;

    /// <summary>The shape as safetensors writes it: [Rows], [Rows, Columns], or for a convolution [filters, channels, height, width].</summary>
    public int[] Shape => KernelHeight > 0 && KernelWidth > 0
        ? [Rows, Columns / (KernelHeight * KernelWidth), KernelHeight, KernelWidth]
        : Columns == 0 ? [Rows] : [Rows, Columns];
}
