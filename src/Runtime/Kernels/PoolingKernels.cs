using System.Numerics;

namespace DslNets.Kernels;

/// <summary>
/// Max and average pooling of a batch (PyTorch's MaxPool2d and AvgPool2d without padding) over size×size windows with a
/// stride: X is batch×channels×height×width, Y and Δ = ∂loss/∂Y batch×channels×rows×columns with rows = ⌊(H − size)/stride⌋ + 1.
/// Max pooling routes each gradient to the window's first largest entry (a NaN counts as largest, as in PyTorch).
/// </summary>
public static class PoolingKernels
{
    /// <summary>Y = the max (or mean) of each window; overwritten.</summary>
    /// <param name="x">Inputs, batch×channels×height×width.</param>
    /// <param name="y">Outputs, batch×channels×rows×columns.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="input">One sample's input image.</param>
    /// <param name="size">The window's side.</param>
    /// <param name="stride">The step between windows.</param>
    /// <param name="max">True for max pooling, false for average pooling.</param>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int batch, ImageShape input, int size, int stride, bool max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImageShape output = Output(input, size, stride);
        Check(batch, input, output, x.Length, y.Length);
        T share = T.One / T.CreateChecked(size * size);
        int planes = batch * input.Channels;
        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<T> source = x.Slice(plane * input.PlaneSize, input.PlaneSize);
            Span<T> target = y.Slice(plane * output.PlaneSize, output.PlaneSize);
            for (int oy = 0; oy < output.Height; oy++)
            {
                for (int ox = 0; ox < output.Width; ox++)
                {
                    int corner = oy * stride * input.Width + ox * stride;
                    target[oy * output.Width + ox] = max ? source[corner + Largest(source, corner, input.Width, size)] : share * Sum(source, corner, input.Width, size);
                }
            }
        }
    }

    /// <summary>∂loss/∂X from Δ: each window's gradient to its first largest entry (max) or in equal shares (mean); overwritten.</summary>
    /// <param name="x">The layer's inputs, batch×channels×height×width (max pooling finds its entries again).</param>
    /// <param name="delta">Δ, batch×channels×rows×columns.</param>
    /// <param name="inputGradient">Batch×channels×height×width; overwritten.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="input">One sample's input image.</param>
    /// <param name="size">The window's side.</param>
    /// <param name="stride">The step between windows.</param>
    /// <param name="max">True for max pooling, false for average pooling.</param>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, Span<T> inputGradient, int batch, ImageShape input, int size, int stride, bool max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImageShape output = Output(input, size, stride);
        Check(batch, input, output, x.Length, delta.Length);
        if (inputGradient.Length != x.Length) throw new ArgumentException($"Expected an input gradient of {x.Length} numbers but got {inputGradient.Length}.", nameof(inputGradient));
        inputGradient.Clear();
        T share = T.One / T.CreateChecked(size * size);
        int planes = batch * input.Channels;
        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<T> source = x.Slice(plane * input.PlaneSize, input.PlaneSize);
            ReadOnlySpan<T> gradient = delta.Slice(plane * output.PlaneSize, output.PlaneSize);
            Span<T> target = inputGradient.Slice(plane * input.PlaneSize, input.PlaneSize);
            for (int oy = 0; oy < output.Height; oy++)
            {
                for (int ox = 0; ox < output.Width; ox++)
                {
                    int corner = oy * stride * input.Width + ox * stride;
                    T g = gradient[oy * output.Width + ox];
                    if (max)
                    {
                        target[corner + Largest(source, corner, input.Width, size)] += g;
                        continue;
                    }

                    T part = g * share;
                    for (int i = 0; i < size; i++)
                    {
                        for (int j = 0; j < size; j++) target[corner + i * input.Width + j] += part;
                    }
                }
            }
        }
    }

    /// <summary>The pooled image of <paramref name="input"/>.</summary>
    public static ImageShape Output(ImageShape input, int size, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (size > input.Height || size > input.Width)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A {size}×{size} window does not fit {input}.");
        return new ImageShape(input.Channels, (input.Height - size) / stride + 1, (input.Width - size) / stride + 1);
    }

    // Offset (from the window's corner) of the window's first largest entry, in row-major order.
    private static int Largest<T>(ReadOnlySpan<T> source, int corner, int width, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        T max = source[corner];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                T v = source[corner + i * width + j];
                if (v > max || T.IsNaN(v))
                {
                    max = v;
                    best = i * width + j;
                }
            }
        }

        return best;
    }

    private static T Sum<T>(ReadOnlySpan<T> source, int corner, int width, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++) sum += source[corner + i * width + j];
        }

        return sum;
    }

    private static void Check(int batch, ImageShape input, ImageShape output, int inputs, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (inputs != batch * input.Size) throw new ArgumentException($"Expected inputs of {batch}×{input} = {batch * input.Size} numbers but got {inputs}.");
        if (outputs != batch * output.Size) throw new ArgumentException($"Expected outputs of {batch}×{output} = {batch * output.Size} numbers but got {outputs}.");
    }
}
