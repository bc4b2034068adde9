using System.Globalization;
using System.Text;
using DslNets;
using DslNets.Plotting;
using DslNets.SparseCoding;
using SparseCodingSample;
using Spectre.Console;

// Sparse coding with the weight-tied autoencoder (ALGORITHMS.md section 4): at W = A*ᵀ, b = −ε, the norm of the
// Monte-Carlo expected squared-loss gradient as h grows, and how often ReLU(A*ᵀy − ε) recovers supp(x*).
// Usage: SparseCoding [--quick] [--out folder]
bool quick = args.Contains("--quick");
int outIndex = Array.IndexOf(args, "--out");
string output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : "sparsecoding-output";
Directory.CreateDirectory(output);
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 140;

const int n = 256, k = 3;
const double a = 1.0, b = 2.0, epsilon = 0.75;
int gradientSamples = quick ? 400 : 8000;
int recoverySamples = quick ? 500 : 5000;
int[] widths = [256, 512, 1024, 2048, 4096];
double[] epsilons = [0.25, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0];

var rows = new List<(int H, double Mu, double Bound, bool Guaranteed, double Rate, double Norm, double Noise)>();
var rateCurves = new List<(int H, double[] Rates)>();
AnsiConsole.MarkupLine("[bold]Sparse coding[/]: " + Markup.Escape($"n = {n}, k = {k}, nonzeros in [{a}, {b}], ε = {epsilon}, {gradientSamples:N0} gradient samples, {recoverySamples:N0} recovery samples per point"));
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        var task = context.AddTask("h = 256 … 4096", maxValue: widths.Length);
        foreach (int h in widths)
        {
            var dictionary = IncoherentDictionary.Random(n, h, seed: h);
            var (norm, noise) = h switch
            {
                256 => GradientNorm<Autoencoder256>(dictionary),
                512 => GradientNorm<Autoencoder512>(dictionary),
                1024 => GradientNorm<Autoencoder1024>(dictionary),
                2048 => GradientNorm<Autoencoder2048>(dictionary),
                _ => GradientNorm<Autoencoder4096>(dictionary),
            };
            var rates = epsilons.Select(e => SupportRecovery.Rate(new SparseCodeSampler(dictionary, k, a, b, new SeededRandom(h + 2)), e, recoverySamples)).ToArray();
            rateCurves.Add((h, rates));
            rows.Add((h, dictionary.Mu, SupportRecovery.InterferenceBound(dictionary, k, b), SupportRecovery.Guaranteed(dictionary, k, a, b, epsilon),
                rates[Array.IndexOf(epsilons, epsilon)], norm, noise));
            task.Increment(1);
        }
    });

// The mean over two independent halves: (ḡ₁ − ḡ₂)/2 has the same covariance as the Monte-Carlo error of ḡ, so
// ‖(ḡ₁ − ḡ₂)/2‖ shows how much of ‖ḡ‖ is sampling noise, and ‖ḡ‖² − ‖(ḡ₁ − ḡ₂)/2‖² estimates ‖E ∇‖² without it.
(double Norm, double Noise) GradientNorm<TNet>(IncoherentDictionary dictionary) where TNet : INetwork<TNet, double>
{
    var net = TNet.Create(1, ReadOnlySpan<double>.Empty);
    TiedAutoencoder.SetToDictionary<TNet, double>(net, dictionary, epsilon);
    int half = gradientSamples / 2;
    var first = new double[TNet.ParameterCount];
    var second = new double[TNet.ParameterCount];
    TiedAutoencoder.ExpectedGradient<TNet, double>(net, new SparseCodeSampler(dictionary, k, a, b, new SeededRandom(dictionary.Atoms + 1)), half, first);
    TiedAutoencoder.ExpectedGradient<TNet, double>(net, new SparseCodeSampler(dictionary, k, a, b, new SeededRandom(dictionary.Atoms + 1001)), half, second);
    int weights = dictionary.Atoms * n;
    double mean = 0, noise = 0;
    for (int e = 0; e < weights; e++)
    {
        double m = 0.5 * (first[e] + second[e]), d = 0.5 * (first[e] - second[e]);
        mean += m * m;
        noise += d * d;
    }
    return (Math.Sqrt(mean), Math.Sqrt(noise));
}

var table = new Table().Title($"W = A*ᵀ, b = −ε: expected-gradient norm and support recovery (ε = {epsilon})");
foreach (string column in new[] { "h", "μ", "kμb/√n", "guaranteed", "recovery rate", "‖ḡ‖ (Monte-Carlo)", "MC noise", "‖E ∇_W L‖ (noise removed)", "‖E ∇_W L‖ / ‖W‖_F" }) table.AddColumn(column);
var markdown = new StringBuilder();
markdown.AppendLine($"# Sparse coding: n = {n}, k = {k}, nonzeros in [{a}, {b}], ε = {epsilon}");
markdown.AppendLine();
markdown.AppendLine($"{gradientSamples} gradient samples, {recoverySamples} recovery samples per point.");
markdown.AppendLine();
markdown.AppendLine("| h | μ | kμb/√n | guaranteed | recovery rate | ‖ḡ‖ (Monte-Carlo) | MC noise | ‖E ∇_W L‖ (noise removed) | ‖E ∇_W L‖ / ‖W‖_F |");
markdown.AppendLine("|---|---|---|---|---|---|---|---|---|");
foreach (var row in rows)
{
    string[] cells =
    [
        row.H.ToString(), row.Mu.ToString("0.00"), row.Bound.ToString("0.000"), row.Guaranteed ? "yes" : "no",
        row.Rate.ToString("0.0000"), row.Norm.ToString("0.000e+00"), row.Noise.ToString("0.000e+00"), Debiased(row.Norm, row.Noise).ToString("0.000e+00"),
        (Debiased(row.Norm, row.Noise) / Math.Sqrt(row.H)).ToString("0.000e+00"),
    ];
    table.AddRow(cells);
    markdown.AppendLine($"| {string.Join(" | ", cells)} |");
}
AnsiConsole.Write(table);

var rateTable = new Table().Title("support-recovery rate of ReLU(A*ᵀy − ε) by ε");
rateTable.AddColumn("h");
foreach (double e in epsilons) rateTable.AddColumn(e.ToString("0.00"));
markdown.AppendLine();
markdown.AppendLine($"| h \\ ε | {string.Join(" | ", epsilons.Select(e => e.ToString("0.00")))} |");
markdown.AppendLine($"|---|{string.Concat(epsilons.Select(_ => "---|"))}");
foreach (var (h, rates) in rateCurves)
{
    string[] cells = [h.ToString(), .. rates.Select(r => r.ToString("0.000"))];
    rateTable.AddRow(cells);
    markdown.AppendLine($"| {string.Join(" | ", cells)} |");
}
AnsiConsole.Write(rateTable);

double[] hs = rows.Select(r => (double)r.H).ToArray();
new LinePlot($"Tied autoencoder at W = A*ᵀ (n = {n}, k = {k}, ε = {epsilon})", "h", "norm", logY: true)
    .Add("‖ḡ‖ (Monte-Carlo)", hs, rows.Select(r => r.Norm).ToArray())
    .Add("Monte-Carlo noise", hs, rows.Select(r => r.Noise).ToArray())
    .Add("‖E ∇_W L‖ (noise removed)", hs, rows.Select(r => Math.Max(Debiased(r.Norm, r.Noise), 1e-12)).ToArray())
    .Add("‖E ∇_W L‖ / ‖W‖_F", hs, rows.Select(r => Math.Max(Debiased(r.Norm, r.Noise) / Math.Sqrt(r.H), 1e-12)).ToArray())
    .SavePngAndSvg(Path.Combine(output, "gradient-norm-vs-h"));
var ratePlot = new LinePlot($"Support recovery by ReLU(A*ᵀy − ε) (n = {n}, k = {k}, x* entries in [{a}, {b}])", "ε", "exact-recovery rate");
foreach (var (h, rates) in rateCurves) ratePlot.Add($"h = {h}", epsilons, rates);
ratePlot.SavePngAndSvg(Path.Combine(output, "support-recovery"));
File.WriteAllText(Path.Combine(output, "results.md"), markdown.ToString());
static double Debiased(double norm, double noise) => Math.Sqrt(Math.Max(0, norm * norm - noise * noise));

AnsiConsole.MarkupLine($"Plots and results.md written to [bold]{Markup.Escape(Path.GetFullPath(output))}[/].");
