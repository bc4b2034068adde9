namespace DslNets;

/// <summary>
/// Average pooling over <see cref="Size"/>×<see cref="Size"/> windows of each channel (PyTorch's <c>nn.AvgPool2d</c>
/// without padding): out[c, y, x] = the mean of the window at (y·s, x·s). Linear, so a network of ReLU, LeakyReLU and
/// identity layers with average pooling stays piecewise linear. No parameters. The input must be an image.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class AvgPoolAttribute : Attribute
{
    /// <summary>Declares average pooling over <paramref name="size"/>×<paramref name="size"/> windows.</summary>
    public AvgPoolAttribute(int size) => Size = size;

    /// <summary>The window's side, ≥ 1.</summary>
    public int Size { get; }

    /// <summary>The step between windows; 0 (the default) takes <see cref="Size"/> (windows side by side), as PyTorch does.</summary>
    public int Stride { get; set; }

    /// <summary>When true, the windows must tile the input exactly (a compile error otherwise); false drops the remainder.</summary>
    public bool ExactTiling { get; set; }
}
