using System.Numerics;
using System.Text.Json;
using DslNets.Optimizers;

namespace DslNets.Runtime.Tests.Optimizers;

/// <summary>
/// Reads TestData/Optimizers/reference_trajectories.json (written by tests/tools/optimizer_reference.py from PyTorch
/// and from an independent NumPy implementation) and replays its cases with the C# optimisers.
/// </summary>
internal sealed class ReferenceTrajectories
{
    private static readonly Lazy<ReferenceTrajectories> Shared = new(Load);

    public static ReferenceTrajectories Instance => Shared.Value;

    public required string TorchVersion { get; init; }
    public required int Steps { get; init; }
    public required double[,] A { get; init; }
    public required double[] B { get; init; }
    public required double[] QuadraticStart { get; init; }
    public required double[] FixedGradientStart { get; init; }
    public required Dictionary<string, ReferenceCase> Cases { get; init; }

    private static ReferenceTrajectories Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "Optimizers", "reference_trajectories.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = doc.RootElement;
        JsonElement quadratic = root.GetProperty("quadratic");
        double[][] rows = quadratic.GetProperty("A").EnumerateArray().Select(Vector).ToArray();
        var a = new double[rows.Length, rows.Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows.Length; j++) a[i, j] = rows[i][j];
        var cases = new Dictionary<string, ReferenceCase>();
        foreach (JsonElement c in root.GetProperty("cases").EnumerateArray())
        {
            var hyper = new Dictionary<string, double>();
            bool nesterov = false, centered = false;
            foreach (JsonProperty p in c.GetProperty("hyper").EnumerateObject())
            {
                if (p.Name == "nesterov") nesterov = p.Value.GetBoolean();
                else if (p.Name == "centered") centered = p.Value.GetBoolean();
                else if (p.Name == "betas")
                {
                    hyper["beta1"] = p.Value[0].GetDouble();
                    hyper["beta2"] = p.Value[1].GetDouble();
                }
                else hyper[p.Name] = p.Value.GetDouble();
            }
            LearningRateSchedule? schedule = null;
            JsonElement s = c.GetProperty("schedule");
            if (s.ValueKind == JsonValueKind.Object)
            {
                schedule = s.GetProperty("kind").GetString() switch
                {
                    "step" => LearningRateSchedule.Step(hyper["lr"], s.GetProperty("step_size").GetInt32(), s.GetProperty("gamma").GetDouble()),
                    "cosine" => LearningRateSchedule.Cosine(hyper["lr"], s.GetProperty("period").GetInt64(), s.GetProperty("minimum").GetDouble()),
                    string other => throw new InvalidDataException($"Unknown schedule kind '{other}'."),
                    null => throw new InvalidDataException("Schedule without a kind."),
                };
            }
            JsonElement clip = c.GetProperty("clip_norm");
            var rc = new ReferenceCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("optimizer").GetString()!,
                c.GetProperty("problem").GetString()!,
                c.GetProperty("source").GetString()!,
                hyper, nesterov, centered, schedule,
                clip.ValueKind == JsonValueKind.Number ? clip.GetDouble() : null,
                c.GetProperty("trajectory").EnumerateArray().Select(Vector).ToArray());
            cases[rc.Key] = rc;
        }
        return new ReferenceTrajectories
        {
            TorchVersion = root.GetProperty("torch_version").GetString()!,
            Steps = root.GetProperty("steps").GetInt32(),
            A = a,
            B = Vector(quadratic.GetProperty("b")),
            QuadraticStart = Vector(quadratic.GetProperty("x0")),
            FixedGradientStart = Vector(root.GetProperty("fixed_gradients").GetProperty("x0")),
            Cases = cases,
        };
    }

    private static double[] Vector(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    /// <summary>g_t[i] = sin(0.37t + 0.11i + 0.5)(1 + 0.05i) + 0.1cos(1.3t(i + 1)), as the script defines it.</summary>
    public static void FixedGradient<T>(int t, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < gradient.Length; i++)
            gradient[i] = T.CreateChecked(Math.Sin(0.37 * t + 0.11 * i + 0.5) * (1 + 0.05 * i) + 0.1 * Math.Cos(1.3 * t * (i + 1)));
    }

    /// <summary>∇(½xᵀAx − bᵀx) = Ax − b.</summary>
    public void QuadraticGradient<T>(ReadOnlySpan<T> x, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = B.Length;
        for (int i = 0; i < n; i++)
        {
            double sum = -B[i];
            for (int j = 0; j < n; j++) sum += A[i, j] * double.CreateChecked(x[j]);
            gradient[i] = T.CreateChecked(sum);
        }
    }

    /// <summary>Builds the C# optimiser a case names.</summary>
    public static IOptimizer<T> CreateOptimizer<T>(ReferenceCase c, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Dictionary<string, double> h = c.Hyper;
        double Get(string name, double fallback) => h.TryGetValue(name, out double v) ? v : fallback;
        return c.Optimizer switch
        {
            "sgd" => new Sgd<T>(n, h["lr"], Get("momentum", 0), Get("dampening", 0), Get("weight_decay", 0), c.Nesterov),
            "nag" => new NesterovAcceleratedGradient<T>(n, h["lr"], h["momentum"]),
            "rmsprop" => new RmsProp<T>(n, h["lr"], Get("alpha", 0.99), Get("eps", 1e-8), Get("weight_decay", 0), Get("momentum", 0), c.Centered),
            "adam" => new Adam<T>(n, h["lr"], Get("beta1", 0.9), Get("beta2", 0.999), Get("eps", 1e-8), Get("weight_decay", 0)),
            "dmu_rmsprop" => new DeMukherjeeUllahRmsProp<T>(n, h["lr"], h["beta2"], h["xi"]),
            "dmu_adam" => new DeMukherjeeUllahAdam<T>(n, h["lr"], h["beta1"], h["beta2"], h["xi"]),
            _ => throw new InvalidDataException($"Unknown optimiser '{c.Optimizer}'."),
        };
    }

    /// <summary>Runs a case in <typeparamref name="T"/> and returns the parameters after each step.</summary>
    public T[][] Run<T>(ReferenceCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] start = c.Problem == "quadratic" ? QuadraticStart : FixedGradientStart;
        T[] x = start.Select(T.CreateChecked).ToArray();
        var g = new T[x.Length];
        IOptimizer<T> optimizer = CreateOptimizer<T>(c, x.Length);
        var trajectory = new T[Steps][];
        for (int t = 1; t <= Steps; t++)
        {
            if (c.Problem == "quadratic") QuadraticGradient<T>(x, g);
            else FixedGradient<T>(t, g);
            if (c.ClipNorm is double clip) GradientClipping.ClipByGlobalNorm<T>(g, T.CreateChecked(clip));
            if (c.Schedule is not null) optimizer.LearningRate = T.CreateChecked(c.Schedule.At(t - 1));
            optimizer.Step(x, g);
            trajectory[t - 1] = (T[])x.Clone();
        }
        return trajectory;
    }
}

/// <summary>One case of the reference file.</summary>
internal sealed record ReferenceCase(
    string Name, string Optimizer, string Problem, string Source, Dictionary<string, double> Hyper,
    bool Nesterov, bool Centered, LearningRateSchedule? Schedule, double? ClipNorm, double[][] Trajectory)
{
    public string Key => $"{Name}/{Problem}";
}
