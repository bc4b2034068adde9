namespace AdamVsNesterov;

/// <summary>
/// One setting (network × regime) of a study: its configurations over seeds, each family's tuned configuration
/// and where that sits in the family's grid as it ended (widened configurations included).
/// </summary>
internal sealed class SettingSummary
{
    private SettingSummary(string network, Regime regime, IReadOnlyList<ConfigurationSummary> configurations)
    {
        Network = network;
        Regime = regime;
        Configurations = configurations;
    }

    /// <summary>The network's full name.</summary>
    public string Network { get; }

    /// <summary>The network's short name ("AE-3").</summary>
    public string ShortNetwork => Network.Split(' ')[0];

    /// <summary>The regime.</summary>
    public Regime Regime { get; }

    /// <summary>The configurations, in grid order.</summary>
    public IReadOnlyList<ConfigurationSummary> Configurations { get; }

    /// <summary>The family's tuned configuration (lowest mean final loss over seeds), or null when all diverged.</summary>
    public ConfigurationSummary? Tuned(OptimizerFamily family) => ConfigurationSummary.Tuned(Configurations, family);

    /// <summary>The edges of its family's grid the tuned configuration sits on (none when the family has no tuned one).</summary>
    public GridEdges Edges(OptimizerFamily family) =>
        Tuned(family) is { } tuned ? GridWidening.Edges(Configurations.Select(c => c.Spec), tuned.Spec) : default;

    /// <summary>The settings of <paramref name="results"/>, in the order their first runs appear.</summary>
    public static IReadOnlyList<SettingSummary> Of(IEnumerable<RunResult> results) => results
        .GroupBy(r => (r.Network, r.Regime))
        .Select(g => new SettingSummary(g.Key.Network, g.Key.Regime, ConfigurationSummary.Of(g)))
        .ToList();
}
