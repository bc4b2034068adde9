using DslNets.Tron;

namespace DslNets.Runtime.Tests.Tron;

public class DataGeneratorTests
{
    [Fact]
    public void FilterMatricesAreMPlusCoefficientTimesCAndAverageToM()
    {
        var matrices = FilterMatrices.Create(3, 4, 6, seed: 5);
        Assert.Equal(new double[] { -3, -2, -1, 1, 2, 3 }, matrices.Coefficients);
        int size = 12;
        // Independent draw: M then C from the same seed.
        var random = new SeededRandom(5);
        var m = new double[size];
        var c = new double[size];
        random.FillGaussian<double>(m);
        random.FillGaussian<double>(c);
        Assert.Equal(m, matrices.Mean);
        Assert.Equal(c, matrices.Spread);
        for (int e = 0; e < size; e++)
        {
            double sum = 0;
            for (int i = 0; i < 6; i++)
            {
                double a = matrices.Stacked[i * size + e];
                Assert.Equal(m[e] + matrices.Coefficients[i] * c[e], a, 14);
                sum += a;
            }
            Assert.Equal(m[e], sum / 6, 12);
        }
        Assert.Contains("even", Assert.Throws<ArgumentOutOfRangeException>(() => FilterMatrices.Create(3, 4, 5, seed: 1)).Message);
    }

    [Fact]
    public void AttackHitsWithProbabilityBetaAndAddsPlusOrMinusTheta()
    {
        var attack = new PoisoningAttack(0.3, 0.25);
        var random = new SeededRandom(11);
        const int trials = 200_000;
        int hits = 0, positive = 0;
        for (int i = 0; i < trials; i++)
        {
            double xi = attack.Sample(random);
            if (xi == 0) continue;
            Assert.Equal(0.25, Math.Abs(xi));
            hits++;
            if (xi > 0) positive++;
        }
        double se = Math.Sqrt(0.3 * 0.7 / trials);
        Assert.InRange(hits / (double)trials, 0.3 - 5 * se, 0.3 + 5 * se);
        double seSign = Math.Sqrt(0.25 / hits);
        Assert.InRange(positive / (double)hits, 0.5 - 5 * seSign, 0.5 + 5 * seSign);
        Assert.Equal(0, PoisoningAttack.None.Sample(random));
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new PoisoningAttack(1.5, 1)).Message);
        Assert.Contains("θ*", Assert.Throws<ArgumentOutOfRangeException>(() => new PoisoningAttack(0.5, -1)).Message);
    }
}
