using System.Diagnostics;
using System.Globalization;
using System.Text;
using DslNets;
using DslNets.Plotting;
using DslNets.Tron;
using NeuroTronSample;
using Spectre.Console;

// The Neuro-Tron experiments (ALGORITHMS.md section 3): four input distributions, each with a θ* sweep at β = 0.5
// and a β sweep at θ* = 0.25, 40,000 iterations, r = 25, k = 10, b = 16; then mini-batch SGD (each sample's own
// derivative) against Neuro-Tron. Usage: NeuroTron [--quick] [--out folder]
bool quick = args.Contains("--quick");
int outIndex = Array.IndexOf(args, "--out");
string output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : "neurotron-output";
int iterations = quick ? 4_000 : 40_000;
Directory.CreateDirectory(output);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Setting[] settings =
[
    new(InputDistribution.Gaussian(1), 100, 1e-4, 101),
    new(InputDistribution.Gaussian(3), 50, 5e-5, 202),
    new(InputDistribution.Laplace(2), 50, 5e-5, 303),
    new(InputDistribution.StudentT(4), 100, 1e-4, 404),
];
double[] thetas = [0, 0.125, 0.25, 0.5, 1, 2, 4];
double[] betas = [0, 0.005, 0.05, 0.1, 0.2, 0.5, 0.9];

var simulations = new List<(string Name, Setting Setting, string Label, PoisoningAttack[] Attacks)>();
foreach (var setting in settings)
{
    simulations.Add(($"{setting.Distribution.Name}, θ* sweep at β = 0.5", setting, "θ*", thetas.Select(t => new PoisoningAttack(0.5, t)).ToArray()));
    simulations.Add(($"{setting.Distribution.Name}, β sweep at θ* = 0.25", setting, "β", betas.Select(b => new PoisoningAttack(b, 0.25)).ToArray()));
}
(PoisoningAttack Attack, string Label)[] comparisonAttacks = [(PoisoningAttack.None, "no attack"), (new PoisoningAttack(0.5, 0.25), "β = 0.5, θ* = 0.25")];

var finals = new double[simulations.Count][];
var curves = new double[simulations.Count][][];
var comparison = new (double Tron, double Sgd)[settings.Length, comparisonAttacks.Length];
var comparisonCurves = new (double[] Tron, double[] Sgd)[settings.Length, comparisonAttacks.Length];
var clock = Stopwatch.StartNew();
double tronSeconds = 0, sgdSeconds = 0, tronCpuSeconds = 0;
var process = Process.GetCurrentProcess();
int tronRuns = 0, sgdRuns = 0;

AnsiConsole.MarkupLine($"[bold]Neuro-Tron[/]: r = 25, k = 10, b = 16, {iterations:N0} iterations per run{(quick ? " (--quick)" : "")}");
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        for (int s = 0; s < simulations.Count; s++)
        {
            var (name, setting, _, attacks) = simulations[s];
            var task = context.AddTask(Markup.Escape(name), maxValue: attacks.Length * (double)iterations);
            finals[s] = new double[attacks.Length];
            curves[s] = new double[attacks.Length][];
            for (int a = 0; a < attacks.Length; a++)
            {
                var watch = Stopwatch.StartNew();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                curves[s][a] = setting.Run(attacks[a], iterations, sgd: false, steps => task.Increment(steps));
                tronSeconds += watch.Elapsed.TotalSeconds;
                process.Refresh();
                tronCpuSeconds += (process.TotalProcessorTime - cpu).TotalSeconds;
                tronRuns++;
                finals[s][a] = curves[s][a][^1];
            }
        }
        for (int s = 0; s < settings.Length; s++)
        {
            var task = context.AddTask(Markup.Escape($"SGD vs Neuro-Tron, {settings[s].Distribution.Name}"), maxValue: comparisonAttacks.Length * (double)iterations);
            for (int a = 0; a < comparisonAttacks.Length; a++)
            {
                var sgd = settings[s].Run(comparisonAttacks[a].Attack, iterations, sgd: true, steps => task.Increment(steps));
                sgdRuns++;
                // The Neuro-Tron curve for the same attack is already in the sweeps (β = 0.5, θ* = 0.25 / θ* = 0).
                var tron = comparisonAttacks[a].Attack.Probability == 0
                    ? curves[2 * s][0]
                    : curves[2 * s][Array.IndexOf(thetas, 0.25)];
                comparison[s, a] = (tron[^1], sgd[^1]);
                comparisonCurves[s, a] = (tron, sgd);
            }
        }
        sgdSeconds = clock.Elapsed.TotalSeconds - tronSeconds;
    });

// The floor: the mean of ‖w_t − w*‖ over the last tenth of the run (the final iterate alone is one noisy draw).
double Floor(double[] curve) => curve.AsSpan(curve.Length - curve.Length / 10).ToArray().Average();
string Format(double v) => double.IsFinite(v) ? v.ToString("0.00e+00", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);

var markdown = new StringBuilder();
markdown.AppendLine($"# Neuro-Tron: final ‖w_T − w*‖ (in brackets: its mean over the last tenth of the run), T = {iterations}");
markdown.AppendLine();
foreach (var (label, values, offset) in new[] { ("θ* (β = 0.5)", thetas, 0), ("β (θ* = 0.25)", betas, 1) })
{
    var table = new Table().Title($"final ‖w_T − w*‖ (mean over the last tenth), sweep over {label}");
    table.AddColumn("distribution (n, η)");
    foreach (double v in values) table.AddColumn(v.ToString(CultureInfo.InvariantCulture));
    markdown.AppendLine($"| {label} | {string.Join(" | ", values)} |");
    markdown.AppendLine($"|---|{string.Concat(values.Select(_ => "---|"))}");
    for (int s = 0; s < settings.Length; s++)
    {
        var setting = settings[s];
        string row = $"{setting.Distribution.Name} (n = {setting.Inputs}, η = {setting.LearningRate:0e0})";
        var cells = finals[2 * s + offset].Select((v, a) => $"{Format(v)} ({Format(Floor(curves[2 * s + offset][a]))})").ToArray();
        table.AddRow([Markup.Escape(row), .. cells]);
        markdown.AppendLine($"| {row} | {string.Join(" | ", cells)} |");
    }
    markdown.AppendLine();
    AnsiConsole.Write(table);
}

var sgdTable = new Table().Title("final ‖w_T − w*‖: Neuro-Tron vs mini-batch SGD (same η, b, start)");
sgdTable.AddColumn("distribution");
markdown.AppendLine("| distribution | " + string.Join(" | ", comparisonAttacks.Select(c => $"Neuro-Tron, {c.Label} | SGD, {c.Label}")) + " |");
markdown.AppendLine("|---|" + string.Concat(comparisonAttacks.Select(_ => "---|---|")));
foreach (var (_, label) in comparisonAttacks)
{
    sgdTable.AddColumn(Markup.Escape($"Neuro-Tron, {label}"));
    sgdTable.AddColumn(Markup.Escape($"SGD, {label}"));
}
for (int s = 0; s < settings.Length; s++)
{
    var cells = new List<string> { Markup.Escape(settings[s].Distribution.Name) };
    for (int a = 0; a < comparisonAttacks.Length; a++)
    {
        cells.Add(Format(comparison[s, a].Tron));
        cells.Add(Format(comparison[s, a].Sgd));
    }
    sgdTable.AddRow(cells.ToArray());
    markdown.AppendLine($"| {string.Join(" | ", cells)} |");
}
AnsiConsole.Write(sgdTable);

// Plots: about 500 points per curve, always including the last iteration.
int stride = Math.Max(1, iterations / 500);
double[] xs = Enumerable.Range(0, iterations / stride + 1).Select(i => (double)(i * stride)).ToArray();
double[] Thin(double[] curve) => xs.Select(x => Math.Max(curve[(int)x], 1e-300)).ToArray();
for (int s = 0; s < simulations.Count; s++)
{
    var (name, setting, label, attacks) = simulations[s];
    var plot = new LinePlot($"Neuro-Tron, {name} (n = {setting.Inputs}, η = {setting.LearningRate:0e0})", "iteration t", "‖w_t − w*‖", logY: true);
    for (int a = 0; a < attacks.Length; a++)
    {
        double value = label == "θ*" ? attacks[a].Magnitude : attacks[a].Probability;
        plot.Add($"{label} = {value.ToString(CultureInfo.InvariantCulture)}", xs, Thin(curves[s][a]));
    }
    plot.SavePngAndSvg(Path.Combine(output, $"neurotron-{s + 1}-{Slug(name)}"));
}
for (int s = 0; s < settings.Length; s++)
{
    var plot = new LinePlot($"Neuro-Tron vs SGD, {settings[s].Distribution.Name}", "iteration t", "‖w_t − w*‖", logY: true);
    for (int a = 0; a < comparisonAttacks.Length; a++)
    {
        plot.Add($"Neuro-Tron, {comparisonAttacks[a].Label}", xs, Thin(comparisonCurves[s, a].Tron));
        plot.Add($"SGD, {comparisonAttacks[a].Label}", xs, Thin(comparisonCurves[s, a].Sgd).Select(v => double.IsFinite(v) ? v : 1e300).ToArray());
    }
    plot.SavePngAndSvg(Path.Combine(output, $"sgd-vs-neurotron-{Slug(settings[s].Distribution.Name)}"));
}
markdown.AppendLine();
string timing = $"Neuro-Tron: {tronRuns} runs in {tronSeconds:0.0} s wall, {tronCpuSeconds:0.0} s CPU ({tronCpuSeconds / tronRuns:0.000} s CPU per run of {iterations:N0} iterations, data drawing included); SGD: {sgdRuns} runs in {sgdSeconds:0.0} s wall.";
markdown.AppendLine(timing);
File.WriteAllText(Path.Combine(output, "results.md"), markdown.ToString());
AnsiConsole.WriteLine(timing);
AnsiConsole.MarkupLine($"Plots and results.md written to [bold]{Markup.Escape(Path.GetFullPath(output))}[/].");

static string Slug(string text) =>
    new string(text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Replace("--", "-").Trim('-');
