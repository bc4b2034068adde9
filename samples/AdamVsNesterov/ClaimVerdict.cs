using System.Globalization;

namespace AdamVsNesterov;

/// <summary>One setting's comparison of an ADAM family's tuned configuration with tuned NAG.</summary>
/// <param name="Setting">The setting.</param>
/// <param name="Family">The ADAM family.</param>
internal sealed record ClaimComparison(SettingSummary Setting, OptimizerFamily Family)
{
    /// <summary>ADAM's tuned configuration, or null when all diverged.</summary>
    public ConfigurationSummary? Adam => Setting.Tuned(Family);

    /// <summary>NAG's tuned configuration, or null when all diverged.</summary>
    public ConfigurationSummary? Nag => Setting.Tuned(OptimizerFamily.Nesterov);

    /// <summary>Whether ADAM's mean final loss is below NAG's (or NAG always diverged and ADAM did not).</summary>
    public bool AdamLower => Adam is { } adam && (Nag is not { } nag || adam.RankingLoss < nag.RankingLoss);

    /// <summary>Whether the seeds' ranges of final loss do not overlap: the order does not hang on the seed.</summary>
    public bool Separated => Adam is { } adam && Nag is { } nag && (adam.Loss.Max < nag.Loss.Min || nag.Loss.Max < adam.Loss.Min);

    /// <summary>Runs behind the two tuned configurations that had not flattened.</summary>
    public int NotFlattened => (Adam?.NotFlattened ?? 0) + (Nag?.NotFlattened ?? 0);

    /// <summary>Runs behind the two tuned configurations.</summary>
    public int Runs => (Adam?.Runs.Count ?? 0) + (Nag?.Runs.Count ?? 0);

    /// <summary>How many of the two tuned configurations sit at an edge of their grids.</summary>
    public int AtEdge => (Setting.Edges(Family).Alpha || Setting.Edges(Family).Xi ? 1 : 0) + (Setting.Edges(OptimizerFamily.Nesterov).Alpha ? 1 : 0);

    /// <summary>One line: the two means with spreads and configurations, which is lower, and the status behind it.</summary>
    public string Describe()
    {
        string Side(ConfigurationSummary? tuned, OptimizerFamily family)
        {
            if (tuned is null) return $"{OptimizerSpec.FamilyName(family)} diverged in every configuration";
            string edges = Setting.Edges(family) is { } e && (e.Alpha || (family != OptimizerFamily.Nesterov && e.Xi)) ? ", " + e.Describe() : "";
            return $"{OptimizerSpec.FamilyName(family)} {tuned.Loss.MeanAndSpread} ({tuned.Spec.LegendLabel}; flat in {tuned.Runs.Count - tuned.NotFlattened} of {tuned.Runs.Count} seeds{edges})";
        }

        string order = Adam is null ? "NAG lower" : Nag is null ? "ADAM lower" : (AdamLower ? "ADAM lower" : "NAG lower")
            + string.Create(CultureInfo.InvariantCulture, $", NAG/ADAM = {Nag.RankingLoss / Adam.RankingLoss:F3}")
            + (Separated ? ", ranges over seeds apart" : ", ranges over seeds overlap");
        return $"{Setting.ShortNetwork} {Setting.Regime.Name}: {Side(Adam, Family)} against {Side(Nag, OptimizerFamily.Nesterov)}: {order}.";
    }
}

/// <summary>
/// The verdict on the paper's claim (ADAM with β₁ = 0.99 in its form reaches a lower training loss than tuned NAG),
/// setting by setting, with the flattening and grid-edge status it rests on; and the same count for the other ADAMs.
/// </summary>
internal static class ClaimVerdict
{
    /// <summary>The verdict's lines, Markdown list items without the leading "- ".</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<SettingSummary> settings)
    {
        var lines = new List<string>();
        ClaimComparison[] claim = settings.Select(s => new ClaimComparison(s, OptimizerFamily.Adam099)).ToArray();
        int holds = claim.Count(c => c.AdamLower), apart = claim.Count(c => c.AdamLower && c.Separated);
        string verdict = holds == claim.Length ? "the claim holds in every setting"
            : holds == 0 ? "the claim does not hold in any setting"
            : "the claim holds in some settings only";
        lines.Add($"**Verdict: {verdict}** — ADAM β₁=0.99 (paper's form, tuned α and ξ) reaches a lower mean final training loss than tuned NAG in {holds} of {claim.Length} settings (network × regime), {apart} of them with the seeds' ranges apart.");
        int notFlat = claim.Sum(c => c.NotFlattened), runs = claim.Sum(c => c.Runs), edges = claim.Sum(c => c.AtEdge);
        lines.Add(notFlat == 0 && edges == 0
            ? $"Status: **settled at these budgets** — all {runs} runs behind the compared tuned configurations flattened (loss changed < 1% over the last 10% of steps) and no tuned α (or ξ) sits at an edge of its grid."
            : $"Status: **provisional** — {notFlat} of the {runs} runs behind the compared tuned configurations had not flattened (loss changed ≥ 1% over the last 10% of steps, or diverged), and {edges} of the {2 * claim.Length} compared tuned configurations sit at an edge of their grid after widening.");
        lines.AddRange(claim.Select(c => c.Describe()));
        foreach (OptimizerFamily family in new[] { OptimizerFamily.Adam09, OptimizerFamily.StandardAdam099, OptimizerFamily.StandardAdam09 })
        {
            ClaimComparison[] others = settings.Select(s => new ClaimComparison(s, family)).ToArray();
            lines.Add($"{OptimizerSpec.FamilyName(family)} (tuned) is lower than tuned NAG in {others.Count(c => c.AdamLower)} of {others.Length} settings ({others.Count(c => c.AdamLower && c.Separated)} with the ranges apart).");
        }

        return lines;
    }
}
