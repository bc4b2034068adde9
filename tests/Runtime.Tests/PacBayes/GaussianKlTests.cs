using DslNets.PacBayes;

namespace DslNets.Runtime.Tests.PacBayes;

public class GaussianKlTests
{
    // KL(N(a, s²) ‖ N(b, t²)) in one dimension, written out: ln(t/s) + (s² + (a − b)²)/(2t²) − ½.
    private static double OneDimensional(double a, double s, double b, double t) =>
        Math.Log(t / s) + (s * s + (a - b) * (a - b)) / (2 * t * t) - 0.5;

    [Fact]
    public void Diagonal_IsTheSumOfOneDimensionalDivergences()
    {
        var random = new SeededRandom(11);
        const int d = 40;
        double[] mu = new double[d], s = new double[d], mu0 = new double[d], s0 = new double[d];
        double expected = 0;
        for (int i = 0; i < d; i++)
        {
            mu[i] = random.NextGaussian(); mu0[i] = random.NextGaussian();
            s[i] = 0.05 + random.NextDouble(); s0[i] = 0.05 + random.NextDouble();
            expected += OneDimensional(mu[i], s[i], mu0[i], s0[i]);
        }
        Assert.Equal(expected, GaussianKl.Diagonal(mu, s, mu0, s0), 10);

        double scalarExpected = 0;
        for (int i = 0; i < d; i++) scalarExpected += OneDimensional(mu[i], s[i], mu0[i], 0.3);
        Assert.Equal(scalarExpected, GaussianKl.Diagonal(mu, s, mu0, 0.3), 10);
        Assert.Equal(0.0, GaussianKl.Diagonal(mu, s, mu, s));
    }

    [Fact]
    public void Diagonal_MatchesAMonteCarloEstimateOfTheLogDensityRatio()
    {
        // KL(Q‖P) = E_{w∼Q}[ln q(w) − ln p(w)]; the Gaussian normalising constants cancel except for ln(s₀/s).
        double[] mu = [0.3, -1.0, 2.0, 0.0, 0.5];
        double[] s = [0.5, 1.2, 0.2, 1.0, 0.7];
        double[] mu0 = [0.0, 0.0, 1.5, 0.4, 0.5];
        double[] s0 = [1.0, 1.0, 0.6, 0.8, 0.7];
        var random = new SeededRandom(2024);
        const int samples = 200_000;
        double sum = 0, sumSquares = 0;
        for (int k = 0; k < samples; k++)
        {
            double logRatio = 0;
            for (int i = 0; i < mu.Length; i++)
            {
                double w = mu[i] + s[i] * random.NextGaussian();
                double zq = (w - mu[i]) / s[i], zp = (w - mu0[i]) / s0[i];
                logRatio += Math.Log(s0[i] / s[i]) - 0.5 * zq * zq + 0.5 * zp * zp;
            }
            sum += logRatio; sumSquares += logRatio * logRatio;
        }
        double mean = sum / samples;
        double standardError = Math.Sqrt((sumSquares / samples - mean * mean) / samples);
        double exact = GaussianKl.Diagonal(mu, s, mu0, s0);
        Assert.True(Math.Abs(mean - exact) <= 4 * standardError, $"MC {mean} ± {standardError} vs closed form {exact}");
        Assert.True(standardError < 0.01 * exact, "the estimate is sharp enough to mean something");
    }

    [Fact]
    public void Diagonal_KeepsPrecisionWhenVariancesNearlyMatch()
    {
        // σ = σ₀(1 + ε): KL per coordinate ≈ ε² (from r − 1 − ln r ≈ (r−1)²/2, r − 1 ≈ 2ε) to leading order.
        const double eps = 1e-6;
        double kl = GaussianKl.Diagonal([0.0], [1.0 + eps], [0.0], 1.0);
        Assert.True(Math.Abs(kl - eps * eps) <= 1e-6 * eps * eps, $"{kl} vs {eps * eps}");
    }

    [Fact]
    public void Diagonal_RejectsBadArguments()
    {
        Assert.Contains("length 2 (the length of 'mean'), got length 3",
            Assert.Throws<ArgumentException>(() => GaussianKl.Diagonal([0.0, 0.0], [1.0, 1.0, 1.0], [0.0, 0.0], 1.0)).Message);
        Assert.Contains("posterior standard deviation finite and > 0, got 0",
            Assert.Throws<ArgumentOutOfRangeException>(() => GaussianKl.Diagonal([0.0], [0.0], [0.0], 1.0)).Message);
        Assert.Contains("prior standard deviation finite and > 0, got -1",
            Assert.Throws<ArgumentOutOfRangeException>(() => GaussianKl.Diagonal([0.0], [1.0], [0.0], -1.0)).Message);
    }
}
