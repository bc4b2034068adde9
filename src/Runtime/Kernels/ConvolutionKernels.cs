using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Kernels;

/// <summary>
/// The passes of a convolution layer over a batch and over one sample. Stride 1 runs directly
/// (<see cref="DirectConvolution"/>: SIMD multiply-adds over the zero-padded image, register-blocked over filters, one
/// sample at a time and, for a batch, both cores over the samples), which needs no im2col matrix and beats it on the
/// small images of MNIST-sized nets. Other strides copy each window of a group of samples into a column of a
/// (channels·k_h·k_w) × (samples·rows·columns) matrix, so that the layer becomes one product with the
/// filters×(channels·k_h·k_w) weight matrix on the project's packed FMA kernel (both cores when it is large); the
/// column matrix is bounded by working through the batch in groups of samples.
/// Shapes: X is batch×channels×height×width, the weights filters×channels×k_h×k_w (PyTorch's layout), Y and
/// Δ = ∂loss/∂Y batch×filters×rows×columns; every span has exactly the length its shape gives.
/// </summary>
public static class ConvolutionKernels
{
    /// <summary>Numbers the per-thread scratch of one group may hold (columns, gathered gradients); at least one sample's.</summary>
    internal const int ScratchBudget = 1 << 21;

    /// <summary>Forward pass of a batch: Y = W ⊛ X + b (b per filter; pass an empty bias for none), no activation.</summary>
    /// <param name="x">Inputs, batch×channels×height×width.</param>
    /// <param name="weights">Filters×channels×k_h×k_w.</param>
    /// <param name="bias">One per filter, or empty.</param>
    /// <param name="y">Outputs, batch×filters×rows×columns; overwritten.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="shape">The convolution.</param>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> y, int batch, in ConvolutionShape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(batch, shape, x.Length, weights.Length, y.Length);
        if (!bias.IsEmpty && bias.Length != shape.Filters) throw new ArgumentException($"Expected a bias of {shape.Filters} numbers but got {bias.Length}.", nameof(bias));
        if (DirectConvolution.Applies<T>(shape))
        {
            DirectConvolutionBatch.Forward(x, weights, bias, y, batch, shape);
            return;
        }

        int window = shape.WindowSize, plane = shape.Output.PlaneSize, filters = shape.Filters;
        int group = GroupSize(shape, window + filters);
        Span<T> scratch = ThreadScratch<Im2ColScratch, T>.Get(group * plane * (window + filters));
        for (int first = 0; first < batch; first += group)
        {
            int samples = Math.Min(group, batch - first);
            int columns = samples * plane;
            Span<T> matrix = scratch[..(window * columns)];
            Span<T> product = scratch.Slice(window * columns, filters * columns);
            Im2Col(x.Slice(first * shape.Input.Size, samples * shape.Input.Size), samples, shape, matrix);
            Gemm.Multiply(MatrixOp.None, MatrixOp.None, filters, columns, window, T.One, weights, matrix, T.Zero, product);
            // The product is filter-major over the group; each sample's output is filter-major on its own.
            for (int s = 0; s < samples; s++)
            {
                for (int f = 0; f < filters; f++)
                {
                    Span<T> target = y.Slice(((first + s) * filters + f) * plane, plane);
                    ReadOnlySpan<T> source = product.Slice(f * columns + s * plane, plane);
                    if (bias.IsEmpty) source.CopyTo(target);
                    else TensorPrimitives.Add(source, bias[f], target);
                }
            }
        }
    }

    /// <summary>
    /// Backward pass of a batch: adds dW = Δ ⊛ X to <paramref name="weightGradient"/> and the per-filter sums of Δ to
    /// <paramref name="biasGradient"/> (unless empty), and writes ∂loss/∂X into <paramref name="inputGradient"/> (unless empty).
    /// </summary>
    /// <param name="delta">Δ = ∂loss/∂Y (after the activation's derivative), batch×filters×rows×columns.</param>
    /// <param name="x">The layer's inputs, batch×channels×height×width.</param>
    /// <param name="weights">Filters×channels×k_h×k_w.</param>
    /// <param name="weightGradient">Filters×channels×k_h×k_w; added to.</param>
    /// <param name="biasGradient">One per filter, added to; or empty for a layer without bias.</param>
    /// <param name="inputGradient">Batch×channels×height×width, overwritten; or empty when not wanted.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="shape">The convolution.</param>
    public static void Backward<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, ReadOnlySpan<T> weights, Span<T> weightGradient, Span<T> biasGradient,
        Span<T> inputGradient, int batch, in ConvolutionShape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(batch, shape, x.Length, weights.Length, delta.Length);
        if (weightGradient.Length != weights.Length) throw new ArgumentException($"Expected a weight gradient of {weights.Length} numbers but got {weightGradient.Length}.", nameof(weightGradient));
        if (!biasGradient.IsEmpty && biasGradient.Length != shape.Filters) throw new ArgumentException($"Expected a bias gradient of {shape.Filters} numbers but got {biasGradient.Length}.", nameof(biasGradient));
        bool input = !inputGradient.IsEmpty;
        if (input && inputGradient.Length != x.Length) throw new ArgumentException($"Expected an input gradient of {x.Length} numbers but got {inputGradient.Length}.", nameof(inputGradient));
        if (DirectConvolution.Applies<T>(shape))
        {
            DirectConvolutionBatch.Backward(delta, x, weights, weightGradient, biasGradient, inputGradient, batch, shape);
            return;
        }

        int window = shape.WindowSize, plane = shape.Output.PlaneSize, filters = shape.Filters;
        int group = GroupSize(shape, 2 * window + filters);
        Span<T> scratch = ThreadScratch<Im2ColScratch, T>.Get(group * plane * (2 * window + filters));
        if (input) inputGradient.Clear();
        for (int first = 0; first < batch; first += group)
        {
            int samples = Math.Min(group, batch - first);
            int columns = samples * plane;
            Span<T> matrix = scratch[..(window * columns)];
            Span<T> gathered = scratch.Slice(window * columns, filters * columns);
            Span<T> back = scratch.Slice((window + filters) * columns, window * columns);
            for (int s = 0; s < samples; s++)
            {
                for (int f = 0; f < filters; f++)
                {
                    delta.Slice(((first + s) * filters + f) * plane, plane).CopyTo(gathered.Slice(f * columns + s * plane, plane));
                }
            }

            if (!biasGradient.IsEmpty)
            {
                for (int f = 0; f < filters; f++) biasGradient[f] += TensorPrimitives.Sum<T>(gathered.Slice(f * columns, columns));
            }

            ReadOnlySpan<T> inputs = x.Slice(first * shape.Input.Size, samples * shape.Input.Size);
            Im2Col(inputs, samples, shape, matrix);
            // dW (filters×window) += Δ (filters×columns) · matrixᵀ (columns×window).
            Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, filters, window, columns, T.One, gathered, matrix, T.One, weightGradient);
            if (!input) continue;
            // ∂loss/∂columns (window×columns) = Wᵀ (window×filters) · Δ, then every window adds back into its input positions.
            Gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, window, columns, filters, T.One, weights, gathered, T.Zero, back);
            Col2ImAdd(back, samples, shape, inputGradient.Slice(first * shape.Input.Size, samples * shape.Input.Size));
        }
    }

    /// <summary>
    /// Forward pass of one sample: y = W ⊛ x + b (b per filter; pass an empty bias for none), no activation. Stride 1 runs
    /// a direct SIMD convolution on the zero-padded image (no im2col); other strides take the batched path with one
    /// sample. Allocates nothing once the calling thread's scratch has grown to the layer.
    /// </summary>
    /// <param name="x">One input, channels×height×width.</param>
    /// <param name="weights">Filters×channels×k_h×k_w.</param>
    /// <param name="bias">One per filter, or empty.</param>
    /// <param name="y">One output, filters×rows×columns; overwritten.</param>
    /// <param name="shape">The convolution.</param>
    public static void ForwardSample<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> y, in ConvolutionShape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!DirectConvolution.Applies<T>(shape))
        {
            Forward(x, weights, bias, y, 1, shape);
            return;
        }

        CheckLengths(1, shape, x.Length, weights.Length, y.Length);
        if (!bias.IsEmpty && bias.Length != shape.Filters) throw new ArgumentException($"Expected a bias of {shape.Filters} numbers but got {bias.Length}.", nameof(bias));
        DirectConvolution.Forward(x, weights, bias, y, shape);
    }

    /// <summary>
    /// Backward pass of one sample: adds dW = Δ ⊛ x to <paramref name="weightGradient"/> and the per-filter sums of Δ to
    /// <paramref name="biasGradient"/> (unless empty), and writes ∂loss/∂x into <paramref name="inputGradient"/> (unless
    /// empty). Stride 1 runs directly (see <see cref="ForwardSample{T}"/>).
    /// </summary>
    /// <param name="delta">Δ = ∂loss/∂y (after the activation's derivative), filters×rows×columns.</param>
    /// <param name="x">The layer's input, channels×height×width.</param>
    /// <param name="weights">Filters×channels×k_h×k_w.</param>
    /// <param name="weightGradient">Filters×channels×k_h×k_w; added to.</param>
    /// <param name="biasGradient">One per filter, added to; or empty.</param>
    /// <param name="inputGradient">Channels×height×width, overwritten; or empty when not wanted.</param>
    /// <param name="shape">The convolution.</param>
    public static void BackwardSample<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, ReadOnlySpan<T> weights, Span<T> weightGradient, Span<T> biasGradient,
        Span<T> inputGradient, in ConvolutionShape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!DirectConvolution.Applies<T>(shape))
        {
            Backward(delta, x, weights, weightGradient, biasGradient, inputGradient, 1, shape);
            return;
        }

        CheckLengths(1, shape, x.Length, weights.Length, delta.Length);
        if (weightGradient.Length != weights.Length) throw new ArgumentException($"Expected a weight gradient of {weights.Length} numbers but got {weightGradient.Length}.", nameof(weightGradient));
        if (!biasGradient.IsEmpty && biasGradient.Length != shape.Filters) throw new ArgumentException($"Expected a bias gradient of {shape.Filters} numbers but got {biasGradient.Length}.", nameof(biasGradient));
        if (!inputGradient.IsEmpty && inputGradient.Length != x.Length) throw new ArgumentException($"Expected an input gradient of {x.Length} numbers but got {inputGradient.Length}.", nameof(inputGradient));
        DirectConvolution.Backward(delta, x, weights, weightGradient, biasGradient, inputGradient, shape);
    }

    /// <summary>
    /// Copies every window of <paramref name="samples"/> images into <paramref name="columns"/> (window size ×
    /// samples·rows·columns, row-major): row (c, i, j), column (s, y, x) holds in[s, c, y·stride + i − p, x·stride + j − p], 0
    /// outside the input.
    /// </summary>
    internal static void Im2Col<T>(ReadOnlySpan<T> x, int samples, in ConvolutionShape shape, Span<T> columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImageShape input = shape.Input, output = shape.Output;
        int plane = output.PlaneSize, width = samples * plane, stride = shape.Stride, pad = shape.Padding;
        for (int c = 0; c < input.Channels; c++)
        {
            for (int i = 0; i < shape.KernelHeight; i++)
            {
                for (int j = 0; j < shape.KernelWidth; j++)
                {
                    Span<T> row = columns.Slice(((c * shape.KernelHeight + i) * shape.KernelWidth + j) * width, width);
                    (int x0, int x1) = Inside(j, input.Width, output.Width, stride, pad);
                    for (int s = 0; s < samples; s++)
                    {
                        ReadOnlySpan<T> image = x.Slice(s * input.Size + c * input.PlaneSize, input.PlaneSize);
                        for (int oy = 0; oy < output.Height; oy++)
                        {
                            Span<T> target = row.Slice(s * plane + oy * output.Width, output.Width);
                            int iy = oy * stride + i - pad;
                            if (iy < 0 || iy >= input.Height || x0 >= x1)
                            {
                                target.Clear();
                                continue;
                            }

                            target[..x0].Clear();
                            target[x1..].Clear();
                            ReadOnlySpan<T> source = image.Slice(iy * input.Width, input.Width);
                            if (stride == 1)
                            {
                                source.Slice(x0 + j - pad, x1 - x0).CopyTo(target[x0..x1]);
                            }
                            else
                            {
                                for (int ox = x0; ox < x1; ox++) target[ox] = source[ox * stride + j - pad];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The reverse of <see cref="Im2Col{T}"/>: adds each column entry into the input position it was copied from.</summary>
    internal static void Col2ImAdd<T>(ReadOnlySpan<T> columns, int samples, in ConvolutionShape shape, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImageShape input = shape.Input, output = shape.Output;
        int plane = output.PlaneSize, width = samples * plane, stride = shape.Stride, pad = shape.Padding;
        for (int c = 0; c < input.Channels; c++)
        {
            for (int i = 0; i < shape.KernelHeight; i++)
            {
                for (int j = 0; j < shape.KernelWidth; j++)
                {
                    ReadOnlySpan<T> row = columns.Slice(((c * shape.KernelHeight + i) * shape.KernelWidth + j) * width, width);
                    (int x0, int x1) = Inside(j, input.Width, output.Width, stride, pad);
                    if (x0 >= x1) continue;
                    for (int s = 0; s < samples; s++)
                    {
                        Span<T> image = x.Slice(s * input.Size + c * input.PlaneSize, input.PlaneSize);
                        for (int oy = 0; oy < output.Height; oy++)
                        {
                            int iy = oy * stride + i - pad;
                            if (iy < 0 || iy >= input.Height) continue;
                            ReadOnlySpan<T> source = row.Slice(s * plane + oy * output.Width, output.Width);
                            Span<T> target = image.Slice(iy * input.Width, input.Width);
                            if (stride == 1)
                            {
                                Span<T> part = target.Slice(x0 + j - pad, x1 - x0);
                                TensorPrimitives.Add(part, source[x0..x1], part);
                            }
                            else
                            {
                                for (int ox = x0; ox < x1; ox++) target[ox * stride + j - pad] += source[ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output columns [x0, x1) whose window column <paramref name="j"/> falls inside the input (the others read padding).</summary>
    private static (int From, int To) Inside(int j, int inputWidth, int outputWidth, int stride, int pad)
    {
        // A window column deep in a wide padding may miss the input for every output: then the range is empty.
        int from = Math.Min(outputWidth, j < pad ? (pad - j + stride - 1) / stride : 0);
        int last = inputWidth - 1 + pad - j;
        int to = last < 0 ? 0 : Math.Min(outputWidth, last / stride + 1);
        return (from, Math.Max(from, to));
    }

    /// <summary>How many samples one group takes so that its scratch (<paramref name="rowsPerSample"/> rows of an output plane each) fits the budget.</summary>
    private static int GroupSize(in ConvolutionShape shape, int rowsPerSample) =>
        Math.Max(1, ScratchBudget / (rowsPerSample * shape.Output.PlaneSize));

    private static void CheckLengths(int batch, in ConvolutionShape shape, int inputs, int weights, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (shape.Filters < 1) throw new ArgumentException("Expected a convolution shape built by its constructor.", nameof(shape));
        if (inputs != batch * shape.Input.Size)
            throw new ArgumentException($"Expected inputs of {batch}×{shape.Input} = {batch * shape.Input.Size} numbers but got {inputs}.");
        if (weights != shape.Filters * shape.WindowSize)
            throw new ArgumentException($"Expected weights of {shape.Filters}×{shape.WindowSize} = {shape.Filters * shape.WindowSize} numbers but got {weights}.");
        if (outputs != batch * shape.Output.Size)
            throw new ArgumentException($"Expected outputs of {batch}×{shape.Output} = {batch * shape.Output.Size} numbers but got {outputs}.");
    }

    /// <summary>Tags im2col's per-thread scratch (<see cref="ThreadScratch{TOwner, T}"/>): the columns and gathered gradients.</summary>
    private struct Im2ColScratch;
}
