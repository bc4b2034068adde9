using System.Numerics;
using ILGPU;

namespace DslNets.Gpu;

/// <summary>C = β·C on an m×n block with leading dimension ldc: the whole product when k = 0 or α = 0 (as the CPU Gemm does).</summary>
internal static class ScaleKernel
{
    /// <summary>Index X runs along a row (coalesced), Y over the rows. β = 0 writes zeros without reading C.</summary>
    public static void Run<T>(Index2D index, ArrayView<T> c, int ldc, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int at = index.Y * ldc + index.X;
        c[at] = beta == T.Zero ? T.Zero : beta * c[at];
    }
}
