using System.Numerics;

namespace DslNets.Kernels;

/// <summary>
/// The project's own general matrix product over row-major spans:
/// C (m×n) = alpha · op(A) · op(B) + beta · C, with op = identity or transpose and leading dimensions, in float
/// or double. Packed panels, cache blocking and a register-blocked Vector512 FMA micro-kernel (Vector256 and
/// scalar paths where AVX-512 or FMA is missing); large products run on both cores.
/// </summary>
/// <remarks>
/// Row-major: element (i, j) of a matrix with leading dimension ld is at index i·ld + j. When beta is zero, C is
/// written without being read, so it may hold anything (even NaN). Repeated products of the same size allocate
/// nothing: packing buffers are kept per thread. C must not overlap A or B. For the neural-network shapes see
/// <see cref="DenseKernels"/>.
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>
    /// C = alpha · op(A) · op(B) + beta · C on densely stored matrices (each leading dimension equals its
    /// stored width); every span must have exactly the length its shape gives.
    /// </summary>
    /// <param name="opA">Whether A is used as stored (m×k) or transposed (stored k×m).</param>
    /// <param name="opB">Whether B is used as stored (k×n) or transposed (stored n×k).</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="beta">Scale of the old C (0: C is overwritten).</param>
    /// <param name="c">C (m×n), row-major.</param>
    public static void Multiply<T>(MatrixOp opA, MatrixOp opB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, ReadOnlySpan<T> b, T beta, Span<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckDimensions(m, n, k);
        int lda = opA == MatrixOp.None ? k : m;
        int ldb = opB == MatrixOp.None ? n : k;
        if (opA == MatrixOp.None) RequireExact("A", a.Length, "m×k", m, k, "");
        else RequireExact("A", a.Length, "k×m", k, m, " (transposed)");
        if (opB == MatrixOp.None) RequireExact("B", b.Length, "k×n", k, n, "");
        else RequireExact("B", b.Length, "n×k", n, k, " (transposed)");
        RequireExact("C", c.Length, "m×n", m, n, "");
        Multiply(opA, opB, m, n, k, alpha, a, Math.Max(1, lda), b, Math.Max(1, ldb), beta, c, Math.Max(1, n));
    }

    /// <summary>
    /// C = alpha · op(A) · op(B) + beta · C with leading dimensions (BLAS sgemm/dgemm in row-major form). Each span
    /// must hold at least the elements its shape and leading dimension reach.
    /// </summary>
    /// <param name="opA">Whether A is used as stored (m×k) or transposed (stored k×m).</param>
    /// <param name="opB">Whether B is used as stored (k×n) or transposed (stored n×k).</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Leading dimension of A: at least its stored width (k, or m if transposed).</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="ldb">Leading dimension of B: at least its stored width (n, or k if transposed).</param>
    /// <param name="beta">Scale of the old C (0: C is overwritten without being read).</param>
    /// <param name="c">C (m×n), row-major.</param>
    /// <param name="ldc">Leading dimension of C: at least n.</param>
    public static void Multiply<T>(MatrixOp opA, MatrixOp opB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckDimensions(m, n, k);
        CheckOp(opA, nameof(opA));
        CheckOp(opB, nameof(opB));
        bool transA = opA == MatrixOp.Transpose;
        bool transB = opB == MatrixOp.Transpose;
        RequireStorage("A", a.Length, transA ? k : m, transA ? m : k, lda, nameof(lda), transA);
        RequireStorage("B", b.Length, transB ? n : k, transB ? k : n, ldb, nameof(ldb), transB);
        RequireStorage("C", c.Length, m, n, ldc, nameof(ldc), false);
        if (m == 0 || n == 0) return;
        if (c.Overlaps(a) || c.Overlaps(b))
            throw new ArgumentException("C must not overlap A or B: the product reads them while it writes C.", nameof(c));

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if (k == 0 || alpha == T.Zero)
            {
                ScaleOnly(pc, m, n, ldc, beta);
                return;
            }
            var problem = new GemmProblem<T>
            {
                A = pa,
                B = pb,
                C = pc,
                M = m,
                N = n,
                K = k,
                ARowStride = transA ? 1 : lda,
                ADepthStride = transA ? lda : 1,
                BColumnStride = transB ? ldb : 1,
                BDepthStride = transB ? 1 : ldb,
                Ldc = ldc,
                Alpha = alpha,
                Beta = beta,
                Path = GemmPaths.Resolve(),
            };
            Run(in problem);
        }
    }

    private static void Run<T>(in GemmProblem<T> problem)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = problem.M, n = problem.N;
        GemmThreadingMode mode = GemmThreading.Mode;
        int mr = GemmDriver.TileRows(problem.Path);
        int nr = GemmDriver.TileColumns<T>(problem.Path);
        bool required = mode is GemmThreadingMode.RequireSplit or GemmThreadingMode.RequireWorkerChunk;
        bool wanted = required
            || (mode == GemmThreadingMode.Auto && Environment.ProcessorCount > 1
                && 2.0 * m * n * problem.K >= GemmThreading.ParallelThresholdFlops);
        // Split the larger of m and n into chunks of whole micro-tiles: each chunk repacks only the smaller operand.
        bool byColumns = n >= m ? n > nr : m <= mr;
        int tile = byColumns ? nr : mr;
        int units = ((byColumns ? n : m) + tile - 1) / tile;
        if (!wanted || units < 2 || !KernelWorker.TryAcquire(wait: required))
        {
            GemmDriver.Run(in problem, 0, m, 0, n);
            return;
        }
        try
        {
            // At least two micro-tiles per chunk where possible: a chunk repacks the other operand whole.
            int chunks = Math.Clamp(units / 2, 2, ChunksPerSplit);
            int unitsPerChunk = (units + chunks - 1) / chunks;
            var job = new SplitJob<T>
            {
                Problem = problem,
                ByColumns = byColumns,
                ChunkWidth = unitsPerChunk * tile,
                ChunkCount = (units + unitsPerChunk - 1) / unitsPerChunk,
            };
            KernelWorker.Post(&RunChunks<T>, &job);
            int workerChunks;
            try
            {
                if (mode == GemmThreadingMode.RequireWorkerChunk) WaitForTheWorkersFirstChunk(ref job.NextChunk);
                RunChunks<T>(&job);
            }
            finally
            {
                workerChunks = KernelWorker.Finish();
            }
            GemmThreading.SplitCalls++;
            GemmThreading.WorkerChunks += workerChunks;
        }
        finally
        {
            KernelWorker.Release();
        }
    }

    /// <summary>
    /// Chunks a split product is cut into. Both threads take chunks from a shared counter, so when the other core
    /// is busy with another process the caller simply does more of them; four keeps the repacking of the shared
    /// operand small while still balancing.
    /// </summary>
    private const int ChunksPerSplit = 4;

    private struct SplitJob<T>
        where T : unmanaged
    {
        public GemmProblem<T> Problem;
        public bool ByColumns;
        public int ChunkWidth;
        public int ChunkCount;
        public int NextChunk;
    }

    /// <summary>
    /// Spins (yielding, then sleeping, so a worker sharing this core gets to run) until the worker has claimed a
    /// chunk. Only for <see cref="GemmThreadingMode.RequireWorkerChunk"/>: the posted job is never withdrawn before
    /// this returns, so the worker always claims it.
    /// </summary>
    private static void WaitForTheWorkersFirstChunk(ref int nextChunk)
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref nextChunk) == 0) spinner.SpinOnce();
    }

    /// <summary>Takes chunks from the shared counter until none are left; returns how many this thread computed.</summary>
    private static int RunChunks<T>(void* state)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref SplitJob<T> job = ref *(SplitJob<T>*)state;
        int chunk, done = 0;
        while ((chunk = Interlocked.Increment(ref job.NextChunk) - 1) < job.ChunkCount)
        {
            done++;
            int start = chunk * job.ChunkWidth;
            if (job.ByColumns)
                GemmDriver.Run(in job.Problem, 0, job.Problem.M, start, Math.Min(job.Problem.N, start + job.ChunkWidth));
            else
                GemmDriver.Run(in job.Problem, start, Math.Min(job.Problem.M, start + job.ChunkWidth), 0, job.Problem.N);
        }
        return done;
    }

    private static void ScaleOnly<T>(T* c, int m, int n, int ldc, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == T.One) return;
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + (nint)i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else
            {
                for (int j = 0; j < row.Length; j++) row[j] *= beta;
            }
        }
    }

    private static void CheckDimensions(int m, int n, int k)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "Expected a non-negative number of rows m.");
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Expected a non-negative number of columns n.");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "Expected a non-negative inner dimension k.");
    }

    private static void CheckOp(MatrixOp op, string name)
    {
        if (op != MatrixOp.None && op != MatrixOp.Transpose)
            throw new ArgumentOutOfRangeException(name, op, "Expected MatrixOp.None or MatrixOp.Transpose.");
    }

    private static void RequireExact(string matrix, int actual, string shape, int rows, int cols, string note)
    {
        long expected = (long)rows * cols;
        if (actual != expected)
            throw new ArgumentException($"{matrix}{note} must hold {shape} = {rows}×{cols} = {expected} elements, but its span has {actual}.", matrix.ToLowerInvariant());
    }

    private static void RequireStorage(string matrix, int length, int rows, int cols, int ld, string ldName, bool transposed)
    {
        string stored = transposed ? " (stored transposed)" : "";
        if (ld < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(ldName, ld, $"{ldName} must be at least the stored width of {matrix}{stored}, {Math.Max(1, cols)}, but is {ld}.");
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException(
                $"{matrix}{stored} is {rows}×{cols} with leading dimension {ld}, which needs at least {needed} elements, but its span has {length}.",
                matrix.ToLowerInvariant());
    }

}
