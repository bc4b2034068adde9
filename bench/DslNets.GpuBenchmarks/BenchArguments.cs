using System.Globalization;
using DslNets.Gpu;

namespace DslNets.GpuBenchmarks;

/// <summary>The command line.</summary>
public sealed class BenchArguments
{
    public const string Usage = """
        DslNets.GpuBenchmarks: training steps (ClearGradient + AccumulateGradient + SGD) and whole Neuro-Tron runs on the device and on the host.
          --device cuda|cpu|auto   the accelerator (default auto: CUDA when present; DSLNETS_DEVICE decides first)
          --quick                  small batches, few repetitions (for the CPU accelerator)
          --json PATH              results, machine-readable (rewritten after every row)
          --only ID[,ID]           rows to run: tiny-2^20, tiny-2^16, mnist-64, deep-8192, neurotron-40k, perez-mc
          --no-host / --no-device  skip the host CPU column / the device column
          --reps N                 timed repetitions at most (default 30; --quick 5)
          --warmup N               warm-up repetitions (default 3; --quick 1)
          --case-seconds S         time budget of one row (default 20; --quick 6)
          --min-rep-ms MS          a repetition lasts at least this long: inner steps, then one Synchronize (default 20)
          --path auto|fused|per-sample   the device gradient path (default auto)
          --max-row-elements N     cap on the per-sample gradient rows (default: a quarter of CUDA memory; 2^26 on the CPU accelerator)
          --cpu-threads-per-group N  the CPU accelerator's group size (default ILGPU's)
          --lr X                   the SGD step (default 1e-3)
        """;

    public DeviceKind Device { get; private set; } = DeviceKind.Auto;
    public bool Quick { get; private set; }
    public string? JsonPath { get; private set; }
    public HashSet<string> Only { get; } = [];
    public bool RunHost { get; private set; } = true;
    public bool RunDevice { get; private set; } = true;
    public bool Help { get; private set; }
    public float LearningRate { get; private set; } = 1e-3f;
    public int CpuThreadsPerGroup { get; private set; }
    public TimingSettings Timing { get; private set; } = new(30, 3, 0.02, 20);
    public RunSettings Settings { get; private set; } = null!;

    public static BenchArguments Parse(string[] args)
    {
        var a = new BenchArguments();
        int? reps = null, warmup = null;
        double? caseSeconds = null, minRepMs = null;
        GradientPath path = GradientPath.Auto;
        long maxRows = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--device": a.Device = ComputeDevice.Parse(Value()); break;
                case "--quick": a.Quick = true; break;
                case "--json": a.JsonPath = Value(); break;
                case "--only":
                    foreach (string id in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!BenchCase.All.Any(c => c.Id == id)) throw new ArgumentException($"--only: no row '{id}' (rows: {string.Join(", ", BenchCase.All.Select(c => c.Id))}).");
                        a.Only.Add(id);
                    }

                    break;
                case "--no-host": a.RunHost = false; break;
                case "--no-device": a.RunDevice = false; break;
                case "--reps": reps = PositiveInt(Value(), "--reps"); break;
                case "--warmup": warmup = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--case-seconds": caseSeconds = PositiveDouble(Value(), "--case-seconds"); break;
                case "--min-rep-ms": minRepMs = PositiveDouble(Value(), "--min-rep-ms"); break;
                case "--path":
                    path = Value() switch
                    {
                        "auto" => GradientPath.Auto,
                        "fused" => GradientPath.Fused,
                        "per-sample" => GradientPath.PerSample,
                        string other => throw new ArgumentException($"--path: expected auto, fused or per-sample but got '{other}'."),
                    };
                    break;
                case "--max-row-elements": maxRows = PositiveInt(Value(), "--max-row-elements"); break;
                case "--cpu-threads-per-group": a.CpuThreadsPerGroup = PositiveInt(Value(), "--cpu-threads-per-group"); break;
                case "--lr": a.LearningRate = (float)PositiveDouble(Value(), "--lr"); break;
                case "--help" or "-h": a.Help = true; break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'.");
            }
        }

        a.Timing = new TimingSettings(reps ?? (a.Quick ? 5 : 30), warmup ?? (a.Quick ? 1 : 3), (minRepMs ?? 20) / 1e3, caseSeconds ?? (a.Quick ? 6 : 20));
        a.Settings = new RunSettings(a.Timing, a.LearningRate, path, maxRows, CheckBatch: a.Quick ? 32 : 256, DeviceProbeBatch: a.Quick ? 16 : 1024, HostProbeBatch: a.Quick ? 16 : 256);
        return a;
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : throw new ArgumentException($"{name}: expected a positive integer but got '{text}'.");

    private static double PositiveDouble(string text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{name}: expected a positive number but got '{text}'.");
}
