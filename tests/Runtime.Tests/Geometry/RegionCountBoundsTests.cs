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
