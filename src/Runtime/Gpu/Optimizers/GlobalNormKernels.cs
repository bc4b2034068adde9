using System.Numerics;
using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// The kernels of <see cref="DeviceGradientClipping{T}"/>. The sum of squares is reduced without atomics, in an order
/// fixed by the launch shape alone (each thread a strided run, then a tree in shared memory per group, then one group
/// over the per-group partial sums), so the norm is the same on every run on a given accelerator.
/// </summary>
internal static class GlobalNormKernels
{
    /// <summary>The largest group size the reductions use (the size of their shared arrays); a power of two.</summary>
    internal const int MaxGroupSize = 256;

    /// <summary>Pass 1 (grouped): partials[group] = Σ x_i² over the elements this group's threads visit.</summary>
    internal static void PartialSumsOfSquares<T>(ArrayView<T> x, ArrayView<T> partials) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArrayView<T> shared = SharedMemory.Allocate1D<T>(MaxGroupSize);
        int lane = Group.IdxX;
        long stride = (long)Grid.DimX * Group.DimX;
        T sum = T.Zero;
        for (long i = (long)Grid.IdxX * Group.DimX + lane; i < x.Length; i += stride)
        {
            T xi = x[i];
            sum += xi * xi;
        }
        shared[lane] = sum;
        Group.Barrier();
        GroupSum.Tree(shared, lane);
        if (lane == 0) partials[Grid.IdxX] = shared[0];
    }

    /// <summary>Pass 2 (one group): norm[0] = √(Σ partials[0..count)).</summary>
    internal static void RootOfSum<T>(ArrayView<T> partials, int count, ArrayView<T> norm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArrayView<T> shared = SharedMemory.Allocate1D<T>(MaxGroupSize);
        int lane = Group.IdxX;
        T sum = T.Zero;
        for (int i = lane; i < count; i += Group.DimX) sum += partials[i];
        shared[lane] = sum;
        Group.Barrier();
        GroupSum.Tree(shared, lane);
        if (lane == 0) norm[0] = T.Sqrt(shared[0]);
    }

    /// <summary>
    /// Pass 3: as <see cref="DslNets.Optimizers.GradientClipping.ClipByGlobalNorm{T}"/>, c = maxNorm / (‖g‖ + offset)
    /// and g ← c·g when c &lt; 1; a non-finite norm leaves g unchanged.
    /// </summary>
    internal static void Scale<T>(Index1D i, ArrayView<T> x, ArrayView<T> norm, T maxNorm, T offset) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = norm[0];
        // n − n is 0 exactly when n is finite (NaN and ±∞ give NaN); plain arithmetic, which every backend compiles.
        if (n - n != T.Zero) return;
        T coefficient = maxNorm / (n + offset);
        if (coefficient < T.One) x[i] = x[i] * coefficient;
    }
}
