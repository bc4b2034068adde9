using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// Counts the distinct activation patterns that N uniform random points of a box meet, with the points drawn, the network
/// evaluated and the patterns hashed on the device; only the 8-byte hashes come back. A lower bound beside the exact counts
/// of <see cref="Geometry.InputSpaceRegions"/>, for networks and boxes too large to enumerate.
/// </summary>
public static class DevicePatternCounter
{
    /// <summary>Counts patterns over <paramref name="points"/> points of the box [lower, upper].</summary>
    /// <param name="network">A piecewise-linear network on the device.</param>
    /// <param name="lower">The box's lower corner (InputSize numbers).</param>
    /// <param name="upper">The upper corner; each coordinate above the lower one.</param>
    /// <param name="points">How many points (≥ 1).</param>
    /// <param name="seed">The same seed gives the same points and count.</param>
    /// <param name="batch">Points per launch.</param>
    public static PatternCount CountInBox<TNet, T>(DeviceNetwork<TNet, T> network, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper,
        long points, ulong seed, int batch = 1 << 16)
        where TNet : IDeviceNetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        int n = TNet.InputSize;
        if (!TNet.IsPiecewiseLinear) throw new InvalidOperationException($"{typeof(TNet).Name} is not piecewise linear (it has Sigmoid or Tanh layers): it has no activation patterns.");
        if (lower.Length != n || upper.Length != n)
            throw new ArgumentException($"Expected box corners of {n} numbers ({typeof(TNet).Name}'s input size) but got {lower.Length} and {upper.Length}.");
        var width = new double[n];
        for (int k = 0; k < n; k++)
        {
            if (!double.IsFinite(lower[k]) || !double.IsFinite(upper[k]) || !(lower[k] < upper[k]))
                throw new ArgumentException($"Expected a finite box with lower < upper in every coordinate but coordinate {k} is [{lower[k]}, {upper[k]}].");
            width[k] = upper[k] - lower[k];
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        Accelerator accelerator = network.Device.Accelerator;
        int size = (int)Math.Min(batch, points);
        using MemoryBuffer1D<double, Stride1D.Dense> lowerOnDevice = DeviceMemory.Allocate<double>(accelerator, n, "the box's lower corner");
        using MemoryBuffer1D<double, Stride1D.Dense> widthOnDevice = DeviceMemory.Allocate<double>(accelerator, n, "the box's widths");
        using MemoryBuffer1D<T, Stride1D.Dense> x = DeviceMemory.Allocate<T>(accelerator, (long)size * n, "random points");
        using MemoryBuffer1D<ulong, Stride1D.Dense> words = DeviceMemory.Allocate<ulong>(accelerator, (long)size * Math.Max(1, network.PatternWords), "activation patterns");
        using MemoryBuffer1D<ulong, Stride1D.Dense> hashes = DeviceMemory.Allocate<ulong>(accelerator, size, "pattern hashes");
        ((ArrayView<double>)lowerOnDevice.View).SubView(0, n).CopyFromCPU(lower);
        ((ArrayView<double>)widthOnDevice.View).SubView(0, n).CopyFromCPU(width);
        Action<Index1D, ArrayView<T>, ArrayView<double>, ArrayView<double>, int, ulong, long> fill = LoadFill<T>(accelerator);
        var distinct = new HashSet<ulong>();
        var host = new ulong[size];
        for (long first = 0; first < points; first += size)
        {
            int count = (int)Math.Min(size, points - first);
            ArrayView<T> xs = ((ArrayView<T>)x.View).SubView(0, (long)count * n);
            fill(count * n, xs, lowerOnDevice.View, widthOnDevice.View, n, seed, first);
            ArrayView<ulong> h = ((ArrayView<ulong>)hashes.View).SubView(0, count);
            network.Patterns(xs, ((ArrayView<ulong>)words.View).SubView(0, (long)count * network.PatternWords), h);
            accelerator.Synchronize();
            h.CopyToCPU(host.AsSpan(0, count));
            for (int i = 0; i < count; i++) distinct.Add(host[i]);
        }

        double d = distinct.Count;
        return new PatternCount(points, distinct.Count, Math.Min(1.0, d * (d - 1) / 2 * Math.Pow(2, -64)));
    }

    private static Action<Index1D, ArrayView<T>, ArrayView<double>, ArrayView<double>, int, ulong, long> LoadFill<T>(Accelerator accelerator) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
            return (Action<Index1D, ArrayView<T>, ArrayView<double>, ArrayView<double>, int, ulong, long>)(object)
                accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, ulong, long>(DeviceRandom.FillBoxDouble);
        if (typeof(T) == typeof(float))
            return (Action<Index1D, ArrayView<T>, ArrayView<double>, ArrayView<double>, int, ulong, long>)(object)
                accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<double>, ArrayView<double>, int, ulong, long>(DeviceRandom.FillBoxSingle);
        throw new NotSupportedException($"Expected float or double but got {typeof(T).Name}.");
    }
}
