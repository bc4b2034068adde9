namespace DslNets.Kernels;

/// <summary>
/// The geometry of one 2-D convolution (PyTorch's Conv2d without dilation or groups): an input image, the number of
/// filters, the window, the stride and the zero padding on every side; the output image follows from them.
/// </summary>
public readonly record struct ConvolutionShape
{
    /// <summary>Checks the sizes and computes the output: filters × ⌊(H + 2p − k_h)/s⌋ + 1 × ⌊(W + 2p − k_w)/s⌋ + 1.</summary>
    /// <param name="input">The input image.</param>
    /// <param name="filters">Output channels (≥ 1).</param>
    /// <param name="kernelHeight">Window rows (≥ 1).</param>
    /// <param name="kernelWidth">Window columns (≥ 1).</param>
    /// <param name="stride">Step between windows (≥ 1).</param>
    /// <param name="padding">Zero rows and columns on every side (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range, or the window is larger than the padded input.</exception>
    public ConvolutionShape(ImageShape input, int filters, int kernelHeight, int kernelWidth, int stride, int padding)
    {
        if (input.Channels < 1 || input.Height < 1 || input.Width < 1)
            throw new ArgumentOutOfRangeException(nameof(input), input, "Expected an input image with every size at least 1.");
        ArgumentOutOfRangeException.ThrowIfLessThan(filters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        int height = input.Height + 2 * padding, width = input.Width + 2 * padding;
        if (kernelHeight > height || kernelWidth > width)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelHeight),
                $"A {kernelHeight}×{kernelWidth} window does not fit the padded input {height}×{width} of {input}.");
        }

        Input = input;
        Filters = filters;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        Stride = stride;
        Padding = padding;
        Output = new ImageShape(filters, (height - kernelHeight) / stride + 1, (width - kernelWidth) / stride + 1);
    }

    /// <summary>The input image.</summary>
    public ImageShape Input { get; }

    /// <summary>The output image (filters × rows × columns).</summary>
    public ImageShape Output { get; }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Window rows.</summary>
    public int KernelHeight { get; }

    /// <summary>Window columns.</summary>
    public int KernelWidth { get; }

    /// <summary>Step between windows.</summary>
    public int Stride { get; }

    /// <summary>Zero rows and columns on every side of the input.</summary>
    public int Padding { get; }

    /// <summary>Numbers one window reads: channels·k_h·k_w (a row of the weight matrix, a column of im2col's matrix).</summary>
    public int WindowSize => Input.Channels * KernelHeight * KernelWidth;
}
