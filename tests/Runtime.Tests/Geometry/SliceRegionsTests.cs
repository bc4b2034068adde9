using DslNets.Geometry;
using static DslNets.Runtime.Tests.Geometry.RegionTestHelpers;

namespace DslNets.Runtime.Tests.Geometry;

public class SliceRegionsTests
{
    /// <summary>
    /// A plane net whose first <paramref name="active"/> neurons are random lines and the rest are switched off (zero
    /// weights and bias: a constant pre-activation 0, which cuts nothing), and a window beyond every crossing of two lines.
    /// </summary>
    private static (PlaneNet Net, SliceWindow Window) Arrangement(int active, int seed)
    {
        var net = Randomized(new PlaneNet(seed), seed);
        for (int i = active; i < 20; i++) { net.Hidden.Weight(i, 0) = 0; net.Hidden.Weight(i, 1) = 0; net.Hidden.Bias[i] = 0; }
        // Independent: the vertices of the arrangement solve w_i·x + b_i = 0 = w_j·x + b_j.
        double s0 = -1, s1 = 1, t0 = -1, t1 = 1;
        for (int i = 0; i < active; i++)
        {
            // The point of line i nearest the origin, so that even a lone line crosses the window.
            double wa = net.Hidden.Weight(i, 0), wb = net.Hidden.Weight(i, 1), wc = net.Hidden.Bias[i];
            double fx = -wc * wa / (wa * wa + wb * wb), fy = -wc * wb / (wa * wa + wb * wb);
            s0 = Math.Min(s0, fx); s1 = Math.Max(s1, fx); t0 = Math.Min(t0, fy); t1 = Math.Max(t1, fy);
            for (int j = i + 1; j < active; j++)
            {
                double a1 = net.Hidden.Weight(i, 0), b1 = net.Hidden.Weight(i, 1), c1 = net.Hidden.Bias[i];
                double a2 = net.Hidden.Weight(j, 0), b2 = net.Hidden.Weight(j, 1), c2 = net.Hidden.Bias[j];
                double det = a1 * b2 - a2 * b1;
                double x = (-c1 * b2 + c2 * b1) / det, y = (-a1 * c2 + a2 * c1) / det;
                s0 = Math.Min(s0, x); s1 = Math.Max(s1, x); t0 = Math.Min(t0, y); t1 = Math.Max(t1, y);
            }
        }

        double margin = 0.1 * Math.Max(s1 - s0, t1 - t0) + 1;
        return (net, new SliceWindow(s0 - margin, s1 + margin, t0 - margin, t1 + margin));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(5, 4)]
    [InlineData(13, 5)]
    [InlineData(20, 6)]
    [InlineData(20, 7)]
    public void OneHiddenLayer_CountIsZaslavskys_AreasAddUp_PatternsMatchCentroids(int active, int seed)
    {
        (PlaneNet net, SliceWindow window) = Arrangement(active, seed);
        SlicePartition partition = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], window);
        Assert.Equal(GeneralPositionCount(active, 2), partition.Regions.Count);
        CheckTiling(net, partition);
        // Distinct regions of one layer have distinct patterns.
        Assert.Equal(partition.Regions.Count, partition.Regions.Select(r => r.Pattern).Distinct().Count());
    }

    [Fact]
    public void HundredThousandRandomPointsLandOnlyInEnumeratedRegionsWithTheirPatterns()
    {
        (PlaneNet net, SliceWindow window) = Arrangement(20, 8);
        SlicePartition partition = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], window);
        CheckPoints(net, partition, 100_000, 8);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void DeepNetworkOnAnObliqueSlice_TilesTheWindowAndMatchesTheForwardPass(int seed)
    {
        var net = Randomized(new DeepRegionNet(seed), seed);
        double[] origin = Gaussian(5, seed * 10 + 1), u = Gaussian(5, seed * 10 + 2), v = Gaussian(5, seed * 10 + 3);
        SlicePartition partition = SliceRegions.Compute(net, origin, u, v, new SliceWindow(-2, 3, -1.5, 2.5));
        Assert.True(partition.Regions.Count > 20, $"Expected a deep random net to have many regions on the slice but got {partition.Regions.Count}.");
        CheckTiling(net, partition);
        // The net restricted to the plane is a 2-input net with the same widths. Layer B is LeakyReLU, for which only the
        // injective bound is proven beyond one layer (RegionCountBounds remarks); Serra's smaller value is checked too, as an
        // observation on these seeds, not a theorem.
        Assert.True(partition.Regions.Count <= RegionCountBounds.InjectiveUpperBound(2, [9, 8, 7]));
        Assert.True(partition.Regions.Count <= RegionCountBounds.SerraUpperBound(2, [9, 8, 7]));
        foreach (SliceRegion region in partition.Regions)
        {
            double[] y = Forward(net, partition.Point(region.Centroid.S, region.Centroid.T));
            for (int j = 0; j < 2; j++) Assert.Equal(y[j], region.Evaluate(j, region.Centroid.S, region.Centroid.T), 1e-9 * (1 + Math.Abs(y[j])));
        }

        CheckPoints(net, partition, 20_000, seed);
    }

    [Fact]
    public void ConcurrentLines_MakeTwoRegionsPerLine_WithNoSliverAtTheCommonPoint()
    {
        // Five lines through (0.3, −0.7): a degenerate arrangement with 2·5 regions (not Zaslavsky's 16), however the
        // rounding of b = −w·p places the five crossings.
        PlaneNet net = ConcurrentLines(5, 0.3, -0.7, 12);
        SlicePartition partition = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], new SliceWindow(-2, 2, -2, 2));
        Assert.Equal(10, partition.Regions.Count);
        CheckTiling(net, partition);
        CheckPoints(net, partition, 5000, 12);
    }

    /// <summary>A plane net whose first <paramref name="count"/> neurons are random lines through (x, y), the rest off.</summary>
    internal static PlaneNet ConcurrentLines(int count, double x, double y, int seed)
    {
        var net = Randomized(new PlaneNet(seed), seed);
        for (int i = 0; i < 20; i++)
        {
            if (i >= count) { net.Hidden.Weight(i, 0) = 0; net.Hidden.Weight(i, 1) = 0; net.Hidden.Bias[i] = 0; continue; }
            net.Hidden.Bias[i] = -(net.Hidden.Weight(i, 0) * x + net.Hidden.Weight(i, 1) * y);
        }

        return net;
    }

    [Fact]
    public void DenseLayerShortcutAgreesWithTheGeneralPath()
    {
        var net = Randomized(new DeepRegionNet(23), 23);
        double[] origin = Gaussian(5, 231), u = Gaussian(5, 232), v = Gaussian(5, 233);
        var window = new SliceWindow(-2, 2, -2, 2);
        SlicePartition fast = SliceRegions.Compute(net, origin, u, v, window, SliceRegions.DefaultTolerance, useLayerwise: true);
        SlicePartition general = SliceRegions.Compute(net, origin, u, v, window, SliceRegions.DefaultTolerance, useLayerwise: false);
        Assert.Equal(general.Regions.Count, fast.Regions.Count);
        for (int r = 0; r < fast.Regions.Count; r++)
        {
            Assert.Equal(general.Regions[r].Pattern, fast.Regions[r].Pattern);
            Assert.Equal(general.Regions[r].VertexCount, fast.Regions[r].VertexCount);
            for (int k = 0; k < fast.Regions[r].Vertices.Count; k++) Assert.Equal(general.Regions[r].Vertices[k], fast.Regions[r].Vertices[k], 1e-9);
            for (int k = 0; k < fast.Regions[r].OutputMap.Count; k++) Assert.Equal(general.Regions[r].OutputMap[k], fast.Regions[r].OutputMap[k], 1e-9);
        }
    }

    [Fact]
    public void SharedFilterAndTiedNetworksArePartitionedToo()
    {
        var filter = Randomized(new FilterSliceNet(1), 41);
        SlicePartition partition = SliceRegions.Compute(filter, Gaussian(6, 42), Gaussian(6, 43), Gaussian(6, 44), new SliceWindow(-2, 2, -2, 2));
        Assert.True(partition.Regions.Count > 3);
        CheckTiling(filter, partition);
        CheckPoints(filter, partition, 5000, 45);
        var tied = Randomized(new TiedSliceNet(1), 46);
        partition = SliceRegions.Compute(tied, Gaussian(4, 47), Gaussian(4, 48), Gaussian(4, 49), new SliceWindow(-2, 2, -2, 2));
        Assert.True(partition.Regions.Count > 3);
        CheckTiling(tied, partition);
        foreach (SliceRegion region in partition.Regions)
        {
            double[] y = Forward(tied, partition.Point(region.Centroid.S, region.Centroid.T));
            for (int j = 0; j < 4; j++) Assert.Equal(y[j], region.Evaluate(j, region.Centroid.S, region.Centroid.T), 1e-9 * (1 + Math.Abs(y[j])));
        }
    }

    [Fact]
    public void CoincidentAndNearlyCoincidentLinesCutOnce_NoSliversAreMade()
    {
        (PlaneNet net, SliceWindow window) = Arrangement(6, 9);
        // Neuron 6 is neuron 0 negated (the same line, opposite side); neuron 7 is neuron 1 moved by 1e-13 (within δ).
        net.Hidden.Weight(6, 0) = -net.Hidden.Weight(0, 0); net.Hidden.Weight(6, 1) = -net.Hidden.Weight(0, 1); net.Hidden.Bias[6] = -net.Hidden.Bias[0];
        net.Hidden.Weight(7, 0) = net.Hidden.Weight(1, 0); net.Hidden.Weight(7, 1) = net.Hidden.Weight(1, 1); net.Hidden.Bias[7] = net.Hidden.Bias[1] + 1e-13;
        SlicePartition partition = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], window);
        Assert.Equal(GeneralPositionCount(6, 2), partition.Regions.Count);
        CheckTiling(net, partition);
        // Neuron 6 is the complement of neuron 0 in every region.
        Assert.All(partition.Regions, r => Assert.NotEqual(r.Pattern[0], r.Pattern[6]));
        // With no tolerance the nearly coincident line does cut: slivers of width ~1e-13 appear, and still tile the window.
        SlicePartition exact = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], window, tolerance: 0);
        Assert.True(exact.Regions.Count > partition.Regions.Count);
        Assert.Equal(window.Area, exact.Regions.Sum(r => r.Area), 1e-9 * window.Area);
    }

    [Fact]
    public void FloatNetworks_FastAndGeneralPathsAgree_AndTileTheWindow()
    {
        var net = new FloatPlaneNet(5);
        new SeededRandom(51).FillGaussian<float>(net.Parameters);
        var window = new SliceWindow(-3, 3, -3, 3);
        SlicePartition fast = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], window, SliceRegions.DefaultTolerance, useLayerwise: true);
        SlicePartition general = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], window, SliceRegions.DefaultTolerance, useLayerwise: false);
        Assert.Equal(general.Regions.Select(r => r.Pattern), fast.Regions.Select(r => r.Pattern));
        Assert.True(fast.Regions.Count > 10);
        CheckTiling(net, fast);
        foreach (SliceRegion region in fast.Regions)
        {
            float[] y = new float[1];
            net.Forward([(float)region.Centroid.S, (float)region.Centroid.T], y);
            Assert.Equal(y[0], region.Evaluate(0, region.Centroid.S, region.Centroid.T), 1e-4 * (1 + Math.Abs(y[0])));
        }
    }

    [Fact]
    public void BadSlicesAreRejectedWithClearMessages()
    {
        var net = new PlaneNet(1);
        var window = new SliceWindow(-1, 1, -1, 1);
        Assert.Contains("parallel", Assert.Throws<ArgumentException>(() => SliceRegions.Compute(net, [0.0, 0.0], [1.0, 1.0], [2.0, 2.0], window)).Message);
        Assert.Contains("input size", Assert.Throws<ArgumentException>(() => SliceRegions.Compute(net, [0.0], [1.0, 0.0], [0.0, 1.0], window)).Message);
        Assert.Contains("SMin < SMax", Assert.Throws<ArgumentException>(() => SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], new SliceWindow(1, -1, 0, 1))).Message);
    }

    /// <summary>Areas add up to the window's; every region lies in the window; its stored pattern is its centroid's.</summary>
    internal static void CheckTiling<TNet>(TNet net, SlicePartition partition) where TNet : IPiecewiseLinearNetwork<TNet>
    {
        SliceWindow window = partition.Window;
        Assert.Equal(window.Area, partition.Regions.Sum(r => r.Area), 1e-9 * window.Area);
        foreach (SliceRegion region in partition.Regions)
        {
            Assert.True(region.Area > 0);
            for (int k = 0; k < region.VertexCount; k++)
            {
                Assert.InRange(region.Vertices[2 * k], window.SMin - 1e-9, window.SMax + 1e-9);
                Assert.InRange(region.Vertices[2 * k + 1], window.TMin - 1e-9, window.TMax + 1e-9);
            }

            Assert.Equal(region.Pattern, PiecewiseLinear.PatternOf(net, partition.Point(region.Centroid.S, region.Centroid.T)));
        }
    }

    /// <summary>
    /// Random points of the window: the region with the point's pattern exists and contains the point, and (away from
    /// boundaries) no other region does.
    /// </summary>
    internal static void CheckPoints<TNet>(TNet net, SlicePartition partition, int count, int seed) where TNet : IPiecewiseLinearNetwork<TNet>
    {
        SliceWindow w = partition.Window;
        var byPattern = partition.Regions.GroupBy(r => r.Pattern).ToDictionary(g => g.Key, g => g.ToArray());
        var random = new SeededRandom(seed);
        double slack = 1e-9 * w.Diameter;
        for (int trial = 0; trial < count; trial++)
        {
            double s = w.SMin + random.NextDouble() * (w.SMax - w.SMin), t = w.TMin + random.NextDouble() * (w.TMax - w.TMin);
            ActivationPattern pattern = PiecewiseLinear.PatternOf(net, partition.Point(s, t));
            Assert.True(byPattern.TryGetValue(pattern, out SliceRegion[]? candidates), $"Point ({s}, {t}) has a pattern no enumerated region has.");
            Assert.Contains(candidates!, r => r.Contains(s, t, slack));
            if (trial < 2000)
            {
                // Exhaustive check on a subset: exactly one region holds the point strictly inside (or it is on a boundary).
                int inside = partition.Regions.Count(r => r.Depth(s, t) > slack);
                int near = partition.Regions.Count(r => r.Depth(s, t) >= -slack);
                Assert.True(inside == 1 || (inside == 0 && near >= 2), $"Point ({s}, {t}) lies strictly inside {inside} regions.");
            }
        }
    }
}
