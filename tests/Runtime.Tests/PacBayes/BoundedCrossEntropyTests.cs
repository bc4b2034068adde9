using DslNets.PacBayes;

namespace DslNets.Runtime.Tests.PacBayes;

public class BoundedCrossEntropyTests
{
    private const double PMin = 1e-4;

    // Independent reference: softmax probabilities by direct exponentiation (logits are small here).
    private static double Reference(double[] z, int y)
    {
        double total = z.Sum(Math.Exp);
        double p = Math.Exp(z[y]) / total;
        return -Math.Log(Math.Max(p, PMin)) / Math.Log(1 / PMin);
    }

    [Fact]
    public void Loss_IsTheClampedRescaledNll_InTheUnitInterval()
    {
        double[] z = [2.0, -1.0, 0.5, 0.0];
        for (int y = 0; y < 4; y++) Assert.Equal(Reference(z, y), BoundedCrossEntropy.Loss(z, y, PMin), 1e-13);
        double[] confident = [0.0, 20.0];
        Assert.Equal(1.0, BoundedCrossEntropy.Loss(confident, 0, PMin), 14); // p_0 ≈ 2e-9 < p_min: the floor
        Assert.InRange(BoundedCrossEntropy.Loss(confident, 1, PMin), 0.0, 1e-8);
        Assert.Equal(0.0, BoundedCrossEntropy.Loss([1000.0, -1000.0], 0, PMin), 14); // large logits stay finite
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferences_AndVanishesOnTheFloor()
    {
        var random = new SeededRandom(12);
        for (int trial = 0; trial < 10; trial++)
        {
            double[] z = new double[5];
            random.FillGaussian<double>(z, 0, 2);
            int y = random.NextInt(5);
            double[] g = new double[5];
            double value = BoundedCrossEntropy.Gradient(z, y, PMin, g, 0.5);
            Assert.Equal(0.5 * Reference(z, y), value, 13);
            const double h = 1e-6;
            for (int k = 0; k < 5; k++)
            {
                double saved = z[k];
                z[k] = saved + h; double plus = Reference(z, y);
                z[k] = saved - h; double minus = Reference(z, y);
                z[k] = saved;
                Assert.True(Math.Abs(0.5 * (plus - minus) / (2 * h) - g[k]) <= 1e-7, $"trial {trial}, k={k}");
            }
        }
        double[] floored = [0.0, 15.0, 3.0];
        double[] zero = new double[3];
        Assert.Equal(1.0, BoundedCrossEntropy.Gradient(floored, 0, PMin, zero));
        Assert.All(zero, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Binary_MatchesTheTwoClassForm_AndItsFiniteDifferences()
    {
        foreach (double z in new[] { -3.0, -0.2, 0.0, 1.7, 12.0 })
            foreach (int y in new[] { 0, 1 })
            {
                double loss = BoundedCrossEntropy.Binary(z, y, PMin, out double dz);
                // One logit z is the two-class softmax with logits (0, z).
                Assert.Equal(Reference([0.0, z], y), loss, 13);
                const double h = 1e-6;
                double fd = (Reference([0.0, z + h], y) - Reference([0.0, z - h], y)) / (2 * h);
                Assert.True(Math.Abs(fd - dz) <= 1e-7, $"z={z}, y={y}: {dz} vs {fd}");
            }
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Contains("'pMin' in (0, 1), got 0", Assert.Throws<ArgumentOutOfRangeException>(() => BoundedCrossEntropy.Loss([0.0, 1.0], 0, 0.0)).Message);
        Assert.Contains("'label' in [0, 2), got 2", Assert.Throws<ArgumentOutOfRangeException>(() => BoundedCrossEntropy.Loss([0.0, 1.0], 2, PMin)).Message);
        Assert.Contains("at least 2 logits, got 1", Assert.Throws<ArgumentException>(() => BoundedCrossEntropy.Loss([0.0], 0, PMin)).Message);
        Assert.Contains("'label' 0 or 1, got 3", Assert.Throws<ArgumentOutOfRangeException>(() => BoundedCrossEntropy.Binary(0.0, 3, PMin, out _)).Message);
    }
}
