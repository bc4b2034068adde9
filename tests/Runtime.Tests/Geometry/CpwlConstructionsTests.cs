using DslNets.Geometry;
using static DslNets.Runtime.Tests.Geometry.RegionTestHelpers;

namespace DslNets.Runtime.Tests.Geometry;

[Network(Inputs = 1, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class InterpolantNet
{
    [Dense(6, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

[Network(Inputs = 1, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class SawtoothNet
{
    [Dense(3, Activation.ReLU)] public partial DenseLayer<double> G1 { get; }
    [Dense(3, Activation.ReLU)] public partial DenseLayer<double> G2 { get; }
    [Dense(3, Activation.ReLU)] public partial DenseLayer<double> G3 { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

[Network(Inputs = 1, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class BinarySawtoothNet
{
    [Dense(2, Activation.ReLU)] public partial DenseLayer<double> G1 { get; }
    [Dense(2, Activation.ReLU)] public partial DenseLayer<double> G2 { get; }
    [Dense(2, Activation.ReLU)] public partial DenseLayer<double> G3 { get; }
    [Dense(2, Activation.ReLU)] public partial DenseLayer<double> G4 { get; }
    [Dense(2, Activation.ReLU)] public partial DenseLayer<double> G5 { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary>γ_Z for m = 7 generators in the plane.</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class PlaneZonotopeNet
{
    [Dense(14, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary>γ_Z for m = 6 generators in R³.</summary>
[Network(Inputs = 3, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class SpaceZonotopeNet
{
    [Dense(12, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

public class CpwlConstructionsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Interpolant_ReproducesTheFunctionAtItsBreakpoints_AndHasExactlyPPieces(int seed)
    {
        var random = new SeededRandom(seed);
        double[] t = Enumerable.Range(0, 5).Select(_ => 10 * random.NextDouble() - 5).Order().ToArray();
        double[] f = Gaussian(5, seed + 100);
        double left = random.NextGaussian(), right = random.NextGaussian();
        var net = new InterpolantNet(seed);
        CpwlConstructions.WriteInterpolant(net, t, f, left, right);
        for (int j = 0; j < 5; j++) Assert.Equal(f[j], Forward(net, [t[j]])[0], 1e-12);
        // Outside: the end slopes.
        Assert.Equal(f[0] - 2 * left, Forward(net, [t[0] - 2])[0], 1e-12);
        Assert.Equal(f[4] + 3 * right, Forward(net, [t[4] + 3])[0], 1e-12);
        // Between breakpoints: linear interpolation.
        double mid = (t[1] + t[2]) / 2;
        Assert.Equal((f[1] + f[2]) / 2, Forward(net, [mid])[0], 1e-12);
        SegmentPartition pieces = SegmentRegions.Compute(net, [t[0] - 1], [t[4] + 1]);
        Assert.Equal(6, pieces.CountLinearPieces());
        double[] found = pieces.Breakpoints.Select(s => t[0] - 1 + s * (t[4] - t[0] + 2)).Distinct().ToArray();
        Assert.Equal(5, found.Length);
        for (int j = 0; j < 5; j++) Assert.Equal(t[j], found[j], 1e-12);
    }

    [Fact]
    public void Interpolant_RejectsWrongShapesAndUnsortedBreakpoints()
    {
        var net = new InterpolantNet(1);
        Assert.Contains("increasing", Assert.Throws<ArgumentException>(() => CpwlConstructions.WriteInterpolant(net, [0.0, 2, 1, 3, 4], [0.0, 0, 0, 0, 0], 0, 0)).Message);
        // 3 breakpoints need a width of 4, not 6.
        Assert.Contains("4 neurons", Assert.Throws<ArgumentException>(() => CpwlConstructions.WriteInterpolant(net, [0.0, 1, 2], [0.0, 0, 0], 0, 0)).Message);
        Assert.Contains("one value per breakpoint", Assert.Throws<ArgumentException>(() => CpwlConstructions.WriteInterpolant(net, [0.0, 1, 2, 3, 4], [0.0], 0, 0)).Message);
    }

    [Fact]
    public void SawtoothCompositions_HaveExactlyWToTheKPieces()
    {
        var three = new SawtoothNet(1);
        Assert.Equal((3, 3), CpwlConstructions.WriteSawtoothComposition(three));
        CheckSawtooth(three, 3, 3);
        var two = new BinarySawtoothNet(1);
        Assert.Equal((2, 5), CpwlConstructions.WriteSawtoothComposition(two));
        CheckSawtooth(two, 2, 5);
        Assert.Contains("1 input", Assert.Throws<ArgumentException>(() => CpwlConstructions.WriteSawtoothComposition(new PlaneZonotopeNet(1))).Message);
    }

    private static void CheckSawtooth<TNet>(TNet net, int w, int k) where TNet : IPiecewiseLinearNetwork<TNet>, INetwork<TNet, double>
    {
        int expected = (int)Math.Pow(w, k);
        SegmentPartition partition = SegmentRegions.Compute(net, [0.0], [1.0]);
        Assert.Equal(expected, partition.CountLinearPieces());
        Assert.True(partition.Pieces.Count >= expected);
        Assert.True(partition.Pieces.Count <= (int)Math.Pow(w + 1, k)); // Serra et al. for one input.
        // Independent: g^k maps each [j/w^k, (j+1)/w^k] monotonically onto [0, 1], so g^k(j / w^k) = j mod 2, and slopes are ±w^k.
        for (int j = 0; j <= expected; j++) Assert.Equal(j % 2, Forward(net, [(double)j / expected])[0], 1e-9);
        Assert.All(partition.Pieces, p => Assert.Equal(expected, Math.Abs(p.Slopes[0]), 1e-6));
    }

    [Fact]
    public void PlaneZonotope_HasTwiceMPieces_AndIsTheSumOfAbsoluteValues()
    {
        double[] b = Gaussian(14, 5);
        var net = new PlaneZonotopeNet(1);
        CpwlConstructions.WriteZonotope(net, b);
        var random = new SeededRandom(6);
        for (int trial = 0; trial < 100; trial++)
        {
            double x = random.NextGaussian(), y = random.NextGaussian();
            double gamma = Enumerable.Range(0, 7).Sum(i => Math.Abs(x * b[2 * i] + y * b[2 * i + 1]));
            Assert.Equal(gamma, Forward(net, [x, y])[0], 1e-12);
        }

        SlicePartition partition = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], new SliceWindow(-1, 1, -1, 1));
        // 2·Σ_{i<2} C(6, i) = 2·(1 + 6) = 14 sectors; ReLU(z) and ReLU(−z) share a line, so each line cuts once.
        Assert.Equal(14, (int)CpwlConstructions.ZonotopePieceCount(7, 2));
        Assert.Equal(14, partition.Regions.Count);
        Assert.Equal(14, partition.CountLinearPieces());
        SliceRegionsTests.CheckTiling(net, partition);
    }

    [Fact]
    public void LinearPiecesMergeRegionsWhoseNeuronDoesNotReachTheOutput()
    {
        // A plane net whose neuron 3 has output weight 0: its line splits regions but not the function, so the pieces are
        // the regions of the other lines' arrangement (counted by Zaslavsky's formula independently).
        var net = Randomized(new PlaneNet(3), 3);
        for (int i = 6; i < 20; i++) { net.Hidden.Weight(i, 0) = 0; net.Hidden.Weight(i, 1) = 0; net.Hidden.Bias[i] = 0; }
        net.Out.Weight(0, 3) = 0;
        var window = new SliceWindow(-1e3, 1e3, -1e3, 1e3);
        SlicePartition partition = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], window);
        Assert.Equal(GeneralPositionCount(6, 2), partition.Regions.Count);
        Assert.Equal(GeneralPositionCount(5, 2), partition.CountLinearPieces());
        // The same in one dimension.
        var line = Randomized(new LineNet(4), 4);
        line.Out.Weight(0, 5) = 0;
        SegmentPartition pieces = SegmentRegions.Compute(line, [-1e3], [1e3]);
        Assert.Equal(13, pieces.Pieces.Count);
        Assert.Equal(12, pieces.CountLinearPieces());
    }
}
