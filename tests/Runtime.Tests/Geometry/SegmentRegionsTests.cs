using DslNets.Geometry;
using static DslNets.Runtime.Tests.Geometry.RegionTestHelpers;

namespace DslNets.Runtime.Tests.Geometry;

public class SegmentRegionsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OneInputOneLayer_BreakpointsAreTheNeuronsZeros_CountIsWidthPlusOne(int seed)
    {
        var net = Randomized(new LineNet(seed), seed);
        // Independent: neuron i's kink is at x = −b_i / w_i.
        double[] kinks = Enumerable.Range(0, 12).Select(i => -net.Hidden.Bias[i] / net.Hidden.Weight(i, 0)).Order().ToArray();
        double a = kinks[0] - 1, b = kinks[^1] + 1;
        SegmentPartition partition = SegmentRegions.Compute(net, [a], [b]);
        Assert.Equal(12 + 1, partition.Pieces.Count);
        Assert.Equal(GeneralPositionCount(12, 1), partition.Pieces.Count);
        double[] found = partition.Breakpoints.Select(s => a + s * (b - a)).ToArray();
        for (int i = 0; i < kinks.Length; i++) Assert.Equal(kinks[i], found[i], 1e-10);
        Assert.Equal(0, partition.Pieces[0].Start);
        Assert.Equal(1, partition.Pieces[^1].End);
    }

    [Fact]
    public void DeadAndDuplicateNeurons_MakeNoExtraPieces()
    {
        var net = Randomized(new LineNet(4), 4);
        // Neuron 0 never switches (zero weight, negative bias); neuron 2 copies neuron 1's kink; neuron 3 has its kink at 0.
        net.Hidden.Weight(0, 0) = 0;
        net.Hidden.Bias[0] = -1;
        net.Hidden.Weight(2, 0) = 2 * net.Hidden.Weight(1, 0);
        net.Hidden.Bias[2] = 2 * net.Hidden.Bias[1];
        net.Hidden.Bias[3] = 0;
        double[] kinks = Enumerable.Range(0, 12).Where(i => i != 0).Select(i => -net.Hidden.Bias[i] / net.Hidden.Weight(i, 0)).Distinct().Order().ToArray();
        Assert.Equal(10, kinks.Length);
        double a = kinks[0] - 1, b = kinks[^1] + 1;
        SegmentPartition partition = SegmentRegions.Compute(net, [a], [b]);
        Assert.Equal(11, partition.Pieces.Count);
        // Starting exactly on the kink at 0 gives the state just past it.
        SegmentPartition fromZero = SegmentRegions.Compute(net, [0.0], [b]);
        Assert.Equal(PiecewiseLinear.PatternOf(net, [fromZero.Pieces[0].End * b / 2]), fromZero.Pieces[0].Pattern);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void DeepNetwork_PiecesMatchTheForwardPassAndEveryPointsPattern(int seed)
    {
        var net = Randomized(new DeepRegionNet(seed), seed);
        double[] a = Gaussian(5, seed * 10 + 1).Select(x => 3 * x).ToArray();
        double[] b = Gaussian(5, seed * 10 + 2).Select(x => 3 * x).ToArray();
        SegmentPartition partition = SegmentRegions.Compute(net, a, b);
        Assert.True(partition.Pieces.Count > 5, $"Expected a deep random net to bend along a long segment but got {partition.Pieces.Count} pieces.");
        for (int k = 1; k < partition.Pieces.Count; k++)
        {
            Assert.Equal(partition.Pieces[k - 1].End, partition.Pieces[k].Start);
            Assert.NotEqual(partition.Pieces[k - 1].Pattern, partition.Pieces[k].Pattern);
        }

        // The line restricted net is a one-input net with the same widths: at most Π(n_l + 1) pieces (Serra et al. for n₀ = 1).
        Assert.True(partition.Pieces.Count <= 10 * 9 * 8 * 8);
        // Dense sampling: every point's own pattern is that of the piece that holds it, and the piece's map is the network.
        var random = new SeededRandom(seed);
        int checkedPoints = 0;
        for (int trial = 0; trial < 5000; trial++)
        {
            double s = random.NextDouble();
            SegmentPiece piece = partition.Pieces.First(p => p.End >= s);
            if (Math.Min(s - piece.Start, piece.End - s) < 1e-9) continue;
            double[] x = a.Zip(b, (p, q) => p + s * (q - p)).ToArray();
            Assert.Equal(PiecewiseLinear.PatternOf(net, x), piece.Pattern);
            double[] y = Forward(net, x);
            for (int j = 0; j < 2; j++) Assert.Equal(y[j], piece.Evaluate(j, s), 1e-9 * (1 + Math.Abs(y[j])));
            checkedPoints++;
        }

        Assert.True(checkedPoints > 4900);
    }

    [Fact]
    public void BadSegmentsAreRejectedWithClearMessages()
    {
        var net = new LineNet(1);
        Assert.Contains("input size", Assert.Throws<ArgumentException>(() => SegmentRegions.Compute(net, [0.0, 1.0], [1.0])).Message);
        Assert.Contains("positive length", Assert.Throws<ArgumentException>(() => SegmentRegions.Compute(net, [0.5], [0.5])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => SegmentRegions.Compute(net, [double.NaN], [0.5])).Message);
    }
}
