namespace DslNets;

/// <summary>
/// Max pooling over <see cref="Size"/>×<see cref="Size"/> windows of each channel (PyTorch's <c>nn.MaxPool2d</c> without
/// padding): out[c, y, x] = max over the window at (y·s, x·s). The gradient goes to the first largest entry of each window
/// in row-major order. No parameters. The input must be an image.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class MaxPoolAttribute : Attribute
{
    /// <summary>Declares max pooling over <paramref name="size"/>×<paramref name="size"/> windows.</summary>
    public MaxPoolAttribute(int size) => Size = size;

    /// <summary>The window's side, ≥ 1.</summary>
    public int Size { get; }

    /// <summary>The step between windows; 0 (the default) takes <see cref="Size"/> (windows side by side), as PyTorch does.</summary>
    public int Stride { get; set; }

    /// <summary>When true, the windows must tile the input exactly (a compile error otherwise); false drops the remainder.</summary>
    public bool ExactTiling { get; set; }
}
