using DslNets.PacBayes;

namespace DslNets.Runtime.Tests.PacBayes;

public class DiagonalGaussianPosteriorTests
{
    private static double NaiveSoftplus(double rho) => Math.Log(1 + Math.Exp(rho));

    private static (DiagonalGaussianPosterior Q, GaussianPrior P) Make(int n, long seed)
    {
        var random = new SeededRandom(seed);
        double[] mu = new double[n], rho = new double[n], mu0 = new double[n], s0 = new double[n];
        for (int i = 0; i < n; i++)
        {
            mu[i] = random.NextGaussian(); rho[i] = -3 + 2 * random.NextGaussian();
            mu0[i] = 0.5 * random.NextGaussian(); s0[i] = 0.05 + random.NextDouble();
        }
        return (new DiagonalGaussianPosterior(mu, rho), new GaussianPrior(mu0, s0));
    }

    [Fact]
    public void Softplus_IsStable_AndInvertible()
    {
        foreach (double rho in new[] { -30.0, -5.0, -0.3, 0.0, 0.7, 4.0, 30.0 })
            Assert.Equal(NaiveSoftplus(rho), DiagonalGaussianPosterior.Softplus(rho), 1e-14 * Math.Max(1, NaiveSoftplus(rho)));
        Assert.Equal(800.0, DiagonalGaussianPosterior.Softplus(800.0));               // e^800 overflows the naive form
        Assert.Equal(Math.Exp(-700), DiagonalGaussianPosterior.Softplus(-700), Math.Exp(-700) * 1e-12); // 1 + e^-700 rounds to 1 in the naive form
        foreach (double sigma in new[] { 1e-8, 1e-3, 0.03, 1.0, 50.0 })
        {
            double rho = DiagonalGaussianPosterior.InverseSoftplus(sigma);
            Assert.Equal(sigma, DiagonalGaussianPosterior.Softplus(rho), sigma * 1e-12);
        }
        foreach (double rho in new[] { -800.0, -3.0, 0.0, 2.0, 800.0 })
            Assert.Equal(1 / (1 + Math.Exp(-rho)), DiagonalGaussianPosterior.Sigmoid(rho), 1e-15);
    }

    [Fact]
    public void Sample_IsSeeded_AndHasTheRightMoments()
    {
        double[] mu = [1.0, -2.0, 0.0];
        var q = new DiagonalGaussianPosterior(mu, [DiagonalGaussianPosterior.InverseSoftplus(0.5), DiagonalGaussianPosterior.InverseSoftplus(2.0), DiagonalGaussianPosterior.InverseSoftplus(0.01)]);
        double[] w1 = new double[3], e1 = new double[3], w2 = new double[3], e2 = new double[3];
        q.Sample(new SeededRandom(5), w1, e1);
        q.Sample(new SeededRandom(5), w2, e2);
        Assert.Equal(w1, w2);
        for (int i = 0; i < 3; i++) Assert.Equal(mu[i] + q.Sigma(i) * e1[i], w1[i], 14);

        var random = new SeededRandom(6);
        const int draws = 40000;
        double[] sum = new double[3], sumSquares = new double[3];
        for (int k = 0; k < draws; k++)
        {
            q.Sample(random, w1, e1);
            for (int i = 0; i < 3; i++) { sum[i] += w1[i]; sumSquares[i] += w1[i] * w1[i]; }
        }
        for (int i = 0; i < 3; i++)
        {
            double mean = sum[i] / draws, variance = sumSquares[i] / draws - mean * mean, sigma = q.Sigma(i);
            Assert.True(Math.Abs(mean - mu[i]) <= 4 * sigma / Math.Sqrt(draws), $"mean {i}: {mean}");
            // The sample variance has standard error σ²√(2/n).
            Assert.True(Math.Abs(variance - sigma * sigma) <= 4 * sigma * sigma * Math.Sqrt(2.0 / draws), $"variance {i}: {variance}");
        }
    }

    [Fact]
    public void Kl_MatchesTheClosedForm_WithSigmaFromSoftplus()
    {
        var (q, p) = Make(25, 3);
        double[] sigma = new double[25];
        for (int i = 0; i < 25; i++) sigma[i] = NaiveSoftplus(q.Rho[i]);
        Assert.Equal(GaussianKl.Diagonal(q.Mean, sigma, p.Mean, p.Sigma), q.Kl(p), 10);
        var dataFree = new GaussianPrior(q.Mean, 0.03);
        Assert.Equal(GaussianKl.Diagonal(q.Mean, sigma, q.Mean, 0.03), q.Kl(dataFree), 10);
    }

    [Fact]
    public void KlGradients_MatchFiniteDifferences()
    {
        var (q, p) = Make(12, 4);
        double[] gMu = new double[12], gRho = new double[12];
        q.AddKlGradient(p, gMu, gRho, 2.0);
        const double h = 1e-6;
        for (int i = 0; i < 12; i++)
        {
            double saved = q.Mean[i];
            q.Mean[i] = saved + h; double plus = q.Kl(p);
            q.Mean[i] = saved - h; double minus = q.Kl(p);
            q.Mean[i] = saved;
            double fd = 2.0 * (plus - minus) / (2 * h);
            Assert.True(Math.Abs(fd - gMu[i]) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"μ[{i}]: {gMu[i]} vs {fd}");

            saved = q.Rho[i];
            q.Rho[i] = saved + h; plus = q.Kl(p);
            q.Rho[i] = saved - h; minus = q.Kl(p);
            q.Rho[i] = saved;
            fd = 2.0 * (plus - minus) / (2 * h);
            Assert.True(Math.Abs(fd - gRho[i]) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"ρ[{i}]: {gRho[i]} vs {fd}");
        }
    }

    [Fact]
    public void PriorLogSigmaGradient_MatchesFiniteDifferences()
    {
        var (q, _) = Make(10, 8);
        var prior = new GaussianPrior(new double[10], 0.4);
        double analytic = q.PriorLogSigmaGradient(prior);
        const double h = 1e-6;
        prior.SetScalarSigma(0.4 * Math.Exp(h)); double plus = q.Kl(prior);
        prior.SetScalarSigma(0.4 * Math.Exp(-h)); double minus = q.Kl(prior);
        Assert.Equal((plus - minus) / (2 * h), analytic, 5);
    }

    [Fact]
    public void ReparameterisationGradient_MatchesFiniteDifferencesOfTheLossAtFixedNoise()
    {
        // L(w) = Σ a_i w_i² + sin(w_0 w_1): its gradient at w = μ + softplus(ρ)ε, pushed to (μ, ρ), against
        // central differences of μ, ρ ↦ L(μ + softplus(ρ)ε) with ε held fixed.
        const int n = 6;
        var (q, _) = Make(n, 9);
        double[] a = [0.5, -1.0, 2.0, 0.1, 1.5, -0.3];
        double Loss(double[] w) { double s = Math.Sin(w[0] * w[1]); for (int i = 0; i < n; i++) s += a[i] * w[i] * w[i]; return s; }
        double[] w = new double[n], eps = new double[n];
        q.Sample(new SeededRandom(10), w, eps);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = 2 * a[i] * w[i];
        g[0] += Math.Cos(w[0] * w[1]) * w[1]; g[1] += Math.Cos(w[0] * w[1]) * w[0];
        double[] gMu = new double[n], gRho = new double[n];
        q.AddReparameterisationGradient(g, eps, gMu, gRho, 3.0);

        double At()
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = q.Mean[i] + NaiveSoftplus(q.Rho[i]) * eps[i];
            return 3.0 * Loss(v);
        }
        const double h = 1e-6;
        for (int i = 0; i < n; i++)
        {
            double saved = q.Mean[i];
            q.Mean[i] = saved + h; double plus = At(); q.Mean[i] = saved - h; double minus = At(); q.Mean[i] = saved;
            Assert.True(Math.Abs((plus - minus) / (2 * h) - gMu[i]) <= 1e-6 * Math.Max(1, Math.Abs(gMu[i])), $"μ[{i}]");
            saved = q.Rho[i];
            q.Rho[i] = saved + h; plus = At(); q.Rho[i] = saved - h; minus = At(); q.Rho[i] = saved;
            Assert.True(Math.Abs((plus - minus) / (2 * h) - gRho[i]) <= 1e-6 * Math.Max(1, Math.Abs(gRho[i])), $"ρ[{i}]");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1301)]
    public void VectorisedNormals_MatchScalarBoxMuller_OnTheSameUniforms(int length)
    {
        double[] fast = new double[length];
        DiagonalGaussianPosterior.FillStandardNormal(new SeededRandom(31), fast);
        var uniforms = new SeededRandom(31);
        for (int k = 0; k < (length + 1) / 2; k++)
        {
            // Pairs are drawn in chunks of 512 outputs, so a chunk's last pair is complete even for odd chunk ends.
            double u1 = 1.0 - uniforms.NextDouble(), u2 = uniforms.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            Assert.Equal(r * Math.Cos(2 * Math.PI * u2), fast[2 * k], 1e-12);
            if (2 * k + 1 < length) Assert.Equal(r * Math.Sin(2 * Math.PI * u2), fast[2 * k + 1], 1e-12);
        }
    }

    [Fact]
    public void SampleForTraining_AgreesWithThePublicPieces()
    {
        const int n = 1500;
        var (q, p) = Make(n, 14);
        q.Rho[0] = -50; q.Rho[1] = 40; q.Rho[2] = 0; // σ = e^{-50} (tiny), 40 (large), ln 2
        double[] w = new double[n], eps = new double[n], sigma = new double[n], slope = new double[n];
        DiagonalGaussianPosterior.FillStandardNormal(new SeededRandom(3), eps);
        double kl = q.SampleForTraining(w, eps, p, sigma, slope);
        Assert.True(Math.Abs(kl - q.Kl(p)) <= 1e-9 * q.Kl(p), $"{kl} vs {q.Kl(p)}");
        for (int i = 0; i < n; i++)
        {
            double expected = DiagonalGaussianPosterior.Softplus(q.Rho[i]);
            Assert.True(Math.Abs(sigma[i] - expected) <= 1e-14 * expected, $"σ[{i}]: {sigma[i]} vs {expected}");
            Assert.Equal(DiagonalGaussianPosterior.Sigmoid(q.Rho[i]), slope[i], 1e-15);
            Assert.Equal(q.Mean[i] + expected * eps[i], w[i], 1e-12);
        }
        Assert.Equal(Math.Exp(-50), sigma[0], Math.Exp(-50) * 1e-14);

        // A posterior equal to its prior: the KL is 0 up to rounding, and never negative.
        var same = new DiagonalGaussianPosterior(q.Mean, 0.03);
        double klSame = same.SampleForTraining(w, eps, new GaussianPrior(q.Mean, 0.03), sigma, slope);
        Assert.InRange(klSame, 0.0, 1e-12);
    }

    [Fact]
    public void Constructors_And_Spans_RejectBadArguments()
    {
        Assert.Contains("'sigma' finite and > 0, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new DiagonalGaussianPosterior([1.0], 0.0)).Message);
        Assert.Contains("'sigma' finite and > 0, got -1", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianPrior([1.0], -1.0)).Message);
        Assert.Contains("'mean' finite, got NaN", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianPrior([double.NaN], 1.0)).Message);
        var q = new DiagonalGaussianPosterior([1.0, 2.0], 0.1);
        Assert.Contains("'weights' of length 2", Assert.Throws<ArgumentException>(() => q.Sample(new SeededRandom(1), new double[3], new double[2])).Message);
        Assert.Contains("'prior' of length 2", Assert.Throws<ArgumentException>(() => q.Kl(new GaussianPrior([0.0], 1.0))).Message);
    }
}
