using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DslNets.Kernels;

/// <summary>
/// Stride-1 convolution of one sample computed directly, without im2col: the input is copied once into a zero-padded
/// plane per channel (PH×PW, followed by zero slack), and the output is computed on the padded grid's full width, so
/// output position (y, x) is entry y·PW + x of a flat row of OH·PW positions and every window term (c, i, j) is one
/// contiguous run of that row shifted by c·stride + i·PW + j. Each term is then a SIMD multiply-add over whole vectors;
/// the PW − OW columns past each output row are computed and dropped (in the backward pass their Δ is zero). Register
/// blocks of 4 filters × 4 vectors (forward; 2 filters for the last one or two) and 3 terms × 4 vectors (input gradient,
/// scattered back onto the padded image) keep the loads below the multiply-adds. The weight gradient of a layer with two
/// vectors of filters or more runs across the filters instead (Δ transposed to position-major, 6 terms × 2 vectors of
/// filters, broadcast inputs): over the output's own positions, so without the dropped columns and without a lane sum per
/// weight; with fewer filters it takes 4 filters × 3 terms across the full-width grid. Used for one sample (the generated per-sample code) and, sample by sample on both
/// cores, for batches (<see cref="ConvolutionKernels"/>).
/// </summary>
internal static class DirectConvolution
{
    /// <summary>Vectors per position block.</summary>
    private const int Blocks = 4;

    /// <summary>The padded full-width grid of one stride-1 convolution.</summary>
    internal readonly struct Grid
    {
        public Grid(in ConvolutionShape shape, int lanes)
        {
            PaddedWidth = shape.Input.Width + 2 * shape.Padding;
            PaddedHeight = shape.Input.Height + 2 * shape.Padding;
            int used = shape.Output.Height * PaddedWidth;
            int block = Blocks * lanes;
            Positions = (used + block - 1) / block * block;
            // Reads of a channel run at most KW − 1 + (Positions − used) past its padded plane: they land in zero slack.
            ChannelStride = PaddedHeight * PaddedWidth + (Positions - used) + shape.KernelWidth + lanes;
            Taps = shape.WindowSize;
        }

        /// <summary>W + 2p.</summary>
        public int PaddedWidth { get; }

        /// <summary>H + 2p.</summary>
        public int PaddedHeight { get; }

        /// <summary>OH·PW rounded up to whole position blocks.</summary>
        public int Positions { get; }

        /// <summary>Numbers between two channels of the padded input (a plane and its slack).</summary>
        public int ChannelStride { get; }

        /// <summary>C·KH·KW.</summary>
        public int Taps { get; }
    }

    /// <summary>True when the direct kernels apply: stride 1 and SIMD of at least 4 lanes.</summary>
    public static bool Applies<T>(in ConvolutionShape shape) where T : unmanaged =>
        shape.Stride == 1 && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported;

    /// <summary>y = W ⊛ x + b for one sample (b empty: none).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> y, in ConvolutionShape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var grid = new Grid(shape, Vector256<T>.Count);
        int filters = shape.Filters;
        Span<T> scratch = ThreadScratch<SampleScratch, T>.Get(shape.Input.Channels * grid.ChannelStride + filters * grid.Positions);
        Span<T> padded = scratch[..(shape.Input.Channels * grid.ChannelStride)];
        Span<T> product = scratch.Slice(padded.Length, filters * grid.Positions);
        Pad(x, padded, shape, grid);
        Span<int> offsets = Offsets(shape, grid);
        ref T p = ref MemoryMarshal.GetReference(padded);
        ref T w = ref MemoryMarshal.GetReference(weights);
        ref T acc = ref MemoryMarshal.GetReference(product);
        ref int off = ref MemoryMarshal.GetReference(offsets);
        int step = Blocks * Vector256<T>.Count;
        for (int f0 = 0; f0 < filters; f0 += 4)
        {
            // One or two filters left take the narrower block rather than repeating the last filter.
            bool narrow = filters - f0 <= 2;
            for (int j0 = 0; j0 < grid.Positions; j0 += step)
            {
                if (narrow) ForwardBlock2(ref p, ref w, ref off, ref acc, f0, filters, j0, grid);
                else ForwardBlock(ref p, ref w, ref off, ref acc, f0, filters, j0, grid);
            }
        }

        // Keep the OW valid columns of every output row, adding the bias.
        ImageShape output = shape.Output;
        for (int f = 0; f < filters; f++)
        {
            T b = bias.IsEmpty ? T.Zero : bias[f];
            for (int oy = 0; oy < output.Height; oy++)
            {
                CopyAdd(ref Unsafe.Add(ref acc, f * grid.Positions + oy * grid.PaddedWidth),
                    ref MemoryMarshal.GetReference(y.Slice((f * output.Height + oy) * output.Width, output.Width)), output.Width, b);
            }
        }
    }

    /// <summary>
    /// The backward pass of one sample: dW += Δ ⊛ x, db += Σ Δ (unless empty), and ∂loss/∂x into
    /// <paramref name="inputGradient"/> (overwritten; unless empty).
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, ReadOnlySpan<T> weights, Span<T> weightGradient, Span<T> biasGradient,
        Span<T> inputGradient, in ConvolutionShape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var grid = new Grid(shape, Vector256<T>.Count);
        int filters = shape.Filters, channels = shape.Input.Channels;
        ImageShape output = shape.Output;
        bool input = !inputGradient.IsEmpty;
        int lanes = Vector256<T>.Count;
        // Two vectors of filters or more: the weight gradient runs across the filters, one lane each, over the output's
        // own positions (no dropped columns, no lane sums). Fewer filters would leave most lanes idle: then it runs across
        // the positions of the full-width grid, four filters by three window terms at a time.
        bool byFilter = filters >= 2 * lanes;
        int filterWidth = (filters + lanes - 1) / lanes * lanes;
        int plane = output.PlaneSize;
        int paddedLength = channels * grid.ChannelStride;
        int transposedLength = byFilter ? plane * filterWidth + grid.Taps * filterWidth : 0;
        int spreadLength = input || !byFilter ? filters * grid.Positions : 0;
        Span<T> scratch = ThreadScratch<SampleScratch, T>.Get(paddedLength * (input ? 2 : 1) + transposedLength + spreadLength);
        Span<T> padded = scratch[..paddedLength];
        Span<T> spread = scratch.Slice(paddedLength + transposedLength, spreadLength);
        Pad(x, padded, shape, grid);
        if (!biasGradient.IsEmpty)
        {
            for (int f = 0; f < filters; f++) biasGradient[f] += System.Numerics.Tensors.TensorPrimitives.Sum(delta.Slice(f * plane, plane));
        }

        if (spreadLength > 0)
        {
            // Δ on the full-width grid: zero in the dropped columns and the tail, so they add nothing.
            spread.Clear();
            for (int f = 0; f < filters; f++)
            {
                for (int oy = 0; oy < output.Height; oy++)
                {
                    CopyAdd(ref MemoryMarshal.GetReference(delta.Slice((f * output.Height + oy) * output.Width, output.Width)),
                        ref MemoryMarshal.GetReference(spread.Slice(f * grid.Positions + oy * grid.PaddedWidth, output.Width)), output.Width, T.Zero);
                }
            }
        }

        Span<int> offsets = Offsets(shape, grid);
        ref T p = ref MemoryMarshal.GetReference(padded);
        ref T d = ref MemoryMarshal.GetReference(spread);
        ref int off = ref MemoryMarshal.GetReference(offsets);
        if (byFilter) WeightGradientByFilter(delta, weightGradient, scratch.Slice(paddedLength, transposedLength), ref p, ref off, filterWidth, output, grid);
        else
        {
            ref T dw = ref MemoryMarshal.GetReference(weightGradient);
            for (int f0 = 0; f0 < filters; f0 += 4)
            {
                bool narrow = filters - f0 <= 2;
                for (int k0 = 0; k0 < grid.Taps; k0 += 3)
                {
                    if (narrow) WeightBlock2(ref p, ref d, ref off, ref dw, f0, filters, k0, grid);
                    else WeightBlock(ref p, ref d, ref off, ref dw, f0, filters, k0, grid);
                }
            }
        }

        if (!input) return;
        Span<T> back = scratch.Slice(paddedLength + transposedLength + spreadLength, paddedLength);
        back.Clear();
        ref T g = ref MemoryMarshal.GetReference(back);
        ref T w = ref MemoryMarshal.GetReference(weights);
        int window = shape.KernelHeight * shape.KernelWidth;
        int step = Blocks * Vector256<T>.Count;
        for (int c = 0; c < channels; c++)
        {
            for (int t0 = 0; t0 < window; t0 += 3)
            {
                for (int j0 = 0; j0 < grid.Positions; j0 += step) InputBlock(ref d, ref w, ref off, ref g, c, t0, window, filters, j0, grid);
            }
        }

        Unpad(back, inputGradient, shape, grid);
    }

    /// <summary>
    /// dW += Δ ⊛ x across the filters: Δ is laid out position-major (a row of <paramref name="filterWidth"/> per output
    /// position, zero past the last filter), each block of window terms gathers vector sums over the output's positions
    /// into <paramref name="scratch"/>'s tap-major rows, and those are added into the filter-major weight gradient.
    /// </summary>
    private static void WeightGradientByFilter<T>(ReadOnlySpan<T> delta, Span<T> weightGradient, Span<T> scratch, ref T p, ref int off, int filterWidth,
        ImageShape output, in Grid grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, filters = delta.Length / output.PlaneSize, plane = output.PlaneSize, taps = grid.Taps;
        Span<T> deltaByPosition = scratch[..(plane * filterWidth)];
        Span<T> weightsByTap = scratch.Slice(plane * filterWidth, taps * filterWidth);
        Transpose(delta, deltaByPosition, filters, plane, filterWidth);
        ref T dt = ref MemoryMarshal.GetReference(deltaByPosition);
        ref T wt = ref MemoryMarshal.GetReference(weightsByTap);
        int vectors = filterWidth / lanes;
        for (int v0 = 0; v0 < vectors; v0 += 2)
        {
            if (vectors - v0 >= 2)
            {
                for (int k0 = 0; k0 < taps; k0 += 6) WeightTapBlock6x2(ref p, ref dt, ref off, ref wt, k0, v0 * lanes, filterWidth, output, grid);
            }
            else
            {
                for (int k0 = 0; k0 < taps; k0 += 6) WeightTapBlock6x1(ref p, ref dt, ref off, ref wt, k0, v0 * lanes, filterWidth, output, grid);
            }
        }

        for (int f = 0; f < filters; f++)
        {
            Span<T> row = weightGradient.Slice(f * taps, taps);
            for (int k = 0; k < taps; k++) row[k] += weightsByTap[k * filterWidth + f];
        }
    }

    /// <summary>
    /// <paramref name="target"/>[j·<paramref name="width"/> + f] = <paramref name="source"/>[f·<paramref name="count"/> + j],
    /// zero for the filters past the last.
    /// </summary>
    private static void Transpose<T>(ReadOnlySpan<T> source, Span<T> target, int filters, int count, int width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T from = ref MemoryMarshal.GetReference(source);
        ref T to = ref MemoryMarshal.GetReference(target);
        for (int j = 0; j < count; j++)
        {
            ref T row = ref Unsafe.Add(ref to, j * width);
            int f = 0;
            for (; f < filters; f++) Unsafe.Add(ref row, f) = Unsafe.Add(ref from, f * count + j);
            for (; f < width; f++) Unsafe.Add(ref row, f) = T.Zero;
        }
    }

    /// <summary>Copies x into the padded planes (zero border and slack).</summary>
    private static void Pad<T>(ReadOnlySpan<T> x, Span<T> padded, in ConvolutionShape shape, in Grid grid) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImageShape input = shape.Input;
        int pad = shape.Padding;
        padded.Clear();
        for (int c = 0; c < input.Channels; c++)
        {
            for (int iy = 0; iy < input.Height; iy++)
            {
                x.Slice((c * input.Height + iy) * input.Width, input.Width)
                    .CopyTo(padded.Slice(c * grid.ChannelStride + (iy + pad) * grid.PaddedWidth + pad, input.Width));
            }
        }
    }

    /// <summary>The interior of the padded planes, into the input's layout.</summary>
    private static void Unpad<T>(ReadOnlySpan<T> padded, Span<T> x, in ConvolutionShape shape, in Grid grid) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImageShape input = shape.Input;
        int pad = shape.Padding;
        for (int c = 0; c < input.Channels; c++)
        {
            for (int iy = 0; iy < input.Height; iy++)
            {
                padded.Slice(c * grid.ChannelStride + (iy + pad) * grid.PaddedWidth + pad, input.Width)
                    .CopyTo(x.Slice((c * input.Height + iy) * input.Width, input.Width));
            }
        }
    }

    /// <summary>The shift of window term (c, i, j) on the padded grid, for every term in the weights' order.</summary>
    private static Span<int> Offsets(in ConvolutionShape shape, in Grid grid)
    {
        Span<int> offsets = ThreadScratch<SampleScratch, int>.Get(grid.Taps);
        int k = 0;
        for (int c = 0; c < shape.Input.Channels; c++)
        {
            for (int i = 0; i < shape.KernelHeight; i++)
            {
                for (int j = 0; j < shape.KernelWidth; j++) offsets[k++] = c * grid.ChannelStride + i * grid.PaddedWidth + j;
            }
        }

        return offsets;
    }

    // acc[f0..f0+3][j0 .. j0 + 4 vectors) = Σ_k W[f, k] · padded[off[k] + j]; filters past the last repeat the last
    // (computed, never stored).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardBlock<T>(ref T p, ref T w, ref int off, ref T acc, int f0, int filters, int j0, in Grid grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, taps = grid.Taps;
        int f1 = Math.Min(f0 + 1, filters - 1), f2 = Math.Min(f0 + 2, filters - 1), f3 = Math.Min(f0 + 3, filters - 1);
        ref T w0 = ref Unsafe.Add(ref w, f0 * taps);
        ref T w1 = ref Unsafe.Add(ref w, f1 * taps);
        ref T w2 = ref Unsafe.Add(ref w, f2 * taps);
        ref T w3 = ref Unsafe.Add(ref w, f3 * taps);
        Vector256<T> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<T> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector256<T> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector256<T> a30 = default, a31 = default, a32 = default, a33 = default;
        for (int k = 0; k < taps; k++)
        {
            ref T src = ref Unsafe.Add(ref p, Unsafe.Add(ref off, k) + j0);
            Vector256<T> v0 = Vector256.LoadUnsafe(ref src);
            Vector256<T> v1 = Vector256.LoadUnsafe(ref src, (nuint)lanes);
            Vector256<T> v2 = Vector256.LoadUnsafe(ref src, (nuint)(2 * lanes));
            Vector256<T> v3 = Vector256.LoadUnsafe(ref src, (nuint)(3 * lanes));
            Vector256<T> c = Vector256.Create(Unsafe.Add(ref w0, k));
            a00 = Fma(v0, c, a00); a01 = Fma(v1, c, a01); a02 = Fma(v2, c, a02); a03 = Fma(v3, c, a03);
            c = Vector256.Create(Unsafe.Add(ref w1, k));
            a10 = Fma(v0, c, a10); a11 = Fma(v1, c, a11); a12 = Fma(v2, c, a12); a13 = Fma(v3, c, a13);
            c = Vector256.Create(Unsafe.Add(ref w2, k));
            a20 = Fma(v0, c, a20); a21 = Fma(v1, c, a21); a22 = Fma(v2, c, a22); a23 = Fma(v3, c, a23);
            c = Vector256.Create(Unsafe.Add(ref w3, k));
            a30 = Fma(v0, c, a30); a31 = Fma(v1, c, a31); a32 = Fma(v2, c, a32); a33 = Fma(v3, c, a33);
        }

        Store4(ref Unsafe.Add(ref acc, f0 * grid.Positions + j0), a00, a01, a02, a03);
        if (f0 + 1 < filters) Store4(ref Unsafe.Add(ref acc, (f0 + 1) * grid.Positions + j0), a10, a11, a12, a13);
        if (f0 + 2 < filters) Store4(ref Unsafe.Add(ref acc, (f0 + 2) * grid.Positions + j0), a20, a21, a22, a23);
        if (f0 + 3 < filters) Store4(ref Unsafe.Add(ref acc, (f0 + 3) * grid.Positions + j0), a30, a31, a32, a33);
    }

    // ForwardBlock for the last one or two filters.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardBlock2<T>(ref T p, ref T w, ref int off, ref T acc, int f0, int filters, int j0, in Grid grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, taps = grid.Taps;
        ref T w0 = ref Unsafe.Add(ref w, f0 * taps);
        ref T w1 = ref Unsafe.Add(ref w, Math.Min(f0 + 1, filters - 1) * taps);
        Vector256<T> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<T> a10 = default, a11 = default, a12 = default, a13 = default;
        for (int k = 0; k < taps; k++)
        {
            ref T src = ref Unsafe.Add(ref p, Unsafe.Add(ref off, k) + j0);
            Vector256<T> v0 = Vector256.LoadUnsafe(ref src);
            Vector256<T> v1 = Vector256.LoadUnsafe(ref src, (nuint)lanes);
            Vector256<T> v2 = Vector256.LoadUnsafe(ref src, (nuint)(2 * lanes));
            Vector256<T> v3 = Vector256.LoadUnsafe(ref src, (nuint)(3 * lanes));
            Vector256<T> c = Vector256.Create(Unsafe.Add(ref w0, k));
            a00 = Fma(v0, c, a00); a01 = Fma(v1, c, a01); a02 = Fma(v2, c, a02); a03 = Fma(v3, c, a03);
            c = Vector256.Create(Unsafe.Add(ref w1, k));
            a10 = Fma(v0, c, a10); a11 = Fma(v1, c, a11); a12 = Fma(v2, c, a12); a13 = Fma(v3, c, a13);
        }

        Store4(ref Unsafe.Add(ref acc, f0 * grid.Positions + j0), a00, a01, a02, a03);
        if (f0 + 1 < filters) Store4(ref Unsafe.Add(ref acc, (f0 + 1) * grid.Positions + j0), a10, a11, a12, a13);
    }

    // WeightBlock for the last one or two filters.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightBlock2<T>(ref T p, ref T d, ref int off, ref T dw, int f0, int filters, int k0, in Grid grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, taps = grid.Taps, positions = grid.Positions;
        ref T d0 = ref Unsafe.Add(ref d, f0 * positions);
        ref T d1 = ref Unsafe.Add(ref d, Math.Min(f0 + 1, filters - 1) * positions);
        ref T x0 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, k0));
        ref T x1 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 1, taps - 1)));
        ref T x2 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 2, taps - 1)));
        Vector256<T> a00 = default, a01 = default, a02 = default;
        Vector256<T> a10 = default, a11 = default, a12 = default;
        for (int j = 0; j < positions; j += lanes)
        {
            nuint at = (nuint)j;
            Vector256<T> v0 = Vector256.LoadUnsafe(ref x0, at);
            Vector256<T> v1 = Vector256.LoadUnsafe(ref x1, at);
            Vector256<T> v2 = Vector256.LoadUnsafe(ref x2, at);
            Vector256<T> e = Vector256.LoadUnsafe(ref d0, at);
            a00 = Fma(e, v0, a00); a01 = Fma(e, v1, a01); a02 = Fma(e, v2, a02);
            e = Vector256.LoadUnsafe(ref d1, at);
            a10 = Fma(e, v0, a10); a11 = Fma(e, v1, a11); a12 = Fma(e, v2, a12);
        }

        AddSums(ref Unsafe.Add(ref dw, f0 * taps + k0), taps - k0, a00, a01, a02);
        if (f0 + 1 < filters) AddSums(ref Unsafe.Add(ref dw, (f0 + 1) * taps + k0), taps - k0, a10, a11, a12);
    }

    // dW[f0..f0+3][k0..k0+2] += Σ_j Δ[f][j] · padded[off[k] + j]; past the last filter or term: computed, not stored.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightBlock<T>(ref T p, ref T d, ref int off, ref T dw, int f0, int filters, int k0, in Grid grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, taps = grid.Taps, positions = grid.Positions;
        int f1 = Math.Min(f0 + 1, filters - 1), f2 = Math.Min(f0 + 2, filters - 1), f3 = Math.Min(f0 + 3, filters - 1);
        ref T d0 = ref Unsafe.Add(ref d, f0 * positions);
        ref T d1 = ref Unsafe.Add(ref d, f1 * positions);
        ref T d2 = ref Unsafe.Add(ref d, f2 * positions);
        ref T d3 = ref Unsafe.Add(ref d, f3 * positions);
        ref T x0 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, k0));
        ref T x1 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 1, taps - 1)));
        ref T x2 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 2, taps - 1)));
        Vector256<T> a00 = default, a01 = default, a02 = default;
        Vector256<T> a10 = default, a11 = default, a12 = default;
        Vector256<T> a20 = default, a21 = default, a22 = default;
        Vector256<T> a30 = default, a31 = default, a32 = default;
        for (int j = 0; j < positions; j += lanes)
        {
            nuint at = (nuint)j;
            Vector256<T> v0 = Vector256.LoadUnsafe(ref x0, at);
            Vector256<T> v1 = Vector256.LoadUnsafe(ref x1, at);
            Vector256<T> v2 = Vector256.LoadUnsafe(ref x2, at);
            Vector256<T> e = Vector256.LoadUnsafe(ref d0, at);
            a00 = Fma(e, v0, a00); a01 = Fma(e, v1, a01); a02 = Fma(e, v2, a02);
            e = Vector256.LoadUnsafe(ref d1, at);
            a10 = Fma(e, v0, a10); a11 = Fma(e, v1, a11); a12 = Fma(e, v2, a12);
            e = Vector256.LoadUnsafe(ref d2, at);
            a20 = Fma(e, v0, a20); a21 = Fma(e, v1, a21); a22 = Fma(e, v2, a22);
            e = Vector256.LoadUnsafe(ref d3, at);
            a30 = Fma(e, v0, a30); a31 = Fma(e, v1, a31); a32 = Fma(e, v2, a32);
        }

        AddSums(ref Unsafe.Add(ref dw, f0 * taps + k0), taps - k0, a00, a01, a02);
        if (f0 + 1 < filters) AddSums(ref Unsafe.Add(ref dw, (f0 + 1) * taps + k0), taps - k0, a10, a11, a12);
        if (f0 + 2 < filters) AddSums(ref Unsafe.Add(ref dw, (f0 + 2) * taps + k0), taps - k0, a20, a21, a22);
        if (f0 + 3 < filters) AddSums(ref Unsafe.Add(ref dw, (f0 + 3) * taps + k0), taps - k0, a30, a31, a32);
    }

    // dWᵀ[k0..k0+5][f0 .. f0 + 2 vectors) = Σ over output positions of padded[off[k] + position] · Δᵀ[position][f]; terms past
    // the last are computed from the last one's offset and not stored.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightTapBlock6x2<T>(ref T p, ref T dt, ref int off, ref T wt, int k0, int f0, int filterWidth, ImageShape output, in Grid grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, last = grid.Taps - 1;
        ref T x0 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, k0));
        ref T x1 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 1, last)));
        ref T x2 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 2, last)));
        ref T x3 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 3, last)));
        ref T x4 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 4, last)));
        ref T x5 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 5, last)));
        Vector256<T> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default;
        Vector256<T> a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default;
        ref T row = ref Unsafe.Add(ref dt, f0);
        for (int oy = 0; oy < output.Height; oy++)
        {
            int start = oy * grid.PaddedWidth;
            for (int ox = 0; ox < output.Width; ox++)
            {
                int at = start + ox;
                Vector256<T> e0 = Vector256.LoadUnsafe(ref row);
                Vector256<T> e1 = Vector256.LoadUnsafe(ref row, (nuint)lanes);
                row = ref Unsafe.Add(ref row, filterWidth);
                Vector256<T> v = Vector256.Create(Unsafe.Add(ref x0, at));
                a00 = Fma(e0, v, a00); a01 = Fma(e1, v, a01);
                v = Vector256.Create(Unsafe.Add(ref x1, at));
                a10 = Fma(e0, v, a10); a11 = Fma(e1, v, a11);
                v = Vector256.Create(Unsafe.Add(ref x2, at));
                a20 = Fma(e0, v, a20); a21 = Fma(e1, v, a21);
                v = Vector256.Create(Unsafe.Add(ref x3, at));
                a30 = Fma(e0, v, a30); a31 = Fma(e1, v, a31);
                v = Vector256.Create(Unsafe.Add(ref x4, at));
                a40 = Fma(e0, v, a40); a41 = Fma(e1, v, a41);
                v = Vector256.Create(Unsafe.Add(ref x5, at));
                a50 = Fma(e0, v, a50); a51 = Fma(e1, v, a51);
            }
        }

        int count = Math.Min(6, grid.Taps - k0);
        ref T target = ref Unsafe.Add(ref wt, k0 * filterWidth + f0);
        Store2(ref target, a00, a01);
        if (count > 1) Store2(ref Unsafe.Add(ref target, filterWidth), a10, a11);
        if (count > 2) Store2(ref Unsafe.Add(ref target, 2 * filterWidth), a20, a21);
        if (count > 3) Store2(ref Unsafe.Add(ref target, 3 * filterWidth), a30, a31);
        if (count > 4) Store2(ref Unsafe.Add(ref target, 4 * filterWidth), a40, a41);
        if (count > 5) Store2(ref Unsafe.Add(ref target, 5 * filterWidth), a50, a51);
    }

    // WeightTapBlock6x2 for a last single vector of filters.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightTapBlock6x1<T>(ref T p, ref T dt, ref int off, ref T wt, int k0, int f0, int filterWidth, ImageShape output, in Grid grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int last = grid.Taps - 1;
        ref T x0 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, k0));
        ref T x1 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 1, last)));
        ref T x2 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 2, last)));
        ref T x3 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 3, last)));
        ref T x4 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 4, last)));
        ref T x5 = ref Unsafe.Add(ref p, Unsafe.Add(ref off, Math.Min(k0 + 5, last)));
        Vector256<T> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        ref T row = ref Unsafe.Add(ref dt, f0);
        for (int oy = 0; oy < output.Height; oy++)
        {
            int start = oy * grid.PaddedWidth;
            for (int ox = 0; ox < output.Width; ox++)
            {
                int at = start + ox;
                Vector256<T> e = Vector256.LoadUnsafe(ref row);
                row = ref Unsafe.Add(ref row, filterWidth);
                a0 = Fma(e, Vector256.Create(Unsafe.Add(ref x0, at)), a0);
                a1 = Fma(e, Vector256.Create(Unsafe.Add(ref x1, at)), a1);
                a2 = Fma(e, Vector256.Create(Unsafe.Add(ref x2, at)), a2);
                a3 = Fma(e, Vector256.Create(Unsafe.Add(ref x3, at)), a3);
                a4 = Fma(e, Vector256.Create(Unsafe.Add(ref x4, at)), a4);
                a5 = Fma(e, Vector256.Create(Unsafe.Add(ref x5, at)), a5);
            }
        }

        int count = Math.Min(6, grid.Taps - k0);
        ref T target = ref Unsafe.Add(ref wt, k0 * filterWidth + f0);
        StoreTap(ref target, 0, count, filterWidth, a0);
        StoreTap(ref target, 1, count, filterWidth, a1);
        StoreTap(ref target, 2, count, filterWidth, a2);
        StoreTap(ref target, 3, count, filterWidth, a3);
        StoreTap(ref target, 4, count, filterWidth, a4);
        StoreTap(ref target, 5, count, filterWidth, a5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTap<T>(ref T target, int tap, int count, int filterWidth, Vector256<T> sums) where T : unmanaged
    {
        if (tap < count) sums.StoreUnsafe(ref Unsafe.Add(ref target, tap * filterWidth));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store2<T>(ref T target, Vector256<T> a, Vector256<T> b) where T : unmanaged
    {
        a.StoreUnsafe(ref target);
        b.StoreUnsafe(ref target, (nuint)Vector256<T>.Count);
    }

    // back[c][off[t] + j] += Σ_f W[f, c, t] · Δ[f][j] for the window terms t0..t0+2 of channel c (a term past the
    // window is computed, not added) over one position block.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputBlock<T>(ref T d, ref T w, ref int off, ref T back, int c, int t0, int window, int filters, int j0, in Grid grid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count, taps = grid.Taps, positions = grid.Positions;
        int t1 = Math.Min(t0 + 1, window - 1), t2 = Math.Min(t0 + 2, window - 1);
        ref T wc = ref Unsafe.Add(ref w, c * window);
        Vector256<T> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<T> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector256<T> a20 = default, a21 = default, a22 = default, a23 = default;
        for (int f = 0; f < filters; f++)
        {
            ref T src = ref Unsafe.Add(ref d, f * positions + j0);
            Vector256<T> v0 = Vector256.LoadUnsafe(ref src);
            Vector256<T> v1 = Vector256.LoadUnsafe(ref src, (nuint)lanes);
            Vector256<T> v2 = Vector256.LoadUnsafe(ref src, (nuint)(2 * lanes));
            Vector256<T> v3 = Vector256.LoadUnsafe(ref src, (nuint)(3 * lanes));
            ref T wf = ref Unsafe.Add(ref wc, f * taps);
            Vector256<T> k = Vector256.Create(Unsafe.Add(ref wf, t0));
            a00 = Fma(v0, k, a00); a01 = Fma(v1, k, a01); a02 = Fma(v2, k, a02); a03 = Fma(v3, k, a03);
            k = Vector256.Create(Unsafe.Add(ref wf, t1));
            a10 = Fma(v0, k, a10); a11 = Fma(v1, k, a11); a12 = Fma(v2, k, a12); a13 = Fma(v3, k, a13);
            k = Vector256.Create(Unsafe.Add(ref wf, t2));
            a20 = Fma(v0, k, a20); a21 = Fma(v1, k, a21); a22 = Fma(v2, k, a22); a23 = Fma(v3, k, a23);
        }

        int first = c * window;
        AddTo4(ref Unsafe.Add(ref back, Unsafe.Add(ref off, first + t0) + j0), a00, a01, a02, a03);
        if (t0 + 1 < window) AddTo4(ref Unsafe.Add(ref back, Unsafe.Add(ref off, first + t1) + j0), a10, a11, a12, a13);
        if (t0 + 2 < window) AddTo4(ref Unsafe.Add(ref back, Unsafe.Add(ref off, first + t2) + j0), a20, a21, a22, a23);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
        {
            if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
            if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        }

        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4<T>(ref T target, Vector256<T> a, Vector256<T> b, Vector256<T> c, Vector256<T> d) where T : unmanaged
    {
        int lanes = Vector256<T>.Count;
        a.StoreUnsafe(ref target);
        b.StoreUnsafe(ref target, (nuint)lanes);
        c.StoreUnsafe(ref target, (nuint)(2 * lanes));
        d.StoreUnsafe(ref target, (nuint)(3 * lanes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo4<T>(ref T target, Vector256<T> a, Vector256<T> b, Vector256<T> c, Vector256<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        (Vector256.LoadUnsafe(ref target) + a).StoreUnsafe(ref target);
        (Vector256.LoadUnsafe(ref target, (nuint)lanes) + b).StoreUnsafe(ref target, (nuint)lanes);
        (Vector256.LoadUnsafe(ref target, (nuint)(2 * lanes)) + c).StoreUnsafe(ref target, (nuint)(2 * lanes));
        (Vector256.LoadUnsafe(ref target, (nuint)(3 * lanes)) + d).StoreUnsafe(ref target, (nuint)(3 * lanes));
    }

    /// <summary>Adds the lane sums of up to three accumulators to consecutive entries (<paramref name="room"/> of them exist).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSums<T>(ref T target, int room, Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        target += Vector256.Sum(a);
        if (room > 1) Unsafe.Add(ref target, 1) += Vector256.Sum(b);
        if (room > 2) Unsafe.Add(ref target, 2) += Vector256.Sum(c);
    }

    /// <summary>target[0..count) = source[0..count) + b, by whole vectors where the row allows (overlapping the last).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyAdd<T>(ref T source, ref T target, int count, T b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        if (count < lanes)
        {
            for (int i = 0; i < count; i++) Unsafe.Add(ref target, i) = Unsafe.Add(ref source, i) + b;
            return;
        }

        Vector256<T> bias = Vector256.Create(b);
        int last = count - lanes;
        for (int i = 0; i < last; i += lanes) (Vector256.LoadUnsafe(ref source, (nuint)i) + bias).StoreUnsafe(ref target, (nuint)i);
        (Vector256.LoadUnsafe(ref source, (nuint)last) + bias).StoreUnsafe(ref target, (nuint)last);
    }

    /// <summary>Tags this kernel's per-thread scratch (<see cref="ThreadScratch{TOwner, T}"/>).</summary>
    private struct SampleScratch;
}
