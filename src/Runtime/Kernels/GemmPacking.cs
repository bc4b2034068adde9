using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DslNets.Kernels;

/// <summary>
/// Copies a block of an operand into the contiguous panel layout the micro-kernels read: panels of
/// <c>width</c> rows (of op(A)) or columns (of op(B)), each stored k-step after k-step, <c>width</c> values per
/// step, zero-padded past the edge so the micro-kernel never needs a bound check.
/// </summary>
/// <remarks>
/// The source element (r, p) of the block lives at <c>src[r·rowStride + p·depthStride]</c>; that one form covers
/// A and B, transposed or not. When the panel index r is the contiguous one the copy is a straight vector copy;
/// otherwise it is a transpose, done in square tiles so both reads and writes stay in cache lines.
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows [0, rows) × depth [0, depth) of the source into ⌈rows/width⌉ panels of depth×width values,
    /// multiplying by <paramref name="scale"/> when <paramref name="scaled"/> is set.
    /// </summary>
    public static void Pack<T>(T* src, nint rowStride, nint depthStride, int rows, int depth, int width, T scale, bool scaled, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r0 = 0; r0 < rows; r0 += width)
        {
            int count = Math.Min(width, rows - r0);
            T* s = src + r0 * rowStride;
            if (rowStride == 1)
                PackContiguous(s, depthStride, count, depth, width, scale, scaled, dst);
            else
                PackTransposing(s, rowStride, depthStride, count, depth, width, scale, scaled, dst);
            dst += (nint)depth * width;
        }
    }

    /// <summary>One panel whose <paramref name="count"/> values per depth step are contiguous in the source.</summary>
    private static void PackContiguous<T>(T* s, nint depthStride, int count, int depth, int width, T scale, bool scaled, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = 0; p < depth; p++)
        {
            T* from = s + p * depthStride;
            T* to = dst + (nint)p * width;
            int r = 0;
            if (scaled)
            {
                for (; r < count; r++) to[r] = scale * from[r];
            }
            else if (count == width)
            {
                Unsafe.CopyBlockUnaligned(to, from, (uint)(width * sizeof(T)));
                continue;
            }
            else
            {
                for (; r < count; r++) to[r] = from[r];
            }
            for (; r < width; r++) to[r] = T.Zero;
        }
    }

    /// <summary>One panel read across rows of the source: a transpose into the panel layout.</summary>
    private static void PackTransposing<T>(T* s, nint rowStride, nint depthStride, int count, int depth, int width, T scale, bool scaled, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Avx.IsSupported && depthStride == 1 && width % 8 == 0 && count == width)
        {
            PackTransposingFloat8x8((float*)s, rowStride, depth, width, float.CreateTruncating(scale), scaled, (float*)dst);
            return;
        }
        // Tiles of 8 depth steps keep each source row's reads inside one or two cache lines per tile.
        const int Tile = 8;
        for (int p0 = 0; p0 < depth; p0 += Tile)
        {
            int pEnd = Math.Min(depth, p0 + Tile);
            for (int r = 0; r < count; r++)
            {
                T* from = s + r * rowStride;
                T* to = dst + r;
                if (scaled)
                {
                    for (int p = p0; p < pEnd; p++) to[(nint)p * width] = scale * from[p * depthStride];
                }
                else
                {
                    for (int p = p0; p < pEnd; p++) to[(nint)p * width] = from[p * depthStride];
                }
            }
            if (count < width)
            {
                for (int p = p0; p < pEnd; p++)
                {
                    T* to = dst + (nint)p * width;
                    for (int r = count; r < width; r++) to[r] = T.Zero;
                }
            }
        }
    }

    /// <summary>
    /// Float transpose-pack of a full panel (width rows, contiguous along depth) in 8×8 register transposes:
    /// eight row loads, 24 shuffles, eight column stores, instead of 64 scalar moves.
    /// </summary>
    private static void PackTransposingFloat8x8(float* s, nint rowStride, int depth, int width, float scale, bool scaled, float* dst)
    {
        int depth8 = depth & ~7;
        Vector256<float> factor = Vector256.Create(scale);
        for (int r = 0; r < width; r += 8)
        {
            float* row = s + r * rowStride;
            float* to = dst + r;
            for (int p = 0; p < depth8; p += 8)
            {
                Vector256<float> r0 = Avx.LoadVector256(row + p);
                Vector256<float> r1 = Avx.LoadVector256(row + rowStride + p);
                Vector256<float> r2 = Avx.LoadVector256(row + 2 * rowStride + p);
                Vector256<float> r3 = Avx.LoadVector256(row + 3 * rowStride + p);
                Vector256<float> r4 = Avx.LoadVector256(row + 4 * rowStride + p);
                Vector256<float> r5 = Avx.LoadVector256(row + 5 * rowStride + p);
                Vector256<float> r6 = Avx.LoadVector256(row + 6 * rowStride + p);
                Vector256<float> r7 = Avx.LoadVector256(row + 7 * rowStride + p);
                Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
                Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
                Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
                Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
                Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
                Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
                Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
                Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
                Vector256<float> c0 = Avx.Permute2x128(u0, u4, 0x20), c1 = Avx.Permute2x128(u1, u5, 0x20);
                Vector256<float> c2 = Avx.Permute2x128(u2, u6, 0x20), c3 = Avx.Permute2x128(u3, u7, 0x20);
                Vector256<float> c4 = Avx.Permute2x128(u0, u4, 0x31), c5 = Avx.Permute2x128(u1, u5, 0x31);
                Vector256<float> c6 = Avx.Permute2x128(u2, u6, 0x31), c7 = Avx.Permute2x128(u3, u7, 0x31);
                if (scaled)
                {
                    c0 *= factor; c1 *= factor; c2 *= factor; c3 *= factor;
                    c4 *= factor; c5 *= factor; c6 *= factor; c7 *= factor;
                }
                float* d = to + (nint)p * width;
                c0.Store(d);
                c1.Store(d + width);
                c2.Store(d + 2 * width);
                c3.Store(d + 3 * width);
                c4.Store(d + 4 * width);
                c5.Store(d + 5 * width);
                c6.Store(d + 6 * width);
                c7.Store(d + 7 * width);
            }
            for (int q = 0; q < 8; q++)
            {
                float* from = row + q * rowStride;
                for (int p = depth8; p < depth; p++) to[(nint)p * width + q] = scaled ? scale * from[p] : from[p];
            }
        }
    }
}
