using Certify;
using DslNets.PacBayes;
using DslNets.Runtime.Tests.PacBayes;

namespace DslNets.Certify.Tests;

/// <summary>
/// The perez-cnn setting end to end on 400 synthetic 28×28 images (200 learn the prior, 200 are the bound's) and 100 test
/// images: the whole path (single-precision prior SGD with dropout and weight noise, PAC-Bayes-by-backprop in double, the
/// per-sample Monte-Carlo certificate) in seconds.
/// </summary>
public class PerezCnnSettingTests
{
    // Ten classes, each a bright 8×8 block at its own place on a noisy background: learnable, and different per seed.
    private static LabelledSet Synthetic(int count, long seed)
    {
        var random = new SeededRandom(seed);
        double[] inputs = new double[count * 784], targets = new double[count * 10];
        for (int s = 0; s < count; s++)
        {
            int label = random.NextInt(10), top = 2 + 8 * (label / 4), left = 2 + 6 * (label % 4);
            targets[s * 10 + label] = 1;
            for (int p = 0; p < 784; p++) inputs[s * 784 + p] = 0.2 * random.NextDouble();
            for (int y = top; y < top + 8; y++)
                for (int x = left; x < left + 8; x++) inputs[s * 784 + y * 28 + x] = 0.8 + 0.2 * random.NextDouble();
        }
        return new LabelledSet(inputs, targets, 10);
    }

    private static CertifySettings Settings(string folder, long seed, double sigma = 0.03) => new(
        MnistFolder: "", RunDziugaiteRoy: false, RunPerezOrtiz: false, Quick: false, Seed: seed, OutFolder: folder,
        SgdEpochs: 1, BoundEpochs: 1, PosteriorEpochs: 1, PriorEpochs: 2, MonteCarloSamples: 2, Sampling: MonteCarloSampling.PerSample,
        BoundRate: 0.01, PosteriorRate: 0.005, PriorSigma: 0.1, ScaleOptimizer: "sgd", ScaleRate: 1e-3, BoundPMin: 0.1, RunPerezOrtizCnn: true, PerezSigma: sigma);

    private static Action<double> NoProgress(string description, double total) => _ => { };

    [Fact]
    public void The_cnn_setting_certifies_a_tiny_subset_repeatably_and_its_bound_recomputes_by_hand() => InTemporaryFolder(folder =>
    {
        LabelledSet all = Synthetic(400, 1), test = Synthetic(100, 2);
        CertifyReport first = Certification.PerezOrtizCnn(Settings(folder, 5), all, test, NoProgress);
        CertifyReport again = Certification.PerezOrtizCnn(Settings(folder, 5), all, test, NoProgress);
        CertificateResult c = first.Certificate;

        // Seeded throughout: the same seed gives the same certificate, bit for bit.
        Assert.Equal(c.Certificate, again.Certificate.Certificate);
        Assert.Equal(c.SampledError, again.Certificate.SampledError);
        Assert.Equal(first.StochasticTestError, again.StochasticTestError);

        // The bound half (200 images) with 2 draws each: 400 trials; the certificate lies above what was sampled.
        Assert.Equal(200, first.BoundSamples);
        Assert.Equal(400, c.MonteCarloTrials);
        Assert.True(c.Certificate > c.MonteCarloBound && c.MonteCarloBound >= c.SampledError, $"{c.Certificate} > {c.MonteCarloBound} ≥ {c.SampledError}");
        Assert.InRange(first.StochasticTestError, 0.0, 1.0);

        // L(Q) ≤ kl⁻¹(kl⁻¹(Q̂, ln(2/δ′)/400), (KL + ln(2√200/δ))/200), δ = 0.025, δ′ = 0.01.
        double monteCarlo = BisectionKlInverse.Of(c.SampledError, Math.Log(2 / 0.01) / 400);
        Assert.Equal(monteCarlo, c.MonteCarloBound, 1e-9);
        Assert.Equal(BisectionKlInverse.Of(monteCarlo, (c.Kl + Math.Log(2 * Math.Sqrt(200) / 0.025)) / 200), c.Certificate, 1e-9);
        Assert.True(c.Kl > 0, $"KL {c.Kl}: the posterior moved from the prior");
        // The blocks are easy: a prior learnt on 200 of them already does far better than chance (0.9) on the bound half.
        Assert.True(c.SampledError < 0.5, $"sampled error {c.SampledError}");
        Assert.True(File.Exists(first.Posterior));
    });

    [Fact]
    public void A_smaller_prior_sigma_is_the_prior_and_the_posterior_scale_and_its_bound_still_recomputes_by_hand() => InTemporaryFolder(folder =>
    {
        LabelledSet all = Synthetic(400, 1), test = Synthetic(100, 2);
        CertifyReport wide = Certification.PerezOrtizCnn(Settings(folder, 5), all, test, NoProgress);
        CertifyReport narrow = Certification.PerezOrtizCnn(Settings(folder, 5, sigma: 0.01), all, test, NoProgress);

        Assert.Equal(0.03, wide.PriorSigma);
        Assert.Equal(0.01, narrow.PriorSigma);
        // The same prior mean (same seed and prior SGD, whose noise is given separately) under a third of the noise:
        // different draws, so a different sampled error and certificate.
        Assert.Equal(wide.TestError, narrow.TestError);
        Assert.NotEqual(wide.Certificate.Certificate, narrow.Certificate.Certificate);
        CertificateResult c = narrow.Certificate;
        double monteCarlo = BisectionKlInverse.Of(c.SampledError, Math.Log(2 / 0.01) / 400);
        Assert.Equal(BisectionKlInverse.Of(monteCarlo, (c.Kl + Math.Log(2 * Math.Sqrt(200) / 0.025)) / 200), c.Certificate, 1e-9);
    });

    // The posteriors are written to a folder of their own, removed afterwards whatever the outcome.
    private static void InTemporaryFolder(Action<string> run)
    {
        string folder = Path.Combine(Path.GetTempPath(), "perez-cnn-" + Guid.NewGuid().ToString("N"));
        try
        {
            run(folder);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
