namespace AdamVsNesterov;

/// <summary>
/// One configuration of one setting (network × regime) over its seeds. Tuning ranks configurations by
/// <see cref="RankingLoss"/>, the mean final loss over seeds, +∞ when any seed diverged (a configuration that
/// diverges for some seeds is not a dependable choice, and a diverging edge of the grid then stops widening).
/// </summary>
internal sealed class ConfigurationSummary
{
    private ConfigurationSummary(OptimizerSpec spec, IReadOnlyList<RunResult> runs)
    {
        Spec = spec;
        Runs = runs;
        Loss = SeedStatistics.Of(runs.Select(r => r.Failure is null ? r.FinalLoss : double.NaN));
        GradientNorm = SeedStatistics.Of(runs.Select(r => r.Failure is null ? r.GradientNorm : double.NaN));
        Diverged = runs.Count(r => r.Failure is not null || !double.IsFinite(r.FinalLoss));
        NotFlattened = runs.Count(r => r.Flattening.Status != FlatteningStatus.Flattened);
        MeanSeconds = runs.Average(r => r.Seconds);
        RankingLoss = Diverged == 0 ? Loss.Mean : double.PositiveInfinity;
    }

    /// <summary>The configuration.</summary>
    public OptimizerSpec Spec { get; }

    /// <summary>Its runs, one per seed, in seed order.</summary>
    public IReadOnlyList<RunResult> Runs { get; }

    /// <summary>The final training loss over the seeds that did not diverge.</summary>
    public SeedStatistics Loss { get; }

    /// <summary>The final gradient norm over the seeds that did not diverge.</summary>
    public SeedStatistics GradientNorm { get; }

    /// <summary>How many seeds diverged.</summary>
    public int Diverged { get; }

    /// <summary>How many seeds' runs had not flattened by <see cref="FlatteningRule"/> (diverged ones included).</summary>
    public int NotFlattened { get; }

    /// <summary>The mean wall-clock seconds of a run.</summary>
    public double MeanSeconds { get; }

    /// <summary>The mean final loss over seeds, or +∞ when any seed diverged.</summary>
    public double RankingLoss { get; }

    /// <summary>The configurations of one setting's runs, in grid order (family, then β₁, α, ξ, μ).</summary>
    public static IReadOnlyList<ConfigurationSummary> Of(IEnumerable<RunResult> settingRuns) => settingRuns
        .GroupBy(r => r.Spec)
        .Select(g => new ConfigurationSummary(g.Key, g.OrderBy(r => r.Seed).ToList()))
        .OrderBy(c => Array.IndexOf(OptimizerSpec.Families, c.Spec.Family))
        .ThenBy(c => c.Spec.Momentum).ThenBy(c => c.Spec.LearningRate).ThenBy(c => c.Spec.Xi)
        .ToList();

    /// <summary>
    /// The family's tuned configuration: the lowest mean final loss over seeds among those that never diverged, or
    /// null when every configuration diverged for some seed.
    /// </summary>
    public static ConfigurationSummary? Tuned(IEnumerable<ConfigurationSummary> configurations, OptimizerFamily family) => configurations
        .Where(c => c.Spec.Family == family && double.IsFinite(c.RankingLoss))
        .MinBy(c => c.RankingLoss);
}
