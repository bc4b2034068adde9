using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace DslNets.Gpu;

/// <summary>
/// cuBLAS sgemm/dgemm for row-major matrices. cuBLAS is column-major, and a row-major m×n matrix is the
/// column-major n×m matrix of its transpose, so C = op(A)·op(B) is computed as Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the
/// operands (and m with n), keep each operand's own transpose flag and leading dimension.
/// </summary>
internal sealed class CuBlasGemm : IDisposable
{
    private readonly CuBlas _blas;

    private CuBlasGemm(CuBlas blas, string version)
    {
        _blas = blas;
        Version = version;
    }

    /// <summary>The library version, e.g. "12.4.5" (cuBLAS encodes major·10000 + minor·100 + patch).</summary>
    public string Version { get; }

    /// <summary>cuBLAS on a CUDA accelerator, or null with the reason when it is not one or the library does not load.</summary>
    public static CuBlasGemm? TryCreate(Accelerator accelerator, out string? unavailableReason)
    {
        if (accelerator is not CudaAccelerator cuda)
        {
            unavailableReason = $"not a CUDA accelerator ({accelerator.AcceleratorType})";
            return null;
        }
        CuBlas? blas = null;
        try
        {
            // Binds to the accelerator's default stream, where the own kernels run too, so launches stay ordered.
            blas = new CuBlas(cuda);
            blas.PointerMode = CuBlasPointerMode.Host; // α and β are host scalars.
            int v = blas.Version;
            var gemm = new CuBlasGemm(blas, $"{v / 10000}.{v / 100 % 100}.{v % 100}");
            gemm.SelfCheck(accelerator);
            unavailableReason = null;
            return gemm;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Missing libcublas (DllNotFoundException), a version ILGPU does not map (EntryPointNotFoundException),
            // or a failing handle (CuBlasException): the own kernel runs instead.
            blas?.Dispose();
            unavailableReason = $"{e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    public void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ArrayView<float> a, int lda, ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc) =>
        _blas.Gemm(Operation(transposeB), Operation(transposeA), n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);

    public void Multiply(bool transposeA, bool transposeB, int m, int n, int k, double alpha, ArrayView<double> a, int lda, ArrayView<double> b, int ldb, double beta, ArrayView<double> c, int ldc) =>
        _blas.Gemm(Operation(transposeB), Operation(transposeA), n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);

    public void Dispose() => _blas.Dispose();

    /// <summary>
    /// Two 2×3·3×2 products with known results (sgemm as stored, dgemm both transposed): the entry points resolve
    /// and the row-major operand swap is right, or this throws and the own kernel runs instead.
    /// </summary>
    private void SelfCheck(Accelerator accelerator)
    {
        using var fa = accelerator.Allocate1D(new float[] { 1, 2, 3, 4, 5, 6 });
        using var fb = accelerator.Allocate1D(new float[] { 7, 8, 9, 10, 11, 12 });
        using var fc = accelerator.Allocate1D(new float[] { float.NaN, float.NaN, float.NaN, float.NaN });
        Multiply(false, false, 2, 2, 3, 1f, fa.View, 3, fb.View, 2, 0f, fc.View, 2);
        using var da = accelerator.Allocate1D(new double[] { 1, 2, 3, 4, 5, 6 });
        using var db = accelerator.Allocate1D(new double[] { 7, 8, 9, 10, 11, 12 });
        using var dc = accelerator.Allocate1D(new double[] { 1, 1, 1, 1 });
        Multiply(true, true, 2, 2, 3, 1.0, da.View, 2, db.View, 3, 2.0, dc.View, 2);
        accelerator.Synchronize();
        float[] single = fc.GetAsArray1D();
        double[] dual = dc.GetAsArray1D();
        // [1 2 3; 4 5 6]·[7 8; 9 10; 11 12] and 2 + [1 3 5; 2 4 6]·[7 10; 8 11; 9 12].
        if (!single.SequenceEqual(new float[] { 58, 64, 139, 154 }) || !dual.SequenceEqual(new double[] { 78, 105, 102, 138 }))
            throw new InvalidOperationException($"cuBLAS self-check failed: [{string.Join(", ", single)}] and [{string.Join(", ", dual)}].");
    }

    private static CuBlasOperation Operation(bool transpose) => transpose ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose;
}
