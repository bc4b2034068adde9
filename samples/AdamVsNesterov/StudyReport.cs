using System.Globalization;
using System.Text;
using DslNets.Plotting;
using Spectre.Console;

namespace AdamVsNesterov;

/// <summary>
/// The study's tables and plots. Each family's tuned configuration in a setting (network × regime) is its member with
/// the lowest mean final training loss over seeds; the verdict compares ADAM β₁ = 0.99 (paper's form) with tuned NAG
/// setting by setting and says whether the runs behind it flattened and whether the tuned values sit at a grid edge.
/// </summary>
internal sealed class StudyReport
{
    private static readonly string[] TunedHeader = ["Network", "Regime", "Family", "Tuned configuration", "Final f (mean ± sd)", "Final f (min–max)", "‖∇f‖ at end (mean ± sd)", "Flattened", "Grid", "f / NAG's f"];
    private static readonly string[] ResultHeader = ["Network", "Regime", "Optimiser", "Seeds", "Final f (mean ± sd)", "‖∇f‖ at end (mean ± sd)", "Flattened", "Seconds (mean)", "Note"];
    private readonly IReadOnlyList<SettingSummary> _settings;
    private readonly IReadOnlyList<OptimizerSpec> _startingGrid;

    /// <summary>A report of <paramref name="results"/>; configurations outside <paramref name="startingGrid"/> are marked as widened.</summary>
    public StudyReport(IReadOnlyList<RunResult> results, IReadOnlyList<OptimizerSpec> startingGrid)
    {
        _settings = SettingSummary.Of(results);
        _startingGrid = startingGrid;
    }

    /// <summary>The settings, for tests and the verdict.</summary>
    public IReadOnlyList<SettingSummary> Settings => _settings;

    /// <summary>Prints every configuration, then the tuned ones, then the verdict.</summary>
    public void Print()
    {
        AnsiConsole.Write(ToTable("Every configuration (over seeds)", ResultHeader, ResultRows()));
        AnsiConsole.Write(ToTable("Each family tuned over its grid (lowest mean final training loss f over seeds)", TunedHeader, TunedRows()));
        foreach (string line in ClaimVerdict.Lines(_settings)) AnsiConsole.MarkupLineInterpolated($"{line.Replace("**", "")}");
        foreach (string line in StatusLines()) AnsiConsole.MarkupLineInterpolated($"{line}");
    }

    /// <summary>
    /// One log-scale plot (PNG and SVG) of the loss curves per setting: each family's tuned configuration, the
    /// curve's mean over seeds point by point.
    /// </summary>
    public void WritePlots(string folder)
    {
        foreach (SettingSummary setting in _settings)
        {
            int seeds = setting.Configurations.Max(c => c.Runs.Count);
            var plot = new LinePlot($"{setting.ShortNetwork}, {setting.Regime.Name}: each family's tuned configuration, mean of {seeds} seed{(seeds == 1 ? "" : "s")}",
                setting.Regime.Axis, setting.Regime.FullBatch ? "training loss f" : "mean mini-batch loss", logY: true) { Size = (900, 480) };
            foreach (OptimizerFamily family in OptimizerSpec.Families)
            {
                if (setting.Tuned(family) is not { } tuned) continue;
                (double[] x, double[] y) = MeanCurve(tuned.Runs);
                plot.Add(tuned.Spec.LegendLabel, x, y);
            }

            string file = $"{setting.ShortNetwork}-{setting.Regime.Name.Replace(' ', '-')}".ToLowerInvariant();
            plot.SavePngAndSvg(Path.Combine(folder, file));
        }
    }

    /// <summary>The mean of the runs' curves point by point, over the points they all reached.</summary>
    public static (double[] X, double[] Y) MeanCurve(IReadOnlyList<RunResult> runs)
    {
        int length = runs.Min(r => r.CurveY.Length);
        double[] x = runs[0].CurveX[..length];
        double[] y = Enumerable.Range(0, length).Select(i => runs.Average(r => r.CurveY[i])).ToArray();
        return (x, y);
    }

    /// <summary>Writes the verdict, the status lines, the two tables and the timings as Markdown (<paramref name="wideningRounds"/> null while the study runs).</summary>
    public void WriteMarkdown(string path, StudySettings settings, TimeSpan elapsed, int? wideningRounds, IEnumerable<string> timings)
    {
        var text = new StringBuilder();
        text.AppendLine("# ADAM versus Nesterov on MNIST autoencoders");
        text.AppendLine();
        string regimes = string.Join(", ", settings.Regimes.Select(r => $"{r.Name} × {r.Length} {r.Axis}s"));
        text.AppendLine(Invariant($"Budget {settings.Budget}: {settings.Subset} images (drawn with seed {settings.Seed}, the same images for every seed), seeds {settings.Seed}–{settings.Seed + settings.Seeds - 1} (each sets the initialisation and the mini-batch order), regimes {regimes}; starting grid of {settings.Grid.Count} configurations, {(wideningRounds is int rounds ? rounds.ToString(CultureInfo.InvariantCulture) : "(still running)")} widening round(s) of at most {settings.MaxWidenings} (α along 1–3–10{(settings.WidenXi ? ", ξ by factors of 10" : "; ξ not widened")}); total {elapsed.TotalMinutes:F1} min."));
        text.AppendLine();
        text.AppendLine("## Verdict on the paper's claim");
        text.AppendLine();
        text.AppendLine("Claim (De, Mukherjee and Ullah, arXiv 1807.06766): ADAM with β₁ = 0.99 in their form (ξ, no bias correction) reaches a lower training loss than a tuned NAG.");
        text.AppendLine();
        foreach (string line in ClaimVerdict.Lines(_settings)) text.AppendLine("- " + line);
        text.AppendLine();
        foreach (string line in StatusLines()) text.AppendLine("- " + line);
        text.AppendLine();
        text.AppendLine("## Each family tuned over its grid");
        text.AppendLine();
        AppendMarkdown(text, TunedHeader, TunedRows());
        text.AppendLine();
        text.AppendLine("## Every configuration");
        text.AppendLine();
        AppendMarkdown(text, ResultHeader, ResultRows());
        text.AppendLine();
        text.AppendLine("## Timings");
        text.AppendLine();
        foreach (string line in timings) text.AppendLine("- " + line);
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>The counts of tuned configurations not flattened and at a grid edge, over all families and settings.</summary>
    public IEnumerable<string> StatusLines()
    {
        var tuned = _settings
            .SelectMany(s => OptimizerSpec.Families.Select(f => (Setting: s, Family: f, Tuned: s.Tuned(f))))
            .Where(t => t.Tuned is not null)
            .ToList();
        int notFlat = tuned.Count(t => t.Tuned!.NotFlattened > 0);
        int alphaEdge = tuned.Count(t => t.Setting.Edges(t.Family).Alpha), xiEdge = tuned.Count(t => t.Setting.Edges(t.Family).Xi);
        yield return $"Flattening rule: a run has flattened when its exact training loss changed by less than 1% over the last 10% of its steps (relative to the loss at the 90% mark). Tuned configurations with a run that had not: {notFlat} of {tuned.Count} (marked \"**no**\").";
        yield return $"Tuned configurations whose α is still the smallest or largest of their family's grid after widening: {alphaEdge} of {tuned.Count}; whose ξ is: {xiEdge} of {tuned.Count(t => OptimizerSpec.HasXi(t.Family))} (marked in the Grid column; a wider grid could change them).";
    }

    private IEnumerable<string[]> TunedRows()
    {
        foreach (SettingSummary setting in _settings)
        {
            ConfigurationSummary? nag = setting.Tuned(OptimizerFamily.Nesterov);
            foreach (OptimizerFamily family in OptimizerSpec.Families)
            {
                ConfigurationSummary? tuned = setting.Tuned(family);
                if (tuned is null)
                {
                    yield return [setting.ShortNetwork, setting.Regime.Name, OptimizerSpec.FamilyName(family), "every configuration diverged for some seed", "—", "—", "—", "—", "—", "—"];
                    continue;
                }

                string edges = setting.Edges(family).Describe();
                string ratio = nag is null || family == OptimizerFamily.Nesterov ? "" : Invariant($"{tuned.RankingLoss / nag.RankingLoss:F3}");
                yield return
                [
                    setting.ShortNetwork, setting.Regime.Name, OptimizerSpec.FamilyName(family), tuned.Spec.Label + (IsWidened(tuned.Spec) ? " (widened)" : ""),
                    tuned.Loss.MeanAndSpread, tuned.Loss.Range, tuned.GradientNorm.MeanAndSpread, FlattenedCell(tuned, emphasise: true),
                    edges.Length == 0 ? "interior" : edges, ratio,
                ];
            }
        }
    }

    private IEnumerable<string[]> ResultRows()
    {
        foreach (SettingSummary setting in _settings)
        {
            foreach (ConfigurationSummary c in setting.Configurations)
            {
                var notes = new List<string>();
                if (ReferenceEquals(setting.Tuned(c.Spec.Family), c)) notes.Add("tuned");
                if (IsWidened(c.Spec)) notes.Add("widened");
                if (c.Diverged > 0) notes.Add($"diverged for {c.Diverged} of {c.Runs.Count} seeds ({c.Runs.First(r => r.Failure is not null).Failure})");
                yield return
                [
                    setting.ShortNetwork, setting.Regime.Name, c.Spec.Label, string.Join(",", c.Runs.Select(r => r.Seed)),
                    c.Loss.MeanAndSpread, c.GradientNorm.MeanAndSpread, FlattenedCell(c, emphasise: false),
                    c.MeanSeconds.ToString("F1", CultureInfo.InvariantCulture), string.Join("; ", notes),
                ];
            }
        }
    }

    /// <summary>"yes (3/3)", or "no (1/3; mean change −2.1%)" with the mean relative change of the runs that did not flatten.</summary>
    private static string FlattenedCell(ConfigurationSummary c, bool emphasise)
    {
        int flat = c.Runs.Count - c.NotFlattened;
        if (c.NotFlattened == 0) return $"yes ({flat}/{c.Runs.Count})";
        double[] changes = c.Runs.Select(r => r.Flattening).Where(f => f.Status is FlatteningStatus.Falling or FlatteningStatus.Rising).Select(f => f.RelativeChange).ToArray();
        string change = changes.Length == 0 ? "" : Invariant($"; mean change {changes.Average() * 100:+0.0;-0.0}%");
        return $"{(emphasise ? "**no**" : "no")} ({flat}/{c.Runs.Count}{change})";
    }

    private bool IsWidened(OptimizerSpec spec) => !_startingGrid.Contains(spec);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static Table ToTable(string title, string[] header, IEnumerable<string[]> rows)
    {
        var table = new Table { Title = new TableTitle(title) };
        foreach (string column in header) table.AddColumn(column);
        foreach (string[] row in rows) table.AddRow(row.Select(cell => Markup.Escape(cell.Replace("**", ""))).ToArray());
        return table;
    }

    private static void AppendMarkdown(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (string[] row in rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
    }
}
