namespace DslNets;

/// <summary>
/// One layer of a generated network: its shape and where its parameters sit in the flat parameter vector.
/// Offsets are -1 where the layer has no such parameters (a tied layer owns no weights; a layer may have no bias).
/// </summary>
/// <param name="Name">The member's name.</param>
/// <param name="Kind">Dense or shared filter.</param>
/// <param name="Inputs">The layer's input size.</param>
/// <param name="Outputs">The layer's output size.</param>
/// <param name="Activation">The activation.</param>
/// <param name="LeakySlope">α of LeakyReLU (0.01 by default; unused by other activations).</param>
/// <param name="WeightOffset">Offset of the weights it owns (Outputs×Inputs row-major for dense; r for a shared filter), or -1.</param>
/// <param name="WeightCount">How many weights it owns.</param>
/// <param name="BiasOffset">Offset of its bias, or -1.</param>
/// <param name="BiasCount">Length of its bias (0 if none).</param>
/// <param name="TiedTo">The layer whose weights it uses transposed, or null.</param>
/// <param name="FilterSize">r for a shared filter, else 0.</param>
/// <param name="FilterCount">k for a shared filter, else 0.</param>
/// <param name="Stride">The patch stride of a shared filter (0: matrices supplied at construction).</param>
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
    int ConstantOffset);

/// <summary>A named slice of the flat parameter vector with its logical shape (for checkpoints: "Hidden.weight" [128, 784]).</summary>
/// <param name="Name">"Layer.weight", "Layer.bias" or "Layer.filter".</param>
/// <param name="Offset">Where it starts in the flat vector.</param>
/// <param name="Rows">The first dimension.</param>
/// <param name="Columns">The second dimension, or 0 for a vector.</param>
public sealed record TensorInfo(string Name, int Offset, int Rows, int Columns)
{
    /// <summary>The number of elements.</summary>
    public int Length => Columns == 0 ? Rows : Rows * Columns;

    /// <summary>The shape as safetensors writes it: [Rows] or [Rows, Columns].</summary>
    public int[] Shape => Columns == 0 ? [Rows] : [Rows, Columns];
}
