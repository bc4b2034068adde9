namespace DslNets.Checkpoints;

/// <summary>One tensor described in a safetensors header.</summary>
/// <param name="Name">Its name ("Hidden.weight").</param>
/// <param name="DType">Its element type.</param>
/// <param name="Shape">Its shape (empty for a scalar).</param>
/// <param name="Begin">Where its bytes start, relative to the start of the data block.</param>
/// <param name="End">Where its bytes end (exclusive), relative to the start of the data block.</param>
public sealed record SafeTensorEntry(string Name, SafeTensorDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>The number of elements (the product of the shape; 1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    /// <summary>The shape written as in messages: "[128, 784]".</summary>
    public string ShapeText => SafeTensorsHeader.FormatShape(Shape);
}
