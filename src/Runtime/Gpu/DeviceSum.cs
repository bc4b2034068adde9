using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// The sum of a device vector into one device number, without atomics: each thread of a fixed grid sums a strided run,
/// a tree in shared memory per group, then one group over the per-group sums (<see cref="GlobalNormKernels"/>' scheme).
/// The order depends on the launch shape alone, so a sum is the same on every run on a given accelerator.
/// </summary>
internal sealed class DeviceSum : IDisposable
{
    private const int MaxGroups = 1024;
    private readonly int _groupSize;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _partials;
    private readonly Action<KernelConfig, ArrayView<double>, ArrayView<double>> _partialSums;
    private readonly Action<KernelConfig, ArrayView<double>, int, ArrayView<double>> _total;

    public DeviceSum(Accelerator accelerator)
    {
        // The tree halves the group, so its size is a power of two.
        _groupSize = 1 << (int)Math.Log2(Math.Min(accelerator.MaxNumThreadsPerGroup, GlobalNormKernels.MaxGroupSize));
        _partials = DeviceMemory.Allocate<double>(accelerator, MaxGroups, "per-group partial sums");
        _partialSums = accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>>(PartialSums);
        _total = accelerator.LoadStreamKernel<ArrayView<double>, int, ArrayView<double>>(Total);
    }

    /// <summary>Enqueues target[0] = Σ x.</summary>
    public void Sum(ArrayView<double> x, ArrayView<double> target)
    {
        int groups = (int)Math.Max(1, Math.Min(MaxGroups, (x.Length + _groupSize - 1) / _groupSize));
        _partialSums(new KernelConfig(groups, _groupSize), x, _partials.View);
        _total(new KernelConfig(1, _groupSize), _partials.View, groups, target);
    }

    public void Dispose() => _partials.Dispose();

    /// <summary>Pass 1 (grouped): partials[group] = Σ x_i over the elements this group's threads visit.</summary>
    internal static void PartialSums(ArrayView<double> x, ArrayView<double> partials)
    {
        ArrayView<double> shared = SharedMemory.Allocate1D<double>(GlobalNormKernels.MaxGroupSize);
        int lane = Group.IdxX;
        long stride = (long)Grid.DimX * Group.DimX;
        double sum = 0.0;
        for (long i = (long)Grid.IdxX * Group.DimX + lane; i < x.Length; i += stride) sum += x[i];
        shared[lane] = sum;
        Group.Barrier();
        GroupSum.Tree(shared, lane);
        if (lane == 0) partials[Grid.IdxX] = shared[0];
    }

    /// <summary>Pass 2 (one group): target[0] = Σ partials[0..count).</summary>
    internal static void Total(ArrayView<double> partials, int count, ArrayView<double> target)
    {
        ArrayView<double> shared = SharedMemory.Allocate1D<double>(GlobalNormKernels.MaxGroupSize);
        int lane = Group.IdxX;
        double sum = 0.0;
        for (int i = lane; i < count; i += Group.DimX) sum += partials[i];
        shared[lane] = sum;
        Group.Barrier();
        GroupSum.Tree(shared, lane);
        if (lane == 0) target[0] = shared[0];
    }
}
