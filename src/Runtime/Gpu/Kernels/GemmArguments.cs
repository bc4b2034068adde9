using System.Numerics;

namespace DslNets.Gpu;

/// <summary>
/// The scalars of one C = α·op(A)·op(B) + β·C launch. Element (i, p) of op(A) is at i·ARowStride + p·ADepthStride
/// and element (p, j) of op(B) at p·BDepthStride + j·BColumnStride, so one kernel serves every transpose combination.
/// </summary>
internal struct GemmArguments<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public int M;
    public int N;
    public int K;
    public int ARowStride;
    public int ADepthStride;
    public int BDepthStride;
    public int BColumnStride;
    public int Ldc;

    /// <summary>1 when A is stored transposed: the tile loads then run along i instead of p, to stay coalesced.</summary>
    public int TransposedA;

    /// <summary>1 when B is stored transposed: the tile loads then run along p instead of j.</summary>
    public int TransposedB;

    /// <summary>0 when β is 0: C is written without being read (it may hold NaN).</summary>
    public int ReadC;

    public T Alpha;
    public T Beta;
}
