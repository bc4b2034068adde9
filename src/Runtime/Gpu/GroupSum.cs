using System.Numerics;
using ILGPU;

namespace DslNets.Gpu;

/// <summary>The in-group step of the device's deterministic reductions (<see cref="GlobalNormKernels"/>, <see cref="DeviceSum"/>).</summary>
internal static class GroupSum
{
    /// <summary>Sums shared[0..Group.DimX) into shared[0] by halving; Group.DimX must be a power of two.</summary>
    internal static void Tree<T>(ArrayView<T> shared, int lane) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int half = Group.DimX / 2; half > 0; half /= 2)
        {
            if (lane < half) shared[lane] += shared[lane + half];
            Group.Barrier();
        }
    }
}
