using System.Diagnostics;
using System.Globalization;
using DslNets.Erm;
using DslNets.Plotting;
using ExactErmSample;

// Exact ERM for one-hidden-layer ReLU nets on a 2-D projection of the UCI breast-cancer data, beside ADAM restarts.
//   dotnet run -c Release --project samples/ExactErm                      the table for widths 1, 2, 3 and one plot of the fit per width (PNG and SVG)
//   ... -- --width 2 --points 20 --shard 3/8 --out shard3.json              one part of a run (e.g. one job of an array job)
//   ... -- --width 2 --points 20 --out single.json                          the whole run on this machine, as one file
//   ... -- --merge shard*.json [--expect single.json]                      the merged result of all parts (checked against a whole run)
//   ... -- --timing                                                        wall time against D and w (n = 2)
//   ... -- --no-output-bias                                                any of the above without the output bias c
//   ... -- --resume                                                        keep what an interrupted run finished: a shard whose --out
//                                                                          file is already a valid result is not solved again, and the
//                                                                          table's widths reuse out/exact-erm-w<w>.json
// The model is f(x) = Σᵢ sᵢ ReLU(uᵢ·x + bᵢ) + c, what [Dense(w, Activation.ReLU)] then [Dense(1)] declares; ADAM trains the same.
var options = ParseOptions(args);
string dataPath = BreastCancerProjection.Locate(options.GetValueOrDefault("data"));
var (all, labels) = BreastCancerProjection.Load(dataPath);
int points = int.Parse(options.GetValueOrDefault("points", "20"), CultureInfo.InvariantCulture);
int points3 = int.Parse(options.GetValueOrDefault("points3", "10"), CultureInfo.InvariantCulture);
long seed = long.Parse(options.GetValueOrDefault("seed", "2018"), CultureInfo.InvariantCulture);
int restarts = int.Parse(options.GetValueOrDefault("restarts", "200"), CultureInfo.InvariantCulture);
int steps = int.Parse(options.GetValueOrDefault("steps", "2000"), CultureInfo.InvariantCulture);
bool outputBias = !options.ContainsKey("no-output-bias");

if (options.TryGetValue("merge", out var mergeList))
{
    ErmResult merged;
    try
    {
        merged = ExactErm.Merge(mergeList.Split('|').Select(ShardFile.Read));
    }
    catch (Exception e) when (e is ArgumentException or InvalidDataException)
    {
        // A failed or cancelled task leaves its part missing (or unreadable): say which, so only that part is rerun.
        Console.Error.WriteLine($"merge failed: {e.Message}");
        return 1;
    }

    Print(merged);
    if (!options.TryGetValue("expect", out var expectedPath)) return 0;
    var differences = SameOptimum.Differences(merged, ShardFile.Read(expectedPath)).ToList();
    foreach (string difference in differences) Console.Error.WriteLine($"differs from {expectedPath}: {difference}");
    if (differences.Count == 0) Console.WriteLine($"the merged result equals {expectedPath}: same winner, loss, runner-up and program count");
    return differences.Count == 0 ? 0 : 1;
}

if (options.TryGetValue("shard", out var shardText) || options.ContainsKey("out"))
{
    shardText ??= "0/1";
    var parts = shardText.Split('/');
    if (parts.Length != 2) throw new ArgumentException($"Expected --shard i/N (for example 3/8) but got '{shardText}'.");
    int width = int.Parse(options.GetValueOrDefault("width", "2"), CultureInfo.InvariantCulture);
    var (x, y) = BreastCancerProjection.Sample(all, labels, points, seed);
    var shardOptions = new ErmOptions(width, ShardIndex: int.Parse(parts[0], CultureInfo.InvariantCulture), ShardCount: int.Parse(parts[1], CultureInfo.InvariantCulture), OutputBias: outputBias);
    string output = options.GetValueOrDefault("out", $"shard{parts[0]}of{parts[1]}.json");
    if (options.ContainsKey("resume") && Finished(output, shardOptions, points) is { } kept)
    {
        Console.WriteLine($"shard {shardText}: kept {output} from an earlier run (--resume), best {kept.BestLoss:G10}");
        return 0;
    }

    var shard = ExactErm.Solve(x, y, shardOptions);
    WriteAtomically(output, ErmResultJson.Write(shard));
    Console.WriteLine($"shard {shardText}: {shard.Certificate.ProgramsSolved} programs solved, {shard.Certificate.ProgramsPruned} skipped, best {shard.BestLoss:G10} -> {output}");
    return 0;
}

if (options.ContainsKey("timing"))
{
    Console.WriteLine("n  w   D  splits    programs    skipped   wall s    CPU s   programs/s  iterations/program  unfinished  worst KKT   2^w·D^(nw)");
    foreach (var (n, w, d) in new[] { (2, 1, 20), (2, 1, 40), (2, 2, 8), (2, 2, 12), (2, 2, 16), (2, 2, 20), (1, 2, 20), (1, 3, 12), (2, 3, 8) })
    {
        var rng = new DslNets.SeededRandom(d * 100 + n * 10 + w);
        var x = new double[d, n];
        var y = new double[d];
        for (int j = 0; j < d; j++) { for (int k = 0; k < n; k++) x[j, k] = rng.NextGaussian(); y[j] = rng.NextGaussian(); }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var r = ExactErm.Solve(x, y, new ErmOptions(w, OutputBias: outputBias));
        double seconds = watch.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var c = r.Certificate;
        Console.WriteLine($"{n}  {w}  {d,2}  {c.SplitCount,6}  {c.ProgramsSolved + c.ProgramsPruned,10}  {c.ProgramsPruned,9}  {seconds,7:F2}  {cpuSeconds,7:F2}  {(c.ProgramsSolved + c.ProgramsPruned) / seconds,11:F0}  {(double)c.SolverIterations / c.ProgramsSolved,18:F1}  {c.NonOptimalPrograms,10}  {c.WorstRelativeResidual,9:E1}   {Math.Pow(2, w) * Math.Pow(d, n * w):E2}");
    }
    return 0;
}

Console.WriteLine($"UCI breast cancer ({dataPath}): first two principal components of the 30 standardised features;");
Console.WriteLine($"targets +1 benign / −1 malignant; f(x) = Σᵢ sᵢ ReLU(uᵢ·x + bᵢ){(outputBias ? " + c" : " (no output bias)")}; squared loss ½Σ(f − y)²;");
Console.WriteLine($"ADAM on the same model: {restarts} seeded restarts × {steps} steps.");
Console.WriteLine();
Console.WriteLine(" w   D  splits    programs   exact loss   runner-up   KKT(winner)  wall s   CPU s   ADAM best   ADAM median  accuracy");
foreach (int width in new[] { 1, 2, 3 })
{
    int d = width == 3 ? points3 : points;
    var (x, y) = BreastCancerProjection.Sample(all, labels, d, seed);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var ermOptions = new ErmOptions(width, OutputBias: outputBias);
    string saved = options.GetValueOrDefault("svg", Path.Combine("out", "exact-erm")) + $"-w{width}.json";
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(saved))!);
    var result = options.ContainsKey("resume") && Finished(saved, ermOptions, d) is { } done ? done : ExactErm.Solve(x, y, ermOptions);
    WriteAtomically(saved, ErmResultJson.Write(result));
    double seconds = watch.Elapsed.TotalSeconds;
    double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    var (best, median) = AdamBaseline.Run(x, y, width, outputBias, restarts, steps, 0.01, seed + width);
    int correct = Enumerable.Range(0, d).Count(j => Math.Sign(result.Predict([x[j, 0], x[j, 1]])) == Math.Sign(y[j]));
    Console.WriteLine($" {width}  {d,2}  {result.Certificate.SplitCount,6}  {result.Certificate.ProgramsSolved + result.Certificate.ProgramsPruned,10}  {result.BestLoss,11:F6}  {result.Certificate.RunnerUpLoss,10:F6}  {result.Certificate.WinnerResidual.Max,11:E1}  {seconds,6:F2}  {cpuSeconds,6:F2}  {best,10:F6}  {median,11:F6}  {correct}/{d}");
    new ErmFitPlot(result, x, y, $"Exact ERM, width {width}, D = {d}: loss {result.BestLoss:F4} (ADAM best {best:F4})", "principal component 1", "principal component 2")
        .SavePngAndSvg(options.GetValueOrDefault("plots", Path.Combine("out", "exact-erm")) + $"-w{width}");
}
Console.WriteLine();
Console.WriteLine("Width 3 runs on fewer points: its program count grows like D^(n·w) = D^6.");
Console.WriteLine($"Fitted functions: {Path.GetFullPath(options.GetValueOrDefault("plots", Path.Combine("out", "exact-erm")))}-w1, -w2, -w3 (.png and .svg)");
return 0;

static void Print(ErmResult r)
{
    var c = r.Certificate;
    Console.WriteLine($"merged {c.ShardCount} shards: {c.ProgramsSolved} programs solved, {c.ProgramsPruned} skipped by the bound, best loss {c.BestLoss:G10}, runner-up {c.RunnerUpLoss:G10}, KKT {c.WinnerResidual.Max:E2}");
    if (r.HasOutputBias) Console.WriteLine($"  output bias c = {r.OutputBias:G6}");
    for (int i = 0; i < r.Width; i++)
        Console.WriteLine($"  unit {i}: u = ({string.Join(", ", Enumerable.Range(0, r.Inputs).Select(k => r.HiddenWeight(i, k).ToString("G6", CultureInfo.InvariantCulture)))}), b = {r.HiddenBias(i):G6}, s = {r.OutputWeight(i):+0;-0}");
}

// A result an earlier run finished for these options, or null when there is none (or it is of another run or unreadable).
static ErmResult? Finished(string path, ErmOptions wanted, int points)
{
    if (!File.Exists(path)) return null;
    try
    {
        ErmResult r = ErmResultJson.ReadFile(path);
        bool same = r.Width == wanted.Width && r.DataCount == points && r.HasOutputBias == wanted.OutputBias && !r.Certificate.Merged
            && r.Certificate.ShardIndex == wanted.ShardIndex && r.Certificate.ShardCount == wanted.ShardCount;
        if (!same) Console.WriteLine($"{path} holds another run's result; solving again");
        return same ? r : null;
    }
    catch (FormatException error)
    {
        Console.WriteLine($"{path} cannot be reused ({error.Message}); solving again");
        return null;
    }
}

// Written to a temporary file and renamed, so a killed run leaves either the old file or the whole new one.
static void WriteAtomically(string path, string text)
{
    string temporary = path + ".part";
    File.WriteAllText(temporary, text);
    File.Move(temporary, path, overwrite: true);
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    var result = new Dictionary<string, string>();
    for (int i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected an option such as --points 20 but got '{args[i]}'.");
        string key = args[i][2..];
        if (key is "timing" or "no-output-bias" or "resume") { result[key] = ""; continue; }
        if (key is "merge")
        {
            var files = args.Skip(i + 1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            if (files.Count == 0) throw new ArgumentException("Expected --merge followed by the shard files.");
            result[key] = string.Join('|', files);
            i += files.Count;
            continue;
        }
        if (i + 1 >= args.Length) throw new ArgumentException($"Expected a value after --{key}.");
        result[key] = args[++i];
    }
    return result;
}
