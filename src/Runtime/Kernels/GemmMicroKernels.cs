using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DslNets.Kernels;

/// <summary>
/// Register-blocked micro-kernels: each multiplies a packed MR×kc panel of op(A) by a packed kc×NR panel of op(B)
/// and folds the MR×NR result into a tile of C. Accumulators stay in registers for the whole kc loop; the packed
/// A panel holds MR values per k step (broadcast), the packed B panel NR values per k step (two vector loads).
/// </summary>
/// <remarks>
/// Update modes: 0 writes the tile, 1 adds to it, 2 computes beta·tile + product. The driver passes mode 0 for
/// beta = 0 so that NaN or infinity in an uninitialised C never leaks into the result, as BLAS specifies.
/// The kernels are written out unrolled on purpose: the JIT keeps each named accumulator in its own register.
/// </remarks>
internal static unsafe class GemmMicroKernels
{
    /// <summary>Rows of the Vector512 micro-tile (its columns are two Vector512 widths).</summary>
    public const int Rows512 = 8;

    /// <summary>Rows of the Vector256 micro-tile (its columns are two Vector256 widths).</summary>
    public const int Rows256 = 6;

    /// <summary>Rows of the scalar micro-tile.</summary>
    public const int RowsScalar = 4;

    /// <summary>Columns of the scalar micro-tile.</summary>
    public const int ColumnsScalar = 4;

    /// <summary>Vector512 micro-kernel: a 8×(2·Vector512 width) tile.</summary>
    public static void Kernel512<T>(int kc, T* a, T* b, T* dst, int ldd, T beta, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        int w = Vector512<T>.Count;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b), b1 = Vector512.Load(b + w);
            Vector512<T> ai;
            ai = Vector512.Create(a[0]); c00 = Fma(ai, b0, c00); c01 = Fma(ai, b1, c01);
            ai = Vector512.Create(a[1]); c10 = Fma(ai, b0, c10); c11 = Fma(ai, b1, c11);
            ai = Vector512.Create(a[2]); c20 = Fma(ai, b0, c20); c21 = Fma(ai, b1, c21);
            ai = Vector512.Create(a[3]); c30 = Fma(ai, b0, c30); c31 = Fma(ai, b1, c31);
            ai = Vector512.Create(a[4]); c40 = Fma(ai, b0, c40); c41 = Fma(ai, b1, c41);
            ai = Vector512.Create(a[5]); c50 = Fma(ai, b0, c50); c51 = Fma(ai, b1, c51);
            ai = Vector512.Create(a[6]); c60 = Fma(ai, b0, c60); c61 = Fma(ai, b1, c61);
            ai = Vector512.Create(a[7]); c70 = Fma(ai, b0, c70); c71 = Fma(ai, b1, c71);
            a += 8;
            b += 2 * w;
        }
        Store(dst + 0 * ldd, c00, beta, mode); Store(dst + 0 * ldd + w, c01, beta, mode);
        Store(dst + 1 * ldd, c10, beta, mode); Store(dst + 1 * ldd + w, c11, beta, mode);
        Store(dst + 2 * ldd, c20, beta, mode); Store(dst + 2 * ldd + w, c21, beta, mode);
        Store(dst + 3 * ldd, c30, beta, mode); Store(dst + 3 * ldd + w, c31, beta, mode);
        Store(dst + 4 * ldd, c40, beta, mode); Store(dst + 4 * ldd + w, c41, beta, mode);
        Store(dst + 5 * ldd, c50, beta, mode); Store(dst + 5 * ldd + w, c51, beta, mode);
        Store(dst + 6 * ldd, c60, beta, mode); Store(dst + 6 * ldd + w, c61, beta, mode);
        Store(dst + 7 * ldd, c70, beta, mode); Store(dst + 7 * ldd + w, c71, beta, mode);
    }

    /// <summary>Vector256 micro-kernel: a 6×(2·Vector256 width) tile.</summary>
    public static void Kernel256<T>(int kc, T* a, T* b, T* dst, int ldd, T beta, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int w = Vector256<T>.Count;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b), b1 = Vector256.Load(b + w);
            Vector256<T> ai;
            ai = Vector256.Create(a[0]); c00 = Fma(ai, b0, c00); c01 = Fma(ai, b1, c01);
            ai = Vector256.Create(a[1]); c10 = Fma(ai, b0, c10); c11 = Fma(ai, b1, c11);
            ai = Vector256.Create(a[2]); c20 = Fma(ai, b0, c20); c21 = Fma(ai, b1, c21);
            ai = Vector256.Create(a[3]); c30 = Fma(ai, b0, c30); c31 = Fma(ai, b1, c31);
            ai = Vector256.Create(a[4]); c40 = Fma(ai, b0, c40); c41 = Fma(ai, b1, c41);
            ai = Vector256.Create(a[5]); c50 = Fma(ai, b0, c50); c51 = Fma(ai, b1, c51);
            a += 6;
            b += 2 * w;
        }
        Store(dst + 0 * ldd, c00, beta, mode); Store(dst + 0 * ldd + w, c01, beta, mode);
        Store(dst + 1 * ldd, c10, beta, mode); Store(dst + 1 * ldd + w, c11, beta, mode);
        Store(dst + 2 * ldd, c20, beta, mode); Store(dst + 2 * ldd + w, c21, beta, mode);
        Store(dst + 3 * ldd, c30, beta, mode); Store(dst + 3 * ldd + w, c31, beta, mode);
        Store(dst + 4 * ldd, c40, beta, mode); Store(dst + 4 * ldd + w, c41, beta, mode);
        Store(dst + 5 * ldd, c50, beta, mode); Store(dst + 5 * ldd + w, c51, beta, mode);
    }

    /// <summary>Scalar micro-kernel: a 4×4 tile.</summary>
    public static void KernelScalar<T>(int kc, T* a, T* b, T* dst, int ldd, T beta, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero, c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero, c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero, c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        for (int p = 0; p < kc; p++)
        {
            T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            T ai;
            ai = a[0]; c00 += ai * b0; c01 += ai * b1; c02 += ai * b2; c03 += ai * b3;
            ai = a[1]; c10 += ai * b0; c11 += ai * b1; c12 += ai * b2; c13 += ai * b3;
            ai = a[2]; c20 += ai * b0; c21 += ai * b1; c22 += ai * b2; c23 += ai * b3;
            ai = a[3]; c30 += ai * b0; c31 += ai * b1; c32 += ai * b2; c33 += ai * b3;
            a += 4;
            b += 4;
        }
        T* d0 = dst + 0 * ldd; d0[0] = Update(d0[0], c00, beta, mode); d0[1] = Update(d0[1], c01, beta, mode); d0[2] = Update(d0[2], c02, beta, mode); d0[3] = Update(d0[3], c03, beta, mode);
        T* d1 = dst + 1 * ldd; d1[0] = Update(d1[0], c10, beta, mode); d1[1] = Update(d1[1], c11, beta, mode); d1[2] = Update(d1[2], c12, beta, mode); d1[3] = Update(d1[3], c13, beta, mode);
        T* d2 = dst + 2 * ldd; d2[0] = Update(d2[0], c20, beta, mode); d2[1] = Update(d2[1], c21, beta, mode); d2[2] = Update(d2[2], c22, beta, mode); d2[3] = Update(d2[3], c23, beta, mode);
        T* d3 = dst + 3 * ldd; d3[0] = Update(d3[0], c30, beta, mode); d3[1] = Update(d3[1], c31, beta, mode); d3[2] = Update(d3[2], c32, beta, mode); d3[3] = Update(d3[3], c33, beta, mode);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Update<T>(T old, T product, T beta, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
        => mode == 0 ? product : mode == 1 ? old + product : beta * old + product;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* d, Vector512<T> product, T beta, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (mode == 0) product.Store(d);
        else if (mode == 1) (Vector512.Load(d) + product).Store(d);
        else Fma(Vector512.Create(beta), Vector512.Load(d), product).Store(d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* d, Vector256<T> product, T beta, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (mode == 0) product.Store(d);
        else if (mode == 1) (Vector256.Load(d) + product).Store(d);
        else Fma(Vector256.Create(beta), Vector256.Load(d), product).Store(d);
    }

    /// <summary>a·b + c in one rounding; the type tests fold away when the JIT specialises T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }

    /// <summary>a·b + c in one rounding; the type tests fold away when the JIT specialises T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }
}
