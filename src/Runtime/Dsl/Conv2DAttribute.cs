namespace DslNets;

/// <summary>
/// A 2-D convolution (PyTorch's <c>nn.Conv2d</c>, cross-correlation as it computes it) followed by
/// <see cref="Activation"/>: output channel f at (y, x) is b_f + Σ_c Σ_i Σ_j W[f, c, i, j]·in[c, y·s + i − p, x·s + j − p],
/// with positions outside the input read as 0 (zero padding). The input must be an image (declare
/// <see cref="NetworkAttribute.InputShape"/>, or follow another convolution or pooling layer). W is stored
/// filters×channels×height×width, row-major, in the flat parameter vector (PyTorch's layout), followed by b.
/// The output is filters × ⌊(H + 2p − k_h)/s⌋ + 1 × ⌊(W + 2p − k_w)/s⌋ + 1; with <see cref="ExactTiling"/> the
/// divisions must come out even.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class Conv2DAttribute : Attribute
{
    /// <summary>Declares a convolution with <paramref name="filters"/> output channels and a square <paramref name="kernel"/>×<paramref name="kernel"/> window.</summary>
    public Conv2DAttribute(int filters, int kernel, Activation activation = Activation.Identity)
    {
        Filters = filters;
        Kernel = kernel;
        Activation = activation;
    }

    /// <summary>The number of filters (output channels), ≥ 1.</summary>
    public int Filters { get; }

    /// <summary>The side of a square window, ≥ 1 (<see cref="KernelHeight"/> and <see cref="KernelWidth"/> override it).</summary>
    public int Kernel { get; }

    /// <summary>The activation applied after the convolution.</summary>
    public Activation Activation { get; }

    /// <summary>The window's height for a rectangular kernel; 0 (the default) takes <see cref="Kernel"/>.</summary>
    public int KernelHeight { get; set; }

    /// <summary>The window's width for a rectangular kernel; 0 (the default) takes <see cref="Kernel"/>.</summary>
    public int KernelWidth { get; set; }

    /// <summary>The step between windows, in rows and columns; 1 unless set; ≥ 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Rows and columns of zeros added on every side; 0 unless set; ≥ 0.</summary>
    public int Padding { get; set; }

    /// <summary>Whether the layer has a trainable bias per filter; true unless set.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>The slope α for negative inputs of <see cref="Activation.LeakyReLU"/>; 0.01 unless set; must be ≥ 0.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>
    /// When true, the stride must tile the padded input exactly ((H + 2p − k_h) and (W + 2p − k_w) multiples of the
    /// stride), so that no row or column is silently dropped; a compile error otherwise. False (the default) drops the
    /// remainder as PyTorch does.
    /// </summary>
    public bool ExactTiling { get; set; }
}
