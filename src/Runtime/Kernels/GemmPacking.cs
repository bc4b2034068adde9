using System.Numerics;
using System.Runtime.CompilerServices;

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
}
