using System.Numerics;
using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// The project's own device matrix product C = α·op(A)·op(B) + β·C on row-major views. Each group computes one
/// Rows×Columns tile of C: per K-step it stages a Depth-deep slice of op(A) and op(B) in shared memory, then each
/// thread accumulates a 4×4 register block. A thread's rows are ty + r·Rows/4 and its columns tx + c·Columns/4
/// (strided, not contiguous), so the shared reads of a warp hit distinct banks or broadcast, and the stores of C
/// are coalesced. Out-of-range elements load as zero and are never stored, so every size works.
/// </summary>
internal static class TiledGemmKernel
{
    /// <summary>The kernel; launch with a grid of (⌈m/Rows⌉, ⌈n/Columns⌉) groups of Threads threads.</summary>
    public static void Run<T, TTile>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, GemmArguments<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTile : struct, IGemmTile
    {
        TTile tile = default;
        int rows = tile.Rows, columns = tile.Columns, depth = tile.Depth, threads = tile.Threads;
        int strideA = rows + 1, strideB = columns + 1;
        var aTile = SharedMemory.Allocate1D<T>(tile.SharedA);
        var bTile = SharedMemory.Allocate1D<T>(tile.SharedB);

        int thread = Group.IdxX;
        int rowStep = rows / 4, columnStep = columns / 4;
        int tx = thread % columnStep, ty = thread / columnStep;
        int row0 = Grid.IdxX * rows, column0 = Grid.IdxY * columns;
        int loadsA = rows * depth / threads, loadsB = columns * depth / threads;

        Quad<T> c0 = default, c1 = default, c2 = default, c3 = default;
        for (int k0 = 0; k0 < p.K; k0 += depth)
        {
            // Consecutive threads read consecutive addresses of the stored matrix (coalesced), whichever way it is stored.
            for (int s = 0; s < loadsA; s++)
            {
                int l = thread + s * threads;
                int i = p.TransposedA != 0 ? l % rows : l / depth;
                int kk = p.TransposedA != 0 ? l / rows : l % depth;
                int gi = row0 + i, gk = k0 + kk;
                aTile[kk * strideA + i] = gi < p.M && gk < p.K ? a[gi * p.ARowStride + gk * p.ADepthStride] : T.Zero;
            }

            for (int s = 0; s < loadsB; s++)
            {
                int l = thread + s * threads;
                int j = p.TransposedB != 0 ? l / depth : l % columns;
                int kk = p.TransposedB != 0 ? l % depth : l / columns;
                int gj = column0 + j, gk = k0 + kk;
                bTile[kk * strideB + j] = gj < p.N && gk < p.K ? b[gk * p.BDepthStride + gj * p.BColumnStride] : T.Zero;
            }

            Group.Barrier();
            for (int kk = 0; kk < depth; kk++)
            {
                int ai = kk * strideA + ty, bj = kk * strideB + tx;
                var bRow = new Quad<T>(bTile[bj], bTile[bj + columnStep], bTile[bj + 2 * columnStep], bTile[bj + 3 * columnStep]);
                c0 = c0.MultiplyAdd(aTile[ai], bRow);
                c1 = c1.MultiplyAdd(aTile[ai + rowStep], bRow);
                c2 = c2.MultiplyAdd(aTile[ai + 2 * rowStep], bRow);
                c3 = c3.MultiplyAdd(aTile[ai + 3 * rowStep], bRow);
            }

            // The next step overwrites the tiles: everyone must be done reading them.
            Group.Barrier();
        }

        StoreRow(c, p, row0 + ty, column0 + tx, columnStep, c0);
        StoreRow(c, p, row0 + ty + rowStep, column0 + tx, columnStep, c1);
        StoreRow(c, p, row0 + ty + 2 * rowStep, column0 + tx, columnStep, c2);
        StoreRow(c, p, row0 + ty + 3 * rowStep, column0 + tx, columnStep, c3);
    }

    private static void StoreRow<T>(ArrayView<T> c, GemmArguments<T> p, int row, int column, int columnStep, Quad<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row >= p.M) return;
        int start = row * p.Ldc;
        Store(c, p, start, column, values.X0);
        Store(c, p, start, column + columnStep, values.X1);
        Store(c, p, start, column + 2 * columnStep, values.X2);
        Store(c, p, start, column + 3 * columnStep, values.X3);
    }

    private static void Store<T>(ArrayView<T> c, GemmArguments<T> p, int rowStart, int column, T product)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (column >= p.N) return;
        int index = rowStart + column;
        c[index] = p.ReadC != 0 ? p.Alpha * product + p.Beta * c[index] : p.Alpha * product;
    }
}
