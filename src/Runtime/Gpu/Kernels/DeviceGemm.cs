using System.Numerics;
using System.Runtime.CompilerServices;
using DslNets.Kernels;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace DslNets.Gpu;

/// <summary>
/// The general matrix product on an ILGPU accelerator: C (m×n) = α · op(A) · op(B) + β · C for row-major views,
/// op = identity or transpose, in float or double; the device counterpart of <see cref="Gemm"/>, with its
/// argument order and checks. On a CUDA accelerator where cuBLAS loads it runs cuBLAS; on ILGPU's CPU accelerator, whose
/// buffers are host memory, the host's <see cref="Gemm"/> on that memory (the tiled kernel's barriers, emulated by CPU
/// threads, run at a few MFLOP/s there); everywhere else (or when asked) the project's own shared-memory tiled kernel.
/// Create one per accelerator: kernels compile on first use of each element type and are kept.
/// </summary>
/// <remarks>
/// Launches are queued on the accelerator's default stream and return at once: synchronize the accelerator (or copy
/// the result back) before reading C on the host. When β is zero, C is written without being read, so it may hold
/// anything (even NaN). C must not overlap A or B. Not thread-safe: use one instance from one thread at a time.
/// </remarks>
public sealed class DeviceGemm : IDisposable
{
    private readonly CuBlasGemm? _cuBlas;
    private readonly bool _onHostMemory;
    private readonly GemmTileShape _shape;
    private GemmKernelSet<float>? _float;
    private GemmKernelSet<double>? _double;
    private bool _disposed;

    /// <summary>Prepares the product for <paramref name="accelerator"/>: chooses the tile shape and tries cuBLAS.</summary>
    /// <param name="accelerator">The accelerator whose views the products take; it must outlive this instance.</param>
    /// <param name="forceOwnKernel">True: use the own tiled kernel even where cuBLAS would load.</param>
    /// <exception cref="NotSupportedException">The accelerator's groups are too small for the smallest tile (16 threads).</exception>
    public DeviceGemm(Accelerator accelerator, bool forceOwnKernel = false)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        Accelerator = accelerator;
        _shape = GemmTiles.Choose(accelerator.MaxNumThreadsPerGroup, accelerator.MaxSharedMemoryPerGroup);
        if (forceOwnKernel)
        {
            CuBlasUnavailableReason = "the own kernel was asked for";
        }
        else if (accelerator is CPUAccelerator)
        {
            _onHostMemory = true;
            CuBlasUnavailableReason = "not a CUDA accelerator";
        }
        else
        {
            _cuBlas = CuBlasGemm.TryCreate(accelerator, out string? reason);
            CuBlasUnavailableReason = reason;
        }
        Backend = _cuBlas is not null ? $"cuBLAS {_cuBlas.Version}" : _onHostMemory ? "host Gemm on the CPU accelerator's memory" : "own tiled kernel";
    }

    /// <summary>The accelerator the products run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>What computes the products: "own tiled kernel", "cuBLAS &lt;version&gt;" or "host Gemm on the CPU accelerator's memory".</summary>
    public string Backend { get; }

    /// <summary>Why cuBLAS is not used (not a CUDA accelerator, the library failed to load, or the own kernel was asked for); null when it is.</summary>
    public string? CuBlasUnavailableReason { get; }

    /// <summary>The own kernel's tile configuration for this accelerator, e.g. "64×64 block tile, K-step 16, 4×4 per thread, 256 threads per group".</summary>
    public string TileConfiguration => GemmTiles.Describe(_shape);

    /// <summary>
    /// C = alpha · op(A) · op(B) + beta · C on densely stored matrices (each leading dimension equals its stored
    /// width); every view must have exactly the length its shape gives.
    /// </summary>
    /// <param name="opA">Whether A is used as stored (m×k) or transposed (stored k×m).</param>
    /// <param name="opB">Whether B is used as stored (k×n) or transposed (stored n×k).</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major, on <see cref="Accelerator"/>.</param>
    /// <param name="b">B, row-major, on <see cref="Accelerator"/>.</param>
    /// <param name="beta">Scale of the old C (0: C is overwritten without being read).</param>
    /// <param name="c">C (m×n), row-major, on <see cref="Accelerator"/>.</param>
    public void Multiply<T>(MatrixOp opA, MatrixOp opB, int m, int n, int k, T alpha, ArrayView<T> a, ArrayView<T> b, T beta, ArrayView<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DeviceArguments.CheckDimensions(m, n, k);
        int lda = opA == MatrixOp.None ? k : m;
        int ldb = opB == MatrixOp.None ? n : k;
        if (opA == MatrixOp.None) DeviceArguments.RequireExact("A", a.Length, "m×k", m, k, "");
        else DeviceArguments.RequireExact("A", a.Length, "k×m", k, m, " (transposed)");
        if (opB == MatrixOp.None) DeviceArguments.RequireExact("B", b.Length, "k×n", k, n, "");
        else DeviceArguments.RequireExact("B", b.Length, "n×k", n, k, " (transposed)");
        DeviceArguments.RequireExact("C", c.Length, "m×n", m, n, "");
        Multiply(opA, opB, m, n, k, alpha, a, Math.Max(1, lda), b, Math.Max(1, ldb), beta, c, Math.Max(1, n));
    }

    /// <summary>
    /// C = alpha · op(A) · op(B) + beta · C with leading dimensions (BLAS sgemm/dgemm in row-major form). Each view
    /// must hold at least the elements its shape and leading dimension reach.
    /// </summary>
    /// <param name="opA">Whether A is used as stored (m×k) or transposed (stored k×m).</param>
    /// <param name="opB">Whether B is used as stored (k×n) or transposed (stored n×k).</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major, on <see cref="Accelerator"/>.</param>
    /// <param name="lda">Leading dimension of A: at least its stored width (k, or m if transposed).</param>
    /// <param name="b">B, row-major, on <see cref="Accelerator"/>.</param>
    /// <param name="ldb">Leading dimension of B: at least its stored width (n, or k if transposed).</param>
    /// <param name="beta">Scale of the old C (0: C is overwritten without being read).</param>
    /// <param name="c">C (m×n), row-major, on <see cref="Accelerator"/>.</param>
    /// <param name="ldc">Leading dimension of C: at least n.</param>
    public void Multiply<T>(MatrixOp opA, MatrixOp opB, int m, int n, int k, T alpha, ArrayView<T> a, int lda, ArrayView<T> b, int ldb, T beta, ArrayView<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        DeviceArguments.RequireFloatOrDouble<T>();
        DeviceArguments.CheckDimensions(m, n, k);
        DeviceArguments.CheckOp(opA, nameof(opA));
        DeviceArguments.CheckOp(opB, nameof(opB));
        bool transA = opA == MatrixOp.Transpose;
        bool transB = opB == MatrixOp.Transpose;
        DeviceArguments.RequireStorage("A", a.Length, transA ? k : m, transA ? m : k, lda, nameof(lda), transA);
        DeviceArguments.RequireStorage("B", b.Length, transB ? n : k, transB ? k : n, ldb, nameof(ldb), transB);
        DeviceArguments.RequireStorage("C", c.Length, m, n, ldc, nameof(ldc), false);
        if (m == 0 || n == 0) return;
        DeviceArguments.RequireOn(a, Accelerator, nameof(a));
        DeviceArguments.RequireOn(b, Accelerator, nameof(b));
        DeviceArguments.RequireOn(c, Accelerator, nameof(c));
        DeviceArguments.RequireDisjoint(c, a, "C", "A");
        DeviceArguments.RequireDisjoint(c, b, "C", "B");

        GemmKernelSet<T> kernels = Kernels<T>();
        if (k == 0 || alpha == T.Zero)
        {
            // As the CPU Gemm: no product at all, so NaN in A or B does not reach C.
            if (beta != T.One) kernels.Scale(new Index2D(n, m), c, ldc, beta);
            return;
        }
        if (_onHostMemory)
        {
            MultiplyOnHost(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        if (_cuBlas is not null)
        {
            if (typeof(T) == typeof(float))
                _cuBlas.Multiply(transA, transB, m, n, k, As<T, float>(alpha), a.Cast<float>(), lda, b.Cast<float>(), ldb, As<T, float>(beta), c.Cast<float>(), ldc);
            else
                _cuBlas.Multiply(transA, transB, m, n, k, As<T, double>(alpha), a.Cast<double>(), lda, b.Cast<double>(), ldb, As<T, double>(beta), c.Cast<double>(), ldc);
            return;
        }
        var arguments = new GemmArguments<T>
        {
            M = m,
            N = n,
            K = k,
            ARowStride = transA ? 1 : lda,
            ADepthStride = transA ? lda : 1,
            BDepthStride = transB ? 1 : ldb,
            BColumnStride = transB ? ldb : 1,
            Ldc = ldc,
            TransposedA = transA ? 1 : 0,
            TransposedB = transB ? 1 : 0,
            ReadC = beta == T.Zero ? 0 : 1,
            Alpha = alpha,
            Beta = beta,
        };
        kernels.Tiled(kernels.Config(m, n), a, b, c, arguments);
    }

    /// <summary>Releases the cuBLAS handle, if any; the compiled kernels belong to the accelerator.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _cuBlas?.Dispose();
    }

    // The CPU accelerator's views point into host memory: wait for the kernels queued before, then multiply in place.
    private unsafe void MultiplyOnHost<T>(bool transA, bool transB, int m, int n, int k, T alpha, ArrayView<T> a, int lda, ArrayView<T> b, int ldb,
        T beta, ArrayView<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Accelerator.Synchronize();
        var hostA = new ReadOnlySpan<T>((void*)a.LoadEffectiveAddressAsPtr(), checked((int)a.Length));
        var hostB = new ReadOnlySpan<T>((void*)b.LoadEffectiveAddressAsPtr(), checked((int)b.Length));
        var hostC = new Span<T>((void*)c.LoadEffectiveAddressAsPtr(), checked((int)c.Length));
        Gemm.Multiply(transA ? MatrixOp.Transpose : MatrixOp.None, transB ? MatrixOp.Transpose : MatrixOp.None, m, n, k, alpha, hostA, lda, hostB, ldb, beta, hostC, ldc);
    }

    private GemmKernelSet<T> Kernels<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return (GemmKernelSet<T>)(object)(_float ??= new GemmKernelSet<float>(Accelerator, _shape));
        return (GemmKernelSet<T>)(object)(_double ??= new GemmKernelSet<double>(Accelerator, _shape));
    }

    private static TTo As<TFrom, TTo>(TFrom value) => Unsafe.As<TFrom, TTo>(ref value);
}
