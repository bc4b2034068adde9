using System.Numerics;
using DslNets.Geometry;
using static DslNets.Runtime.Tests.Geometry.RegionTestHelpers;

namespace DslNets.Runtime.Tests.Geometry;

public class RegionCountBoundsTests
{
    /// <summary>The Serra bound by its definition: enumerate every (j₁ … j_L) and test membership in J directly.</summary>
    private static BigInteger SerraByDefinition(int n0, int[] widths)
    {
        BigInteger total = 0;
        void Recurse(int layer, int[] js)
        {
            if (layer == widths.Length)
            {
                BigInteger product = 1;
                for (int l = 0; l < widths.Length; l++) product *= Choose(widths[l], js[l]);
                total += product;
                return;
            }

            for (int j = 0; j <= widths[layer]; j++)
            {
                int limit = Math.Min(n0, widths[layer]);
                for (int k = 0; k < layer; k++) limit = Math.Min(limit, widths[k] - js[k]);
                if (j > limit) continue;
                js[layer] = j;
                Recurse(layer + 1, js);
            }
        }

        Recurse(0, new int[widths.Length]);
        return total;
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 20)]
    [InlineData(3, 20)]
    [InlineData(5, 3)]
    [InlineData(784, 128)]
    public void OneLayer_SerraBoundIsZaslavskysCount(int n0, int n1)
    {
        // Independent: C(n, j) by Pascal's rule in exact integers.
        var row = new BigInteger[n1 + 1];
        row[0] = 1;
        for (int n = 1; n <= n1; n++) for (int k = n; k >= 1; k--) row[k] += row[k - 1];
        BigInteger expected = 0;
        for (int j = 0; j <= Math.Min(n0, n1); j++) expected += row[j];
        Assert.Equal(expected, RegionCountBounds.SerraUpperBound(n0, [n1]));
        Assert.Equal(expected, RegionCountBounds.GeneralPosition(n1, n0));
        if (n1 >= n0) Assert.Equal(expected, RegionCountBounds.MontufarLowerBound(n0, [n1]));
    }

    [Theory]
    [InlineData(new[] { 2, 2, 2 })]
    [InlineData(new[] { 5, 3, 7, 2 })]
    [InlineData(new[] { 16, 16 })]
    public void OneInput_SerraBoundIsTheProductOfWidthsPlusOne(int[] widths)
    {
        BigInteger product = 1;
        foreach (int w in widths) product *= w + 1;
        Assert.Equal(product, RegionCountBounds.SerraUpperBound(1, widths));
    }

    [Theory]
    [InlineData(2, new[] { 3, 4, 2 })]
    [InlineData(3, new[] { 5, 1, 6 })]
    [InlineData(2, new[] { 6, 5, 4 })]
    [InlineData(4, new[] { 3, 7, 5, 2 })]
    [InlineData(1, new[] { 1, 4 })]
    public void SerraBoundEqualsItsDefinitionByEnumeration(int n0, int[] widths) =>
        Assert.Equal(SerraByDefinition(n0, widths), RegionCountBounds.SerraUpperBound(n0, widths));

    [Theory]
    [InlineData(2, new[] { 3, 4, 2 })]
    [InlineData(3, new[] { 5, 1, 6 })]
    [InlineData(2, new[] { 6, 5, 4 })]
    [InlineData(4, new[] { 3, 7, 5, 2 })]
    [InlineData(1, new[] { 1, 4 })]
    [InlineData(1, new[] { 2, 5, 3 })]
    [InlineData(3, new[] { 20 })]
    public void InjectiveBound_IsTheProductOfZaslavskyCounts_AndAtLeastSerras(int n0, int[] widths)
    {
        // Independently: the running dimension min(n₀, n₁, …, n_{l−1}) and Choose from the test helpers.
        BigInteger expected = 1;
        for (int l = 0; l < widths.Length; l++)
        {
            int d = widths.Take(l).Append(n0).Min();
            expected *= GeneralPositionCount(widths[l], d);
        }

        BigInteger injective = RegionCountBounds.InjectiveUpperBound(n0, widths);
        Assert.Equal(expected, injective);
        BigInteger serra = SerraByDefinition(n0, widths);
        Assert.True(injective >= serra, $"injective {injective} < Serra {serra}");
        // Equal where the remarks say: one layer, or one input with every width at least 2.
        if (widths.Length == 1 || (n0 == 1 && widths.All(w => w >= 2))) Assert.Equal(serra, injective);
    }

    [Fact]
    public void LeakyReLU_OneLayerHasTheReLURegions_DeeperItNeedNot()
    {
        // The remarks' claim (a): same weights, same hyperplanes, same cells. The patterns are compared as sets over the whole plane.
        var relu = Randomized(new PlaneNet(41), 41);
        var leaky = new LeakyPlaneNet(41);
        relu.Parameters.CopyTo(leaky.Parameters, 0);
        string[] Patterns(RegionEnumeration e) => e.Regions.Select(r => r.Pattern.ToString()).Order().ToArray();
        string[] reluOne = Patterns(InputSpaceRegions.Enumerate(relu)), leakyOne = Patterns(InputSpaceRegions.Enumerate(leaky));
        Assert.Equal(GeneralPositionCount(20, 2), leakyOne.Length);
        Assert.Equal(reluOne, leakyOne);
        // Claim (b): three layers, the same weights, a box: the region sets differ (an inactive unit still feeds the next layer).
        var deepRelu = Randomized(new DeepPlaneNet(42), 42);
        var deepLeaky = new LeakyDeepPlaneNet(42);
        deepRelu.Parameters.CopyTo(deepLeaky.Parameters, 0);
        double[] lower = [-2, -2], upper = [2, 2];
        string[] reluDeep = Patterns(InputSpaceRegions.Enumerate(deepRelu, lower, upper));
        string[] leakyDeep = Patterns(InputSpaceRegions.Enumerate(deepLeaky, lower, upper));
        Assert.NotEqual(reluDeep, leakyDeep);
        Assert.True(leakyDeep.Length <= RegionCountBounds.InjectiveUpperBound(2, [6, 5, 4]));
    }

    [Fact]
    public void MontufarLowerBoundByHand_AndBelowTheUpperBound()
    {
        // ⌊4/2⌋² · ⌊4/2⌋² · (1 + 4 + 6) = 176.
        Assert.Equal(new BigInteger(176), RegionCountBounds.MontufarLowerBound(2, [4, 4, 4]));
        var random = new SeededRandom(3);
        for (int trial = 0; trial < 50; trial++)
        {
            int n0 = 1 + random.NextInt(4);
            int[] widths = Enumerable.Range(0, 1 + random.NextInt(4)).Select(_ => n0 + random.NextInt(12)).ToArray();
            Assert.True(RegionCountBounds.MontufarLowerBound(n0, widths) <= RegionCountBounds.SerraUpperBound(n0, widths));
        }

        Assert.Contains("at least the input size 3", Assert.Throws<ArgumentException>(() => RegionCountBounds.MontufarLowerBound(3, [5, 2])).Message);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => RegionCountBounds.SerraUpperBound(2, [-1])).Message);
    }

    [Fact]
    public void NetworkWidthsAreItsKinkLayers()
    {
        Assert.Equal([9, 8, 7], RegionCountBounds.KinkWidths<DeepRegionNet>());
        (BigInteger? lower, BigInteger upper) = RegionCountBounds.For<DeepRegionNet>(inputs: 2);
        Assert.Equal(RegionCountBounds.SerraUpperBound(2, [9, 8, 7]), upper);
        Assert.Equal(RegionCountBounds.MontufarLowerBound(2, [9, 8, 7]), lower);
        Assert.Equal(RegionCountBounds.MontufarLowerBound(5, [9, 8, 7]), RegionCountBounds.For<DeepRegionNet>().MontufarLower);
        // On 8 inputs the layer of 7 breaks the lower bound's assumption.
        Assert.Null(RegionCountBounds.For<DeepRegionNet>(inputs: 8).MontufarLower);
    }
}
