using DslNets.Geometry;
using DslNets.Gpu;
using DslNets.Runtime.Tests.Geometry;
using static DslNets.Runtime.Tests.Geometry.RegionTestHelpers;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// The device pattern counter against the exact region enumeration: its count never exceeds the number of regions that
/// meet the box, and equals it on small networks with enough points.
/// </summary>
public sealed class DevicePatternCounterTests : IDisposable
{
    private readonly ComputeDevice _device = ComputeDevice.Open(DeviceKind.Cpu, log: TextWriter.Null);

    public void Dispose() => _device.Dispose();

    [Fact]
    public void OnASmallPlaneNetEnoughPointsMeetEveryRegion()
    {
        PlaneNet net = Randomized(new PlaneNet(1), 41);
        double[] lower = [-1, -1], upper = [1, 1];
        int exact = InputSpaceRegions.Enumerate(net, lower, upper).Regions.Count;
        using var onDevice = new DeviceNetwork<PlaneNet, double>(_device, net);
        PatternCount count = DevicePatternCounter.CountInBox(onDevice, lower, upper, points: 400_000, seed: 7);
        Assert.True(exact > 20, $"The test network should have many regions in the box; it has {exact}.");
        Assert.Equal(exact, count.DistinctPatterns);
        Assert.True(count.CollisionProbabilityBound < 1e-12);
    }

    [Fact]
    public void OnADeepNetTheCountIsALowerBoundThatGrowsWithThePoints()
    {
        DeepPlaneNet net = Randomized(new DeepPlaneNet(2), 43);
        double[] lower = [-2, -1], upper = [2, 1];
        int exact = InputSpaceRegions.Enumerate(net, lower, upper).Regions.Count;
        using var onDevice = new DeviceNetwork<DeepPlaneNet, double>(_device, net);
        long few = DevicePatternCounter.CountInBox(onDevice, lower, upper, points: 200, seed: 3).DistinctPatterns;
        long many = DevicePatternCounter.CountInBox(onDevice, lower, upper, points: 100_000, seed: 3, batch: 7_777).DistinctPatterns;
        Assert.InRange(few, 1, many);
        Assert.InRange(many, 1, exact);
    }

    [Fact]
    public void TheSameSeedGivesTheSameCountWhateverTheBatchSplit()
    {
        DeepRegionNet net = Randomized(new DeepRegionNet(3), 44);
        var lower = new double[DeepRegionNet.InputSize];
        var upper = new double[DeepRegionNet.InputSize];
        Array.Fill(lower, -1.0);
        Array.Fill(upper, 1.0);
        using var onDevice = new DeviceNetwork<DeepRegionNet, double>(_device, net);
        PatternCount one = DevicePatternCounter.CountInBox(onDevice, lower, upper, points: 5_000, seed: 11, batch: 5_000);
        PatternCount split = DevicePatternCounter.CountInBox(onDevice, lower, upper, points: 5_000, seed: 11, batch: 333);
        PatternCount other = DevicePatternCounter.CountInBox(onDevice, lower, upper, points: 5_000, seed: 12, batch: 333);
        Assert.Equal(one, split);
        Assert.True(one.DistinctPatterns > 1);
        Assert.True(other.DistinctPatterns > 0);
    }

    [Fact]
    public void DevicePatternsAreTheHostPatterns()
    {
        DeepRegionNet net = Randomized(new DeepRegionNet(4), 45);
        using var onDevice = new DeviceNetwork<DeepRegionNet, double>(_device, net);
        const int batch = 50;
        int n = DeepRegionNet.InputSize;
        double[] inputs = Gaussian(batch * n, 46);
        var hashes = new ulong[batch];
        var words = new ulong[batch * onDevice.PatternWords];
        onDevice.PatternBatch(inputs, hashes, words);
        for (int s = 0; s < batch; s++)
        {
            ActivationPattern expected = PiecewiseLinear.PatternOf(net, inputs.AsSpan(s * n, n));
            Assert.Equal(expected.Words.ToArray(), words.AsSpan(s * onDevice.PatternWords, onDevice.PatternWords).ToArray());
            Assert.Equal(PatternHash.Of(expected), hashes[s]);
        }
    }

    [Fact]
    public void ABadBoxIsRejectedNamingTheCoordinate()
    {
        using var onDevice = new DeviceNetwork<PlaneNet, double>(_device, new PlaneNet(5));
        var error = Assert.Throws<ArgumentException>(() => DevicePatternCounter.CountInBox(onDevice, [0, 1], [1, 1], 10, 1));
        Assert.Contains("coordinate 1", error.Message);
        error = Assert.Throws<ArgumentException>(() => DevicePatternCounter.CountInBox(onDevice, [0], [1], 10, 1));
        Assert.Contains("2 numbers", error.Message);
    }
}
