using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// What the device Tron learners share: they run every iteration inside one group of threads (one launch for many
/// iterations, the phases of a step separated by group barriers), and record ‖w − θ*‖ with a tree in shared memory.
/// </summary>
internal static class TronGroup
{
    /// <summary>The largest group the kernels use (the length of their shared array); a power of two.</summary>
    internal const int MaxGroupSize = 256;

    /// <summary>
    /// The group size on <paramref name="accelerator"/>: the largest power of two up to <see cref="MaxGroupSize"/> that it
    /// allows (the tree halves the group). A Tron step of the papers' sizes has at most a few thousand independent
    /// pieces of work per phase, so larger groups would mostly wait at the barriers.
    /// </summary>
    internal static int GroupSize(Accelerator accelerator) =>
        1 << (int)Math.Log2(Math.Min(accelerator.MaxNumThreadsPerGroup, MaxGroupSize));

    /// <summary>
    /// distances[slot] = √Σ_a (w_a − θ*_a)², in double: each thread sums a strided run of a, then a tree over the group in
    /// <paramref name="shared"/> (length ≥ the group size). The order is fixed by the group size alone, so every run on an
    /// accelerator records the same numbers. Every thread of the group must call it (it holds barriers).
    /// </summary>
    internal static void RecordDistance<T, TReal>(ArrayView<T> w, ArrayView<T> target, int length, ArrayView<double> shared, ArrayView<double> distances, int slot)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IDeviceReal<T>
    {
        TReal real = default;
        int lane = Group.IdxX;
        double sum = 0;
        for (int a = lane; a < length; a += Group.DimX)
        {
            double d = real.ToDouble(w[a]) - real.ToDouble(target[a]);
            sum += d * d;
        }
        shared[lane] = sum;
        Group.Barrier();
        for (int half = Group.DimX / 2; half > 0; half /= 2)
        {
            if (lane < half) shared[lane] += shared[lane + half];
            Group.Barrier();
        }
        // Only lane 0 reads shared[0] after the tree, and the next record's first write to it is lane 0's own: no barrier.
        if (lane == 0) distances[slot] = Math.Sqrt(shared[0]);
    }
}
