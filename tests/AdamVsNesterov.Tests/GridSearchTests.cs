using AdamVsNesterov;

namespace DslNets.AdamVsNesterov.Tests;

/// <summary>
/// The widening rounds and --resume on a stand-in trainer whose final loss is a known function of the step, so that
/// where the tuned step lands is known in advance.
/// </summary>
public class GridSearchTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "adam-vs-nesterov-" + Guid.NewGuid().ToString("N"));

    public GridSearchTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private StudySettings Settings(IReadOnlyList<double> rates, int maxWidenings, int seeds = 2, bool resume = false) => new(
        MnistFolder: null, Subset: 100, Networks: [3], Regimes: [Fake.FullBatch], ChunkSize: 100, Seed: 1, OutputFolder: _folder,
        Grid: [Fake.Spec(OptimizerFamily.Nesterov, rates[0]), .. rates.Skip(1).Select(r => Fake.Spec(OptimizerFamily.Nesterov, r))],
        Resume: resume, Seeds: seeds, MaxWidenings: maxWidenings);

    private sealed class Counter : IStudyProgress
    {
        public long PlannedCost { get; private set; }
        public long Done { get; private set; }
        public void Planned(long cost) => PlannedCost += cost;
        public void Starting(string description) { }
        public void Advance(long done) => Done += done;
        public void Finished(IReadOnlyList<RunResult> results) { }
    }

    /// <summary>A network whose final loss is <paramref name="loss"/>(α) + seed/100; it counts the runs it trains.</summary>
    private static (StudyNetwork Network, Func<int> Trained) StandIn(Func<double, double> loss)
    {
        int trained = 0;
        var network = new StudyNetwork("AE-3 (stand-in)", (regime, spec, seed, progress) =>
        {
            trained++;
            progress(regime.Cost(100));
            return Fake.Run(spec, seed, loss(spec.LearningRate) + seed / 100.0, network: "AE-3 (stand-in)", regime: regime);
        });
        return (network, () => trained);
    }

    // Lowest at α = 1e-2, rising away from it on a log scale.
    private static double Bowl(double alpha) => 1 + Math.Pow(Math.Log10(alpha) + 2, 2);

    [Fact]
    public void Widening_walks_the_grid_to_the_minimum_and_stops_once_it_is_bracketed()
    {
        (StudyNetwork network, Func<int> trained) = StandIn(Bowl);
        StudySettings settings = Settings([3e-4, 1e-3], maxWidenings: 5);
        var progress = new Counter();
        StudyOutcome outcome = GridSearch.Run(settings, [network], 100, FinishedRuns.Open(settings, resume: false), progress);

        // 1e-3 at the edge → 3e-3 → 1e-2 → 3e-2 brackets 1e-2: three rounds, not five.
        Assert.Equal(3, outcome.WideningRounds);
        SettingSummary setting = Assert.Single(SettingSummary.Of(outcome.Results));
        Assert.Equal([3e-4, 1e-3, 3e-3, 1e-2, 3e-2], setting.Configurations.Select(c => c.Spec.LearningRate));
        Assert.Equal(1e-2, setting.Tuned(OptimizerFamily.Nesterov)!.Spec.LearningRate);
        Assert.False(setting.Edges(OptimizerFamily.Nesterov).Alpha);
        Assert.Equal(5 * 2, trained());
        Assert.All(setting.Configurations, c => Assert.Equal([1, 2], c.Runs.Select(r => r.Seed)));
        Assert.Equal(progress.PlannedCost, progress.Done);
        Assert.Equal(10 * Fake.FullBatch.Cost(100), progress.PlannedCost);
    }

    [Fact]
    public void The_cap_stops_widening_and_leaves_the_edge_marked()
    {
        (StudyNetwork network, _) = StandIn(Bowl);
        StudySettings settings = Settings([3e-4, 1e-3], maxWidenings: 1);
        StudyOutcome outcome = GridSearch.Run(settings, [network], 100, FinishedRuns.Open(settings, resume: false), new Counter());
        Assert.Equal(1, outcome.WideningRounds);
        SettingSummary setting = Assert.Single(SettingSummary.Of(outcome.Results));
        Assert.Equal(3e-3, setting.Tuned(OptimizerFamily.Nesterov)!.Spec.LearningRate);
        Assert.True(setting.Edges(OptimizerFamily.Nesterov).AlphaHigh);
        var report = new StudyReport(outcome.Results, settings.Grid);
        Assert.Contains(report.StatusLines(), line => line.Contains("after widening: 1 of 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_diverging_edge_stops_widening_by_itself()
    {
        // Larger steps are better up to 3e-3; from 1e-2 on every run diverges.
        (StudyNetwork network, _) = StandIn(alpha => alpha >= 1e-2 ? double.PositiveInfinity : 1 / alpha);
        StudySettings settings = Settings([1e-3, 3e-3], maxWidenings: 3);
        StudyOutcome outcome = GridSearch.Run(settings, [network], 100, FinishedRuns.Open(settings, resume: false), new Counter());
        Assert.Equal(1, outcome.WideningRounds);
        SettingSummary setting = Assert.Single(SettingSummary.Of(outcome.Results));
        Assert.Equal(2, setting.Configurations.Single(c => c.Spec.LearningRate == 1e-2).Diverged);
        Assert.Equal(3e-3, setting.Tuned(OptimizerFamily.Nesterov)!.Spec.LearningRate);
        Assert.False(setting.Edges(OptimizerFamily.Nesterov).Alpha);
    }

    [Fact]
    public void A_family_that_diverges_everywhere_reaches_for_smaller_steps_until_one_is_stable_and_bracketed()
    {
        // Every step from 3e-3 up diverges; below it the loss is lowest at 3e-4. The starting grid {3e-3, 1e-2} has no
        // tuned configuration, so the first round must add 1e-3 (not stop), the next 3e-4, and the next 1e-4 brackets it.
        (StudyNetwork network, _) = StandIn(alpha => alpha >= 3e-3 ? double.PositiveInfinity : 1 + Math.Pow(Math.Log10(alpha) - Math.Log10(3e-4), 2));
        StudySettings settings = Settings([3e-3, 1e-2], maxWidenings: 5);
        StudyOutcome outcome = GridSearch.Run(settings, [network], 100, FinishedRuns.Open(settings, resume: false), new Counter());
        Assert.Equal(3, outcome.WideningRounds);
        SettingSummary setting = Assert.Single(SettingSummary.Of(outcome.Results));
        Assert.Equal([1e-4, 3e-4, 1e-3, 3e-3, 1e-2], setting.Configurations.Select(c => c.Spec.LearningRate).Distinct().Order());
        Assert.Equal(3e-4, setting.Tuned(OptimizerFamily.Nesterov)!.Spec.LearningRate);
        Assert.False(setting.Edges(OptimizerFamily.Nesterov).Alpha);
    }

    [Fact]
    public void Resume_reuses_every_finished_seed_and_widened_point_and_trains_only_new_seeds()
    {
        (StudyNetwork first, Func<int> firstTrained) = StandIn(Bowl);
        StudySettings settings = Settings([3e-4, 1e-3], maxWidenings: 5);
        StudyOutcome done = GridSearch.Run(settings, [first], 100, FinishedRuns.Open(settings, resume: false), new Counter());
        Assert.Equal(10, firstTrained());

        (StudyNetwork again, Func<int> againTrained) = StandIn(Bowl);
        StudyOutcome resumed = GridSearch.Run(settings with { Resume = true }, [again], 100, FinishedRuns.Open(settings, resume: true), new Counter());
        Assert.Equal(0, againTrained());
        Assert.Equal(done.Results.Select(r => (r.Spec, r.Seed, r.FinalLoss)), resumed.Results.Select(r => (r.Spec, r.Seed, r.FinalLoss)));

        // A third seed is new work for every configuration, widened ones included; the first two are reused.
        (StudyNetwork more, Func<int> moreTrained) = StandIn(Bowl);
        StudySettings threeSeeds = settings with { Seeds = 3, Resume = true };
        GridSearch.Run(threeSeeds, [more], 100, FinishedRuns.Open(threeSeeds, resume: true), new Counter());
        Assert.Equal(5, moreTrained());

        // Without --resume, or with another subset, nothing is reused.
        Assert.Equal(0, FinishedRuns.Open(settings, resume: false).Count);
        Assert.Equal(0, FinishedRuns.Open(settings with { Subset = 200 }, resume: true).Count);
        FinishedRuns saved = FinishedRuns.Open(settings, resume: true);
        Assert.Equal(15, saved.Count);
        OptimizerSpec widened = Fake.Spec(OptimizerFamily.Nesterov, 3e-2);
        Assert.NotEqual(saved.Find("AE-3 (stand-in)", Fake.FullBatch, widened, 1)!.FinalLoss, saved.Find("AE-3 (stand-in)", Fake.FullBatch, widened, 2)!.FinalLoss);
        Assert.Null(saved.Find("AE-3 (stand-in)", Fake.FullBatch with { Length = 20 }, widened, 1));
    }
}
