using System.Globalization;
using System.Text;
using DslNets.Plotting;
using Spectre.Console;

namespace AdamVsNesterov;

/// <summary>
/// The study's tables and plots. Each family's tuned representative in a setting (network × regime) is its member
/// with the lowest final training loss; the headline compares ADAM with β₁ = 0.99 against tuned NAG setting by setting.
/// </summary>
internal sealed class StudyReport
{
    private static readonly string[] ResultHeader = ["Network", "Regime", "Optimiser", "Final f", "‖∇f‖ at end", "Seconds", "Note"];
    private static readonly string[] VerdictHeader = ["Network", "Regime", "ADAM β₁=0.99", "ADAM β₁=0.9", "RMSProp", "NAG", "0.99 vs NAG", "0.9 vs NAG"];
    private readonly IReadOnlyList<RunResult> _results;
    private readonly List<IGrouping<(string Network, string Regime), RunResult>> _settings;

    public StudyReport(IReadOnlyList<RunResult> results)
    {
        _results = results;
        _settings = results.GroupBy(r => (r.Network, r.Regime.Name)).ToList();
    }

    /// <summary>Prints every run, then the verdict per setting and the headline counts.</summary>
    public void Print()
    {
        AnsiConsole.Write(ToTable("Every configuration", ResultHeader, ResultRows()));
        AnsiConsole.Write(ToTable("Each family tuned over its grid (lowest final training loss f)", VerdictHeader, VerdictRows()));
        foreach (string line in Headline()) AnsiConsole.MarkupLineInterpolated($"[bold]{line}[/]");
    }

    /// <summary>One log-scale plot (PNG and SVG) of the loss curves per setting: the tuned (best) run of each family.</summary>
    public void WritePlots(string folder)
    {
        foreach (var setting in _settings)
        {
            RunResult first = setting.First();
            var plot = new LinePlot($"{first.Network}, {first.Regime.Name}: each family's tuned run", first.Regime.Axis,
                first.Regime.FullBatch ? "training loss f" : "mean mini-batch loss", logY: true) { Size = (900, 480) };
            foreach (OptimizerFamily family in Enum.GetValues<OptimizerFamily>())
            {
                RunResult? best = Best(setting, family);
                if (best is not null) plot.Add(best.Spec.LegendLabel, best.CurveX, best.CurveY);
            }

            string file = $"{first.Network.Split(' ')[0]}-{first.Regime.Name.Replace(' ', '-')}".ToLowerInvariant();
            plot.SavePngAndSvg(Path.Combine(folder, file));
        }
    }

    /// <summary>Writes the two tables and the headline as Markdown.</summary>
    public void WriteMarkdown(string path, StudySettings settings, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("# ADAM versus Nesterov on MNIST autoencoders");
        text.AppendLine();
        text.AppendLine(Invariant($"Subset {settings.Subset} images, seed {settings.Seed}, regimes {string.Join(", ", settings.Regimes.Select(r => $"{r.Name} × {r.Length} {r.Axis}s"))}, total {elapsed.TotalMinutes:F1} min."));
        text.AppendLine();
        foreach (string line in Headline()) text.AppendLine("- " + line);
        text.AppendLine();
        AppendMarkdown(text, VerdictHeader, VerdictRows());
        text.AppendLine();
        AppendMarkdown(text, ResultHeader, ResultRows());
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>The family's run with the lowest final loss in one setting, or null when all diverged.</summary>
    private static RunResult? Best(IEnumerable<RunResult> setting, OptimizerFamily family) =>
        setting.Where(r => r.Spec.Family == family && double.IsFinite(r.RankingLoss)).MinBy(r => r.RankingLoss);

    private IEnumerable<string[]> ResultRows() => _results.Select(r => new[]
    {
        r.Network.Split(' ')[0], r.Regime.Name, r.Spec.Label, Number(r.FinalLoss), Number(r.GradientNorm),
        r.Seconds.ToString("F1", CultureInfo.InvariantCulture), r.Failure ?? "",
    });

    private IEnumerable<string[]> VerdictRows()
    {
        foreach (var setting in _settings)
        {
            RunResult? adam99 = Best(setting, OptimizerFamily.Adam099), adam9 = Best(setting, OptimizerFamily.Adam09);
            RunResult? rms = Best(setting, OptimizerFamily.RmsProp), nag = Best(setting, OptimizerFamily.Nesterov);
            yield return
            [
                setting.Key.Network.Split(' ')[0], setting.Key.Regime, Tuned(setting, adam99), Tuned(setting, adam9), Tuned(setting, rms), Tuned(setting, nag),
                Compare(adam99, nag), Compare(adam9, nag),
            ];
        }
    }

    private IEnumerable<string> Headline()
    {
        int settings = _settings.Count;
        int wins99 = _settings.Count(s => Beats(Best(s, OptimizerFamily.Adam099), Best(s, OptimizerFamily.Nesterov)));
        int wins9 = _settings.Count(s => Beats(Best(s, OptimizerFamily.Adam09), Best(s, OptimizerFamily.Nesterov)));
        int configurations = 0, configurationWins = 0;
        foreach (var setting in _settings)
        {
            RunResult? nag = Best(setting, OptimizerFamily.Nesterov);
            foreach (RunResult adam in setting.Where(r => r.Spec.Family == OptimizerFamily.Adam099))
            {
                configurations++;
                if (Beats(adam, nag)) configurationWins++;
            }
        }

        yield return $"ADAM β₁=0.99 (best ξ) reaches a lower final training loss than tuned NAG in {wins99} of {settings} settings (network × regime).";
        yield return $"ADAM β₁=0.9 (best ξ) does so in {wins9} of {settings}.";
        yield return $"Every ADAM β₁=0.99 configuration against the tuned NAG of its setting: {configurationWins} of {configurations} lower.";
        var tuned = _settings
            .SelectMany(s => Enum.GetValues<OptimizerFamily>().Select(f => (Setting: s, Best: Best(s, f))))
            .Where(t => t.Best is not null)
            .ToList();
        int atEdge = tuned.Count(t => AtStepEdge(t.Setting, t.Best!));
        yield return $"Tuned runs whose step α is the smallest or largest of their family's grid: {atEdge} of {tuned.Count} (marked \"α at edge\"; a wider grid could change them).";
    }

    /// <summary>
    /// Whether <paramref name="best"/>'s step is the smallest or largest its family tried in the setting: then the
    /// grid does not bracket the best step, and the family may be under-tuned.
    /// </summary>
    private static bool AtStepEdge(IEnumerable<RunResult> setting, RunResult best)
    {
        double[] steps = setting.Where(r => r.Spec.Family == best.Spec.Family).Select(r => r.Spec.LearningRate).Distinct().ToArray();
        return best.Spec.LearningRate == steps.Min() || best.Spec.LearningRate == steps.Max();
    }

    private static bool Beats(RunResult? adam, RunResult? nag) =>
        adam is not null && (nag is null || adam.RankingLoss < nag.RankingLoss);

    private static string Compare(RunResult? adam, RunResult? nag)
    {
        if (adam is null) return "ADAM diverged";
        if (nag is null) return "ADAM (NAG diverged)";
        double ratio = nag.RankingLoss / adam.RankingLoss;
        return (ratio > 1 ? "ADAM" : "NAG") + Invariant($" (NAG/ADAM = {ratio:F3})");
    }

    /// <summary>A family's tuned loss with the configuration that reached it, marked when its step is at the grid's edge.</summary>
    private static string Tuned(IEnumerable<RunResult> setting, RunResult? best) =>
        best is null ? "all diverged" : $"{Number(best.FinalLoss)} ({best.Spec.LegendLabel}{(AtStepEdge(setting, best) ? ", α at edge" : "")})";

    private static string Number(double? value) =>
        value is double v && double.IsFinite(v) ? v.ToString("G5", CultureInfo.InvariantCulture) : "—";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static Table ToTable(string title, string[] header, IEnumerable<string[]> rows)
    {
        var table = new Table { Title = new TableTitle(title) };
        foreach (string column in header) table.AddColumn(column);
        foreach (string[] row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        return table;
    }

    private static void AppendMarkdown(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (string[] row in rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
    }
}
