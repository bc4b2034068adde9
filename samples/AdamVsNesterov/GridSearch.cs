namespace AdamVsNesterov;

/// <summary>A network the study trains: its name and how to run one configuration with one seed on it.</summary>
/// <param name="Name">The name in tables ("AE-3 (784-…)").</param>
/// <param name="Train">Runs a configuration in a regime with a seed, reporting per-image gradients done.</param>
internal sealed record StudyNetwork(string Name, Func<Regime, OptimizerSpec, int, Action<long>, RunResult> Train);

/// <summary>What the grid search reports as it goes; the console shows a progress bar, tests ignore it.</summary>
internal interface IStudyProgress
{
    /// <summary><paramref name="cost"/> more per-image gradients join the plan (a widening round adds some).</summary>
    void Planned(long cost);

    /// <summary>A run (or its reuse) begins.</summary>
    void Starting(string description);

    /// <summary><paramref name="done"/> per-image gradients were done.</summary>
    void Advance(long done);

    /// <summary>A run finished; <paramref name="results"/> holds every run so far.</summary>
    void Finished(IReadOnlyList<RunResult> results);
}

/// <summary>The runs of a study and how many widening rounds it took.</summary>
/// <param name="Results">Every run, in the order they were done.</param>
/// <param name="WideningRounds">The rounds that added configurations (at most the settings' cap).</param>
internal sealed record StudyOutcome(IReadOnlyList<RunResult> Results, int WideningRounds);

/// <summary>
/// Runs the grid on every network × regime with every seed, then widens: while some family's tuned configuration in
/// a setting sits on an edge of its grid there (<see cref="GridWidening"/>), the setting's grid gains the next values
/// beyond that edge and those configurations run with every seed, until no tuned value is on an edge or
/// <see cref="StudySettings.MaxWidenings"/> rounds were spent. Diverged configurations count as run, with loss +∞, so
/// widening past a diverging edge stops by itself.
/// </summary>
internal static class GridSearch
{
    /// <summary>Runs the study; finished runs found in <paramref name="finished"/> are reused, new ones added to it.</summary>
    public static StudyOutcome Run(StudySettings settings, IReadOnlyList<StudyNetwork> networks, int imageCount, FinishedRuns finished, IStudyProgress progress)
    {
        var grids = new Dictionary<(string Network, Regime Regime), List<OptimizerSpec>>();
        var pending = new List<(StudyNetwork Network, Regime Regime, OptimizerSpec Spec)>();
        foreach (StudyNetwork network in networks)
        {
            foreach (Regime regime in settings.Regimes)
            {
                grids[(network.Name, regime)] = [.. settings.Grid];
                pending.AddRange(settings.Grid.Select(spec => (network, regime, spec)));
            }
        }

        var results = new List<RunResult>();
        int rounds = 0;
        while (true)
        {
            progress.Planned(pending.Sum(p => p.Regime.Cost(imageCount)) * settings.Seeds);
            foreach ((StudyNetwork network, Regime regime, OptimizerSpec spec) in pending)
            {
                foreach (int seed in settings.SeedList)
                {
                    progress.Starting($"{network.Name.Split(' ')[0]} {regime.Name}: {spec.Label}, seed {seed}");
                    RunResult? kept = finished.Find(network.Name, regime, spec, seed);
                    long done = 0;
                    RunResult result = kept ?? network.Train(regime, spec, seed, amount =>
                    {
                        done += amount;
                        progress.Advance(amount);
                    });
                    if (kept is null) finished.Add(result);
                    // A diverged (or reused) run did less than its budget; count all of it so the plan stays honest.
                    long rest = regime.Cost(imageCount) - done;
                    if (rest > 0) progress.Advance(rest);
                    results.Add(result);
                    progress.Finished(results);
                }
            }

            if (rounds == settings.MaxWidenings) break;
            pending = [];
            foreach (StudyNetwork network in networks)
            {
                foreach (Regime regime in settings.Regimes)
                {
                    List<OptimizerSpec> grid = grids[(network.Name, regime)];
                    IReadOnlyList<ConfigurationSummary> configurations = ConfigurationSummary.Of(results.Where(r => r.Network == network.Name && r.Regime == regime));
                    foreach (OptimizerFamily family in OptimizerSpec.Families)
                    {
                        ConfigurationSummary? tuned = ConfigurationSummary.Tuned(configurations, family);
                        List<OptimizerSpec> familyGrid = grid.Where(s => s.Family == family).ToList();
                        // Every configuration diverged for some seed: nothing to bracket yet, so the grid reaches for smaller steps.
                        IReadOnlyList<OptimizerSpec> added = tuned is null
                            ? GridWidening.WidenBelowDivergence(familyGrid)
                            : GridWidening.Widen(familyGrid, tuned.Spec, settings.WidenXi);
                        grid.AddRange(added);
                        pending.AddRange(added.Select(spec => (network, regime, spec)));
                    }
                }
            }

            if (pending.Count == 0) break;
            rounds++;
        }

        return new StudyOutcome(results, rounds);
    }
}
