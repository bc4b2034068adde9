using System.Numerics;
using System.Runtime.CompilerServices;

namespace DslNets.Kernels;

/// <summary>One matrix product in pointer form, as the driver and the second-core worker see it.</summary>
internal unsafe struct GemmProblem<T>
    where T : unmanaged
{
    public T* A;
    public T* B;
    public T* C;
    public int M, N, K;

    /// <summary>op(A)(i, p) = A[i·ARowStride + p·ADepthStride].</summary>
    public nint ARowStride, ADepthStride;

    /// <summary>op(B)(p, j) = B[j·BColumnStride + p·BDepthStride].</summary>
    public nint BColumnStride, BDepthStride;

    public int Ldc;
    public T Alpha, Beta;
    public GemmPath Path;
}

/// <summary>
/// The blocked product (Goto's scheme): for each nc-wide block of columns and kc-deep slice, pack op(B) once
/// (it stays in L2/L3), then for each mc-tall block of rows pack op(A) (it stays in L2) and sweep the micro-kernel
/// over it, the B micro-panel it reuses staying in L1.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>Depth of a packed slice: a kc×NR B micro-panel (32 KiB for float on the 512 path) fits L1.</summary>
    public const int DepthBlock = 256;

    /// <summary>Rows of op(A) packed at once: mc×kc (192 KiB float) stays in L2. A multiple of every MR.</summary>
    public const int RowBlock = 192;

    /// <summary>Columns of op(B) packed at once: kc×nc stays in the outer caches.</summary>
    public const int ColumnBlock = 4096;

    /// <summary>The largest MR×NR micro-tile of any path (8×32 floats); edge tiles are computed into one this size.</summary>
    private const int MaxTileElements = 256;

    /// <summary>Micro-tile rows (MR) of a path.</summary>
    public static int TileRows(GemmPath path) => path switch
    {
        GemmPath.Vector512 => GemmMicroKernels.Rows512,
        GemmPath.Vector256 => GemmMicroKernels.Rows256,
        _ => GemmMicroKernels.RowsScalar,
    };

    /// <summary>Micro-tile columns (NR) of a path for element type T.</summary>
    public static int TileColumns<T>(GemmPath path) => path switch
    {
        GemmPath.Vector512 => 2 * System.Runtime.Intrinsics.Vector512<T>.Count,
        GemmPath.Vector256 => 2 * System.Runtime.Intrinsics.Vector256<T>.Count,
        _ => GemmMicroKernels.ColumnsScalar,
    };

    /// <summary>Computes rows [i0, i1) × columns [j0, j1) of C on the calling thread.</summary>
    public static void Run<T>(in GemmProblem<T> pr, int i0, int i1, int j0, int j1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmPath path = pr.Path;
        int mr = TileRows(path);
        int nr = TileColumns<T>(path);
        int k = pr.K;
        int kcMax = Math.Min(DepthBlock, k);
        int ncMax = Math.Min(ColumnBlock, j1 - j0);
        int mcMax = Math.Min(RowBlock, i1 - i0);
        T* ap = PackingBuffers<T>.A(kcMax * RoundUp(mcMax, mr));
        T* bp = PackingBuffers<T>.B(kcMax * RoundUp(ncMax, nr));
        T* tile = stackalloc T[MaxTileElements];
        bool scaleA = pr.Alpha != T.One;

        for (int jc = j0; jc < j1; jc += ColumnBlock)
        {
            int nc = Math.Min(ColumnBlock, j1 - jc);
            for (int pc = 0; pc < k; pc += DepthBlock)
            {
                int kc = Math.Min(DepthBlock, k - pc);
                GemmPacking.Pack(pr.B + jc * pr.BColumnStride + pc * pr.BDepthStride, pr.BColumnStride, pr.BDepthStride, nc, kc, nr, T.One, false, bp);
                T beta = pc == 0 ? pr.Beta : T.One;
                int mode = beta == T.Zero ? 0 : beta == T.One ? 1 : 2;
                for (int ic = i0; ic < i1; ic += RowBlock)
                {
                    int mc = Math.Min(RowBlock, i1 - ic);
                    GemmPacking.Pack(pr.A + ic * pr.ARowStride + pc * pr.ADepthStride, pr.ARowStride, pr.ADepthStride, mc, kc, mr, pr.Alpha, scaleA, ap);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        T* bPanel = bp + (nint)jr * kc;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            T* aPanel = ap + (nint)ir * kc;
                            T* c = pr.C + (nint)(ic + ir) * pr.Ldc + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                Micro(path, kc, aPanel, bPanel, c, pr.Ldc, beta, mode);
                            }
                            else
                            {
                                Micro(path, kc, aPanel, bPanel, tile, nr, T.Zero, 0);
                                WriteEdge(tile, nr, c, pr.Ldc, rows, cols, beta, mode);
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Micro<T>(GemmPath path, int kc, T* a, T* b, T* c, int ldc, T beta, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (path)
        {
            case GemmPath.Vector512: GemmMicroKernels.Kernel512(kc, a, b, c, ldc, beta, mode); break;
            case GemmPath.Vector256: GemmMicroKernels.Kernel256(kc, a, b, c, ldc, beta, mode); break;
            default: GemmMicroKernels.KernelScalar(kc, a, b, c, ldc, beta, mode); break;
        }
    }

    /// <summary>Folds the used rows×cols corner of a full micro-tile result into C (the scalar edge path).</summary>
    private static void WriteEdge<T>(T* tile, int ldt, T* c, int ldc, int rows, int cols, T beta, int mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < rows; i++)
        {
            T* from = tile + (nint)i * ldt;
            T* to = c + (nint)i * ldc;
            for (int j = 0; j < cols; j++)
            {
                to[j] = mode == 0 ? from[j] : mode == 1 ? to[j] + from[j] : beta * to[j] + from[j];
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
