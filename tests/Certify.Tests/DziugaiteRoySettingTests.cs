using Certify;
using DslNets.PacBayes;
using DslNets.Runtime.Tests.PacBayes;

namespace DslNets.Certify.Tests;

/// <summary>
/// The Dziugaite–Roy setting end to end on a few hundred synthetic binary images: the memorising SGD of the random-label
/// run, and the union bound over the settings tried (<see cref="CertifySettings.UnionOver"/>).
/// </summary>
public class DziugaiteRoySettingTests
{
    // Label 1: a bright block in the top half; label 0: in the bottom half; a noisy background. With random labels the
    // images carry no information about them, so only memorising fits them.
    private static LabelledSet Synthetic(int count, long seed)
    {
        var random = new SeededRandom(seed);
        double[] inputs = new double[count * 784], targets = new double[count];
        for (int s = 0; s < count; s++)
        {
            int label = random.NextInt(2), top = label == 1 ? 2 : 16, left = 2 + random.NextInt(16);
            targets[s] = label;
            for (int p = 0; p < 784; p++) inputs[s * 784 + p] = 0.3 * random.NextDouble();
            for (int y = top; y < top + 8; y++)
                for (int x = left; x < left + 8; x++) inputs[s * 784 + y * 28 + x] = 0.8 + 0.2 * random.NextDouble();
        }
        return new LabelledSet(inputs, targets, 1);
    }

    private static CertifySettings Settings(string folder, int unionOver = 1, int memoriseEpochs = 400) => new(
        MnistFolder: "", RunDziugaiteRoy: true, RunPerezOrtiz: false, Quick: false, Seed: 3, OutFolder: folder,
        SgdEpochs: 2, BoundEpochs: 2, PosteriorEpochs: 1, PriorEpochs: 1, MonteCarloSamples: 2, Sampling: MonteCarloSampling.PerSample,
        BoundRate: 0.01, PosteriorRate: 0.005, PriorSigma: 0.1, ScaleOptimizer: "adam", ScaleRate: 1e-3, BoundPMin: 0.1,
        MemoriseError: 0.02, MemoriseMaxEpochs: memoriseEpochs, MemoriseRate: 0.05, UnionOver: unionOver);

    private static Action<double> NoProgress(string description, double total) => _ => { };

    private static T InTemporaryFolder<T>(Func<string, T> run)
    {
        string folder = Path.Combine(Path.GetTempPath(), "dr-setting-" + Guid.NewGuid().ToString("N"));
        try { return run(folder); }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void The_random_label_run_trains_until_its_net_has_memorised_the_labels()
    {
        LabelledSet train = Synthetic(200, 1).WithRandomBinaryLabels(7), test = Synthetic(100, 2).WithRandomBinaryLabels(8);
        CertifyReport report = InTemporaryFolder(folder => Certification.DziugaiteRoy(Settings(folder), null, train, test, memorise: true, NoProgress));

        Assert.Equal(Certification.DziugaiteRoyRandomName, report.Setting);
        // TrainError is measured on the bound set after SGD: memorised to the 0.02 asked for, where two epochs (the true-label
        // default) leave random labels near chance.
        Assert.True(report.TrainError <= 0.02, $"training error {report.TrainError}");
        int epochs = report.Path.Count - 1;
        Assert.InRange(epochs, 3, 399);
        // Memorised random labels say nothing of the test labels.
        Assert.InRange(report.TestError, 0.3, 0.7);
    }

    [Fact]
    public void A_memorising_run_that_runs_out_of_epochs_reports_the_error_it_reached()
    {
        LabelledSet train = Synthetic(200, 1).WithRandomBinaryLabels(7), test = Synthetic(100, 2).WithRandomBinaryLabels(8);
        CertifyReport report = InTemporaryFolder(folder => Certification.DziugaiteRoy(Settings(folder, memoriseEpochs: 1), null, train, test, memorise: true, NoProgress));

        Assert.Single(report.Path.Skip(1));
        Assert.True(report.TrainError > 0.02, $"one epoch cannot memorise 200 random labels: training error {report.TrainError}");
    }

    [Fact]
    public void The_union_over_settings_tried_divides_both_deltas_and_leaves_the_draws_alone()
    {
        LabelledSet train = Synthetic(300, 3), test = Synthetic(100, 4);
        CertifyReport one = InTemporaryFolder(folder => Certification.DziugaiteRoy(Settings(folder), null, train, test, memorise: false, NoProgress));
        CertifyReport four = InTemporaryFolder(folder => Certification.DziugaiteRoy(Settings(folder, unionOver: 4), null, train, test, memorise: false, NoProgress));

        Assert.Equal(0.025 / 4, Certification.CertificateDelta(Settings("", unionOver: 4)), 15);
        Assert.Equal(0.01 / 4, Certification.CertificateDeltaPrime(Settings("", unionOver: 4)), 15);
        // The same seeds give the same posterior and the same draws: only the confidence terms change.
        Assert.Equal(one.Certificate.SampledError, four.Certificate.SampledError);
        Assert.Equal(one.Certificate.Kl, four.Certificate.Kl);
        Assert.Equal(600, four.Certificate.MonteCarloTrials);
        // The Monte-Carlo step pays ln(2/(δ′/4)) in place of ln(2/δ′).
        Assert.Equal(BisectionKlInverse.Of(one.Certificate.SampledError, Math.Log(2 / 0.01) / 600), one.Certificate.MonteCarloBound, 1e-9);
        Assert.Equal(BisectionKlInverse.Of(four.Certificate.SampledError, Math.Log(2 / (0.01 / 4)) / 600), four.Certificate.MonteCarloBound, 1e-9);
        Assert.True(four.Certificate.Certificate > one.Certificate.Certificate, $"{four.Certificate.Certificate} > {one.Certificate.Certificate}");
    }
}
