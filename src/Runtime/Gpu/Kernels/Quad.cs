using System.Numerics;

namespace DslNets.Gpu;

/// <summary>
/// Four values a kernel thread keeps in registers: one row of its 4×4 block of C, or four elements of a B tile
/// row. A by-value struct (no arrays, no references), so ILGPU keeps it in registers rather than local memory.
/// </summary>
internal readonly struct Quad<T>(T x0, T x1, T x2, T x3)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly T X0 = x0;
    public readonly T X1 = x1;
    public readonly T X2 = x2;
    public readonly T X3 = x3;

    /// <summary>this + a·b, element-wise (the compiler contracts each step into a fused multiply-add where it can).</summary>
    public Quad<T> MultiplyAdd(T a, Quad<T> b) => new(X0 + a * b.X0, X1 + a * b.X1, X2 + a * b.X2, X3 + a * b.X3);
}
