using DslNets.Geometry;
using static DslNets.Runtime.Tests.Geometry.RegionTestHelpers;

namespace DslNets.Runtime.Tests.Geometry;

public class InputSpaceRegionsTests
{
    private static TNet WithActive<TNet>(TNet net, int active, int seed) where TNet : INetwork<TNet, double>
    {
        Randomized(net, seed);
        LayerInfo hidden = TNet.Layers[0];
        for (int i = active; i < hidden.Outputs; i++)
        {
            for (int k = 0; k < hidden.Inputs; k++) net.Parameters[hidden.WeightOffset + i * hidden.Inputs + k] = 0;
            net.Parameters[hidden.BiasOffset + i] = 0;
        }

        return net;
    }

    // Every input size up to 20 neurons, the hidden width of the test networks: Σ_{j≤n₀} C(20, j) = 21, 211, 1351 regions.
    [Theory]
    [InlineData(1, 20, 1)]
    [InlineData(1, 5, 2)]
    [InlineData(2, 20, 3)]
    [InlineData(2, 7, 4)]
    [InlineData(3, 9, 5)]
    [InlineData(3, 20, 6)]
    public void OneHiddenLayer_WholeSpace_CountIsZaslavskys(int inputs, int active, int seed)
    {
        RegionEnumeration result = inputs switch
        {
            1 => InputSpaceRegions.Enumerate(WithActive(new WideLineNet(seed), active, seed)),
            2 => InputSpaceRegions.Enumerate(WithActive(new PlaneNet(seed), active, seed)),
            _ => InputSpaceRegions.Enumerate(WithActive(new SpaceNet(seed), active, seed)),
        };
        Assert.Equal(GeneralPositionCount(active, inputs), result.Regions.Count);
        Assert.Equal(0, result.UnresolvedFacets);
        Assert.Equal(result.Regions.Count, result.Regions.Select(r => r.Pattern).Distinct().Count());
        Assert.All(result.Regions, r => Assert.True(r.Inradius > 0 && r.Depth(r.InteriorPoint.ToArray()) > 0));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public void OnTwoInputNetworks_TheSlicePartitionAndTheEnumerationFindTheSameRegions(int seed)
    {
        var net = Randomized(new DeepPlaneNet(seed), seed);
        RegionEnumeration enumeration = InputSpaceRegions.Enumerate(net, [-2.0, -1.5], [2.0, 2.5]);
        SlicePartition partition = SliceRegions.Compute(net, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], new SliceWindow(-2, 2, -1.5, 2.5));
        var fromSlice = partition.Regions.Select(r => r.Pattern.ToString()).Order().ToArray();
        var fromSearch = enumeration.Regions.Select(r => r.Pattern.ToString()).Order().ToArray();
        Assert.True(fromSearch.Length > 10, $"Expected a deep random net to have many regions in the box but got {fromSearch.Length}.");
        // The slice window is the box itself (the plane is the input space), and a fixed-pattern region is an intersection of
        // half-spaces, hence convex, so its intersection with the box is one convex piece: no pattern may appear twice, and
        // the two lists must agree element by element, multiplicities included.
        Assert.Equal(fromSearch.Length, fromSlice.Length);
        Assert.Equal(fromSearch, fromSlice);
        Assert.Equal(fromSlice.Length, fromSlice.Distinct().Count());
        Assert.True(fromSearch.Length <= RegionCountBounds.SerraUpperBound(2, [6, 5, 4]));
        // Every region's map is the network at its interior point.
        foreach (PolyhedralRegion region in enumeration.Regions)
        {
            double[] x = region.InteriorPoint.ToArray();
            Assert.Equal(region.Pattern, PiecewiseLinear.PatternOf(net, x));
            double y = Forward(net, x)[0];
            Assert.Equal(y, region.OutputMap[0] * x[0] + region.OutputMap[1] * x[1] + region.OutputMap[2], 1e-9 * (1 + Math.Abs(y)));
        }
    }

    [Fact]
    public void RandomPointsOfTheBoxLandInEnumeratedRegions()
    {
        var net = WithActive(new SpaceNet(7), 12, 7);
        double[] lower = [-1, -1, -1], upper = [1, 1, 1];
        RegionEnumeration enumeration = InputSpaceRegions.Enumerate(net, lower, upper);
        Assert.True(enumeration.Regions.Count <= GeneralPositionCount(12, 3));
        var byPattern = enumeration.Regions.ToDictionary(r => r.Pattern);
        var random = new SeededRandom(7);
        for (int trial = 0; trial < 20_000; trial++)
        {
            double[] x = [2 * random.NextDouble() - 1, 2 * random.NextDouble() - 1, 2 * random.NextDouble() - 1];
            Assert.True(byPattern.TryGetValue(PiecewiseLinear.PatternOf(net, x), out PolyhedralRegion? region), "A point of the box has a pattern no enumerated region has.");
            Assert.True(region!.Depth(x) >= -1e-9);
        }
    }

    [Fact]
    public void DeepNetworkInACube_EveryPointsRegionIsFound_CountBelowSerra()
    {
        var net = Randomized(new DeepCubeNet(9), 9);
        double[] lower = [-2, -2, -2], upper = [2, 2, 2];
        RegionEnumeration enumeration = InputSpaceRegions.Enumerate(net, lower, upper);
        Assert.Equal(0, enumeration.UnresolvedFacets);
        Assert.True(enumeration.Regions.Count > 20, $"Expected a deep random net to have many regions in the cube but got {enumeration.Regions.Count}.");
        Assert.True(enumeration.Regions.Count <= RegionCountBounds.SerraUpperBound(3, [8, 8]));
        var byPattern = enumeration.Regions.ToDictionary(r => r.Pattern);
        var random = new SeededRandom(9);
        for (int trial = 0; trial < 20_000; trial++)
        {
            double[] x = [4 * random.NextDouble() - 2, 4 * random.NextDouble() - 2, 4 * random.NextDouble() - 2];
            Assert.True(byPattern.TryGetValue(PiecewiseLinear.PatternOf(net, x), out PolyhedralRegion? region), "A point of the cube has a pattern no enumerated region has.");
            Assert.True(region!.Depth(x) >= -1e-9);
            double y = Forward(net, x)[0];
            Assert.Equal(y, region.OutputMap[0] * x[0] + region.OutputMap[1] * x[1] + region.OutputMap[2] * x[2] + region.OutputMap[3], 1e-9 * (1 + Math.Abs(y)));
        }

        // Every region's interior point is in the cube and has the region's pattern.
        Assert.All(enumeration.Regions, r =>
        {
            Assert.All(r.InteriorPoint, c => Assert.InRange(c, -2, 2));
            Assert.Equal(r.Pattern, PiecewiseLinear.PatternOf(net, r.InteriorPoint.ToArray()));
        });
    }

    [Fact]
    public void ConcurrentLines_WholePlaneAndBox_TwoRegionsPerLine()
    {
        PlaneNet net = SliceRegionsTests.ConcurrentLines(5, 0.3, -0.7, 12);
        RegionEnumeration whole = InputSpaceRegions.Enumerate(net);
        Assert.Equal(10, whole.Regions.Count);
        Assert.Equal(0, whole.UnresolvedFacets);
        RegionEnumeration boxed = InputSpaceRegions.Enumerate(net, [-2.0, -2.0], [2.0, 2.0]);
        Assert.Equal(10, boxed.Regions.Count);
    }

    [Fact]
    public void ZonotopeInSpace_HasTwiceTheSumOfBinomialsPieces()
    {
        var net = new SpaceZonotopeNet(1);
        CpwlConstructions.WriteZonotope(net, Gaussian(18, 8));
        RegionEnumeration enumeration = InputSpaceRegions.Enumerate(net);
        // 2·(C(5,0) + C(5,1) + C(5,2)) = 32, independent of the code: the regions of 6 central planes in general position in R³.
        Assert.Equal(2 * (Choose(5, 0) + Choose(5, 1) + Choose(5, 2)), enumeration.Regions.Count);
        Assert.Equal(32, (int)CpwlConstructions.ZonotopePieceCount(6, 3));
        Assert.Equal(0, enumeration.UnresolvedFacets);
    }

    [Fact]
    public void BadBoxesAreRejectedWithClearMessages()
    {
        var net = new PlaneNet(1);
        Assert.Contains("both box corners", Assert.Throws<ArgumentException>(() => InputSpaceRegions.Enumerate(net, [0.0, 0.0])).Message);
        Assert.Contains("lower < upper", Assert.Throws<ArgumentException>(() => InputSpaceRegions.Enumerate(net, [0.0, 1.0], [1.0, 0.0])).Message);
        Assert.Contains("input size", Assert.Throws<ArgumentException>(() => InputSpaceRegions.Enumerate(net, [0.0], [1.0])).Message);
        Assert.Contains("maxRegions", Assert.Throws<InvalidOperationException>(() => InputSpaceRegions.Enumerate(Randomized(new PlaneNet(2), 2), maxRegions: 5)).Message);
    }
}
