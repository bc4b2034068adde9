using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DslNets.Kernels;

/// <summary>
/// Max and average pooling of a batch (PyTorch's MaxPool2d and AvgPool2d without padding) over size×size windows with a
/// stride: X is batch×channels×height×width, Y and Δ = ∂loss/∂Y batch×channels×rows×columns with rows = ⌊(H − size)/stride⌋ + 1.
/// Max pooling routes each gradient to the window's first largest entry (a NaN counts as largest, as in PyTorch).
/// </summary>
public static unsafe class PoolingKernels
{
    /// <summary>Planes from which a batch is split across both cores (below, handing over costs more than it saves).</summary>
    private const int SplitFromPlanes = 64;

    /// <summary>Chunks of planes per split: a few more than cores, so a core slowed by another process costs little.</summary>
    private const int Chunks = 4;

    private struct Job<T>
        where T : unmanaged
    {
        public T* X, Y, Gradient;
        public ImageShape Input, Output;
        public int Size, Stride, Planes, PlanesPerChunk, NextChunk;
        public bool Max;
        public delegate*<ref Job<T>, int, int, void> Body;
    }

    // Every plane is independent, so the caller and the kernel worker take chunks of planes from a shared counter.
    private static void Split<T>(ref Job<T> job, int planes, delegate*<ref Job<T>, int, int, void> body)
        where T : unmanaged
    {
        job.Planes = planes;
        job.Body = body;
        job.PlanesPerChunk = (planes + Chunks - 1) / Chunks;
        fixed (Job<T>* state = &job)
        {
            if (planes < SplitFromPlanes || Environment.ProcessorCount < 2 || GemmThreading.Mode != GemmThreadingMode.Auto || !KernelWorker.TryAcquire(wait: false))
            {
                body(ref job, 0, planes);
                return;
            }

            try
            {
                KernelWorker.Post(&RunChunks<T>, state);
                try
                {
                    RunChunks<T>(state);
                }
                finally
                {
                    KernelWorker.Finish();
                }
            }
            finally
            {
                KernelWorker.Release();
            }
        }
    }

    private static int RunChunks<T>(void* state)
        where T : unmanaged
    {
        ref Job<T> job = ref *(Job<T>*)state;
        int chunk, done = 0;
        while ((chunk = Interlocked.Increment(ref job.NextChunk) - 1) < Chunks)
        {
            int first = chunk * job.PlanesPerChunk;
            if (first >= job.Planes) break;
            done++;
            job.Body(ref job, first, Math.Min(job.Planes, first + job.PlanesPerChunk));
        }

        return done;
    }

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
        fixed (T* px = x, py = y)
        {
            var job = new Job<T> { X = px, Y = py, Input = input, Output = output, Size = size, Stride = stride, Max = max };
            Split(ref job, batch * input.Channels, &ForwardPlanes<T>);
        }
    }

    private static void ForwardPlanes<T>(ref Job<T> job, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImageShape input = job.Input, output = job.Output;
        int size = job.Size, stride = job.Stride;
        bool max = job.Max;
        T share = T.One / T.CreateChecked(size * size);
        int width = input.Width;
        ref T xs = ref *job.X;
        ref T ys = ref *job.Y;
        for (int plane = first; plane < end; plane++)
        {
            ref T source = ref Unsafe.Add(ref xs, plane * input.PlaneSize);
            ref T target = ref Unsafe.Add(ref ys, plane * output.PlaneSize);
            for (int oy = 0; oy < output.Height; oy++)
            {
                ref T row = ref Unsafe.Add(ref source, oy * stride * width);
                ref T cells = ref Unsafe.Add(ref target, oy * output.Width);
                if (max && size == 2 && stride == 2 && typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && width >= 8 && width % 2 == 0)
                {
                    Max2x2Row(ref Unsafe.As<T, float>(ref row), ref Unsafe.As<T, float>(ref cells), width);
                    continue;
                }

                if (max && size == 2 && stride == 2)
                {
                    // The common 2×2 window: four reads, the same first-largest rule as Largest.
                    for (int ox = 0; ox < output.Width; ox++)
                    {
                        ref T corner = ref Unsafe.Add(ref row, 2 * ox);
                        Unsafe.Add(ref cells, ox) = Unsafe.Add(ref corner, Largest2(ref corner, width));
                    }

                    continue;
                }

                for (int ox = 0; ox < output.Width; ox++)
                {
                    ref T corner = ref Unsafe.Add(ref row, ox * stride);
                    Unsafe.Add(ref cells, ox) = max ? Unsafe.Add(ref corner, Largest(ref corner, width, size)) : share * Sum(ref corner, width, size);
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
        fixed (T* px = x, pd = delta, pg = inputGradient)
        {
            var job = new Job<T> { X = px, Y = pd, Gradient = pg, Input = input, Output = output, Size = size, Stride = stride, Max = max };
            Split(ref job, batch * input.Channels, &BackwardPlanes<T>);
        }
    }

    /// <summary>
    /// <see cref="Backward{T}"/> of one sample on the calling thread (what the generated one-sample gradient calls): each
    /// window's gradient to its first largest entry (max) or in equal shares (mean); overwritten. A 2×2 max pool with
    /// stride 2 runs in SIMD without a branch per entry, so a data-dependent argmax costs no mispredicted branches.
    /// </summary>
    /// <param name="x">The layer's input, channels×height×width.</param>
    /// <param name="delta">Δ, channels×rows×columns.</param>
    /// <param name="inputGradient">Channels×height×width; overwritten.</param>
    /// <param name="input">The input image.</param>
    /// <param name="size">The window's side.</param>
    /// <param name="stride">The step between windows.</param>
    /// <param name="max">True for max pooling, false for average pooling.</param>
    public static void BackwardSample<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, Span<T> inputGradient, ImageShape input, int size, int stride, bool max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImageShape output = Output(input, size, stride);
        Check(1, input, output, x.Length, delta.Length);
        if (inputGradient.Length != x.Length) throw new ArgumentException($"Expected an input gradient of {x.Length} numbers but got {inputGradient.Length}.", nameof(inputGradient));
        fixed (T* px = x, pd = delta, pg = inputGradient)
        {
            var job = new Job<T> { X = px, Y = pd, Gradient = pg, Input = input, Output = output, Size = size, Stride = stride, Max = max };
            BackwardPlanes<T>(ref job, 0, input.Channels);
        }
    }

    private static void BackwardPlanes<T>(ref Job<T> job, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ImageShape input = job.Input, output = job.Output;
        int size = job.Size, stride = job.Stride;
        bool max = job.Max;
        T share = T.One / T.CreateChecked(size * size);
        int width = input.Width;
        ref T xs = ref *job.X;
        ref T ds = ref *job.Y;
        ref T gs = ref *job.Gradient;
        new Span<T>(job.Gradient + (nint)first * input.PlaneSize, (end - first) * input.PlaneSize).Clear();
        for (int plane = first; plane < end; plane++)
        {
            ref T source = ref Unsafe.Add(ref xs, plane * input.PlaneSize);
            ref T gradient = ref Unsafe.Add(ref ds, plane * output.PlaneSize);
            ref T target = ref Unsafe.Add(ref gs, plane * input.PlaneSize);
            bool rows = max && size == 2 && stride == 2 && SimdMax2x2Rows<T>(width);
            for (int oy = 0; oy < output.Height; oy++)
            {
                int rowStart = oy * stride * width;
                if (rows)
                {
                    MaxBackward2x2Row(ref Unsafe.Add(ref source, rowStart), ref Unsafe.Add(ref gradient, oy * output.Width), ref Unsafe.Add(ref target, rowStart), width);
                    continue;
                }

                for (int ox = 0; ox < output.Width; ox++)
                {
                    int corner = rowStart + ox * stride;
                    T g = Unsafe.Add(ref gradient, oy * output.Width + ox);
                    if (max)
                    {
                        ref T window = ref Unsafe.Add(ref source, corner);
                        int best = size == 2 && stride == 2 ? Largest2(ref window, width) : Largest(ref window, width, size);
                        Unsafe.Add(ref target, corner + best) += g;
                        continue;
                    }

                    T part = g * share;
                    for (int i = 0; i < size; i++)
                    {
                        for (int j = 0; j < size; j++) Unsafe.Add(ref target, corner + i * width + j) += part;
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

    /// <summary>
    /// One output row of a 2×2 max pool with stride 2 in float SIMD: the larger of the two input rows, then of each pair
    /// of neighbours, the pair maxima gathered into the low half. Vector256.Max propagates a NaN, as the scalar rule does;
    /// only the sign of a zero tied with a zero may differ from the scalar first-largest pick.
    /// </summary>
    private static void Max2x2Row(ref float row, ref float cells, int width)
    {
        ref float below = ref Unsafe.Add(ref row, width);
        Vector256<int> swap = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
        Vector256<int> evens = Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6);
        // Whole vectors of 8 inputs (4 outputs); the last one overlaps the one before when the row is not a multiple of 8.
        int last = width - 8;
        for (int i = 0; ; i += 8)
        {
            if (i > last) i = last;
            Vector256<float> m = Vector256.Max(Vector256.LoadUnsafe(ref row, (nuint)i), Vector256.LoadUnsafe(ref below, (nuint)i));
            m = Vector256.Max(m, Vector256.Shuffle(m, swap));
            Vector256.Shuffle(m, evens).GetLower().StoreUnsafe(ref cells, (nuint)(i / 2));
            if (i == last) break;
        }
    }

    /// <summary>True when <see cref="MaxBackward2x2Row{T}"/> takes rows of this width: float or double SIMD, even width of a vector or more.</summary>
    private static bool SimdMax2x2Rows<T>(int width) where T : unmanaged =>
        (typeof(T) == typeof(float) || typeof(T) == typeof(double)) && Vector256.IsHardwareAccelerated && width % 2 == 0 && width >= Vector256<T>.Count;

    /// <summary>
    /// The input gradient of one output row of a 2×2 max pool with stride 2 (two input rows, assigned): each cell to its
    /// window's first largest entry in row-major order, a NaN counting as largest, exactly as <see cref="Largest2{T}"/> picks
    /// it; zero elsewhere. Pairs stay interleaved: the even lanes hold each window's left entries and, after a swap of
    /// neighbours, its right ones, so the argmax is a few compares and selects, with no branch on the data.
    /// </summary>
    private static void MaxBackward2x2Row<T>(ref T row, ref T cells, ref T target, int width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T below = ref Unsafe.Add(ref row, width);
        ref T targetBelow = ref Unsafe.Add(ref target, width);
        int lanes = Vector256<T>.Count;
        Vector256<T> evenLanes = typeof(T) == typeof(float)
            ? Vector256.Create(-1, 0, -1, 0, -1, 0, -1, 0).As<int, T>()
            : Vector256.Create(-1L, 0L, -1L, 0L).As<long, T>();
        // Whole vectors of the two rows; the last one overlaps the one before when the row is not a multiple of a vector
        // (the overlap is assigned twice with the same numbers).
        int last = width - lanes;
        for (int i = 0; ; i += lanes)
        {
            if (i > last) i = last;
            Vector256<T> a = Vector256.LoadUnsafe(ref row, (nuint)i);
            Vector256<T> c = Vector256.LoadUnsafe(ref below, (nuint)i);
            Vector256<T> b = SwapNeighbours(a), e = SwapNeighbours(c);
            // In the even lanes: a top-left, b top-right, c bottom-left, e bottom-right; a later entry wins when larger or NaN.
            Vector256<T> overB = Vector256.GreaterThan(b, a) | ~Vector256.Equals(b, b);
            Vector256<T> largest = Vector256.ConditionalSelect(overB, b, a);
            Vector256<T> overC = Vector256.GreaterThan(c, largest) | ~Vector256.Equals(c, c);
            largest = Vector256.ConditionalSelect(overC, c, largest);
            Vector256<T> takeE = Vector256.GreaterThan(e, largest) | ~Vector256.Equals(e, e);
            Vector256<T> takeC = Vector256.AndNot(overC, takeE);
            Vector256<T> takeB = Vector256.AndNot(Vector256.AndNot(overB, overC), takeE);
            Vector256<T> takeA = ~(overB | overC | takeE);
            Vector256<T> g = EachCellTwice(ref cells, i / 2);
            (Vector256.ConditionalSelect(evenLanes, takeA, SwapNeighbours(takeB)) & g).StoreUnsafe(ref target, (nuint)i);
            (Vector256.ConditionalSelect(evenLanes, takeC, SwapNeighbours(takeE)) & g).StoreUnsafe(ref targetBelow, (nuint)i);
            if (i == last) break;
        }
    }

    /// <summary>Lanes 0 and 1, 2 and 3, … exchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> SwapNeighbours<T>(Vector256<T> v) where T : unmanaged =>
        typeof(T) == typeof(float)
            ? Vector256.Shuffle(v.As<T, float>(), Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6)).As<float, T>()
            : Vector256.Shuffle(v.As<T, double>(), Vector256.Create(1L, 0L, 3L, 2L)).As<double, T>();

    /// <summary>Half a vector of cells from <paramref name="at"/>, each repeated in two neighbouring lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> EachCellTwice<T>(ref T cells, int at) where T : unmanaged
    {
        Vector128<T> half = Vector128.LoadUnsafe(ref cells, (nuint)at);
        Vector256<T> both = Vector256.Create(half, half);
        return typeof(T) == typeof(float)
            ? Vector256.Shuffle(both.As<T, float>(), Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3)).As<float, T>()
            : Vector256.Shuffle(both.As<T, double>(), Vector256.Create(0L, 0L, 1L, 1L)).As<double, T>();
    }

    // Offset (from the window's corner) of the window's first largest entry, in row-major order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Largest<T>(ref T corner, int width, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        T max = corner;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                T v = Unsafe.Add(ref corner, i * width + j);
                if (v > max || T.IsNaN(v))
                {
                    max = v;
                    best = i * width + j;
                }
            }
        }

        return best;
    }

    // Largest for a 2×2 window, unrolled.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Largest2<T>(ref T corner, int width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        T max = corner;
        T v = Unsafe.Add(ref corner, 1);
        if (v > max || T.IsNaN(v)) { max = v; best = 1; }
        v = Unsafe.Add(ref corner, width);
        if (v > max || T.IsNaN(v)) { max = v; best = width; }
        v = Unsafe.Add(ref corner, width + 1);
        if (v > max || T.IsNaN(v)) best = width + 1;
        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Sum<T>(ref T corner, int width, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++) sum += Unsafe.Add(ref corner, i * width + j);
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
