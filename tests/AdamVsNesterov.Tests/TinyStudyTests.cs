using AdamVsNesterov;

namespace DslNets.AdamVsNesterov.Tests;

/// <summary>
/// The study end to end on 120 synthetic 28×28 images: the real autoencoder, every family, two seeds, both regimes and
/// one widening round, in seconds. It checks structure (a tuned row per family and setting, widened points where a
/// tuned step was at an edge), not which optimiser wins.
/// </summary>
public class TinyStudyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "adam-vs-nesterov-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    // A bright square at a random place on a dim noisy background, pixel values in [0, 1] like MNIST's.
    private static float[] Images(int count, long seed)
    {
        var random = new SeededRandom(seed);
        var images = new float[count * 784];
        for (int s = 0; s < count; s++)
        {
            int top = random.NextInt(20), left = random.NextInt(20);
            for (int p = 0; p < 784; p++) images[s * 784 + p] = (float)(0.1 * random.NextDouble());
            for (int y = top; y < top + 8; y++)
                for (int x = left; x < left + 8; x++) images[s * 784 + y * 28 + x] = (float)(0.8 + 0.2 * random.NextDouble());
        }

        return images;
    }

    private sealed class Quiet : IStudyProgress
    {
        public void Planned(long cost) { }
        public void Starting(string description) { }
        public void Advance(long done) { }
        public void Finished(IReadOnlyList<RunResult> results) { }
    }

    [Fact]
    public void The_forward_only_loss_equals_the_full_batch_loss()
    {
        var objective = new ReconstructionObjective<Autoencoder3>(Images(50, 3), chunkSize: 20, largestBatch: 10);
        var net = new Autoencoder3(seed: 4);
        double full = objective.FullBatch(net, new float[Autoencoder3.ParameterCount]);
        Assert.Equal(full, objective.Loss(net), full * 1e-5);
    }

    [Fact]
    public void A_tiny_study_tunes_every_family_in_every_setting_and_widens_edges()
    {
        var settings = new StudySettings(
            MnistFolder: null, Subset: 120, Networks: [3], Regimes: [new Regime(true, 4, 0), new Regime(false, 1, 40)], ChunkSize: 60, Seed: 1,
            OutputFolder: _folder, Grid: OptimizerSpec.Grid([1e-3, 3e-3], 0.999, [1e-2], [1e-8], [1e-2], [0.9]),
            Seeds: 2, MaxWidenings: 1);
        Directory.CreateDirectory(_folder);
        IReadOnlyList<StudyNetwork> networks = Study.Networks(Images(settings.Subset, 1), settings);
        StudyOutcome outcome = GridSearch.Run(settings, networks, settings.Subset, FinishedRuns.Open(settings, resume: false), new Quiet());
        var report = new StudyReport(outcome.Results, settings.Grid);

        Assert.Equal(1, outcome.WideningRounds);
        Assert.Equal(["full-batch", "mini-batch 40"], report.Settings.Select(s => s.Regime.Name));
        foreach (SettingSummary setting in report.Settings)
        {
            foreach (OptimizerFamily family in OptimizerSpec.Families)
            {
                Assert.NotNull(setting.Tuned(family));
                // Two starting steps: whichever was tuned sat at an edge, so the step beyond it joined the grid.
                IReadOnlyList<ConfigurationSummary> start = ConfigurationSummary.Of(outcome.Results.Where(r =>
                    r.Network == setting.Network && r.Regime == setting.Regime && settings.Grid.Contains(r.Spec)));
                ConfigurationSummary tunedAtStart = ConfigurationSummary.Tuned(start, family)!;
                GridEdges edges = GridWidening.Edges(settings.Grid.Where(s => s.Family == family), tunedAtStart.Spec);
                double[] steps = setting.Configurations.Where(c => c.Spec.Family == family).Select(c => c.Spec.LearningRate).ToArray();
                double[] startingSteps = settings.Grid.Where(s => s.Family == family).Select(s => s.LearningRate).ToArray();
                if (edges.AlphaLow) Assert.Contains(GridWidening.Beyond(startingSteps.Min(), false, Ladder.OneThree), steps);
                if (edges.AlphaHigh) Assert.Contains(GridWidening.Beyond(startingSteps.Max(), true, Ladder.OneThree), steps);
                Assert.True(edges.Alpha);
            }

            // NAG's single starting step is at both edges: both neighbours were added.
            Assert.Equal([3e-3, 1e-2, 3e-2], setting.Configurations.Where(c => c.Spec.Family == OptimizerFamily.Nesterov).Select(c => c.Spec.LearningRate));
            foreach (ConfigurationSummary c in setting.Configurations)
            {
                Assert.Equal([1, 2], c.Runs.Select(r => r.Seed));
                Assert.All(c.Runs, r => Assert.True(r.Failure is not null || double.IsFinite(r.LossAtMark), $"{c.Spec.Label}: no loss at the mark"));
            }

            // The seed sets the initialisation: two seeds of one configuration end apart.
            ConfigurationSummary nag = setting.Configurations.First(c => c.Spec.Family == OptimizerFamily.Nesterov && c.Diverged == 0);
            Assert.NotEqual(nag.Runs[0].FinalLoss, nag.Runs[1].FinalLoss);
        }

        Assert.All(outcome.Results.Where(r => r.Regime.FullBatch && r.Failure is null), r => Assert.Equal([0.0, 1, 2, 3, 4], r.CurveX));

        string markdown = Path.Combine(_folder, "results.md");
        report.WriteMarkdown(markdown, settings, TimeSpan.FromSeconds(1), outcome.WideningRounds, TimeEstimate.Measured(outcome.Results, settings.Subset));
        string text = File.ReadAllText(markdown);
        Assert.Contains("**Verdict: the claim", text, StringComparison.Ordinal);
        Assert.Contains("Status: **", text, StringComparison.Ordinal);
        string tuned = text[text.IndexOf("## Each family tuned", StringComparison.Ordinal)..text.IndexOf("## Every configuration", StringComparison.Ordinal)];
        Assert.Equal(2 * OptimizerSpec.Families.Length, tuned.Split('\n').Count(line => line.StartsWith("| AE-3 |", StringComparison.Ordinal)));
        string every = text[text.IndexOf("## Every configuration", StringComparison.Ordinal)..];
        int widened = report.Settings.Sum(s => s.Configurations.Count(c => !settings.Grid.Contains(c.Spec)));
        Assert.Equal(2 * 7, widened); // per setting: one step for each ADAM and RMSProp, two for NAG
        Assert.Equal(widened, every.Split('\n').Count(line => line.Contains("widened", StringComparison.Ordinal)));
        report.WritePlots(_folder);
        Assert.True(File.Exists(Path.Combine(_folder, "ae-3-full-batch.svg")));
        Assert.True(File.Exists(Path.Combine(_folder, "ae-3-mini-batch-40.svg")));
    }
}
