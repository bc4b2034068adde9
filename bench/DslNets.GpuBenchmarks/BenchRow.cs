using System.Text.Json;
using System.Text.Json.Serialization;

namespace DslNets.GpuBenchmarks;

/// <summary>One measured row, as printed and as written to --json.</summary>
public sealed record BenchRow
{
    public required string Id { get; init; }
    public required string Work { get; init; }
    public required string Network { get; init; }
    /// <summary>"device" (DeviceNetwork on the accelerator) or "host" (the network's own GradientBatch on the CPU).</summary>
    public required string Side { get; init; }
    /// <summary>"cuda", "cpu-accelerator" or "host-cpu".</summary>
    public required string DeviceKind { get; init; }
    public required string DeviceName { get; init; }
    /// <summary>The gradient path: DeviceNetwork.PathDescription, or the host's.</summary>
    public string Path { get; init; } = "";
    public bool Fused { get; init; }
    public int RowsPerPass { get; init; }
    public int RequestedBatch { get; init; }
    public int Batch { get; init; }
    public int Inner { get; init; }
    public int Repetitions { get; init; }
    public double MedianMs { get; init; }
    public double P25Ms { get; init; }
    public double P75Ms { get; init; }
    public double MinMs { get; init; }
    public double MaxMs { get; init; }
    public double SpreadPercent { get; init; }
    [JsonPropertyName("samples_per_s")] public double SamplesPerSecond { get; init; }
    /// <summary>max |g_device − g_host| / max |g_host| on the first CheckBatch samples (device rows only).</summary>
    public double? CheckRelativeError { get; init; }
    public int CheckBatch { get; init; }
    public bool CheckPassed { get; init; } = true;
    public bool ParametersFinite { get; init; } = true;
    public double RowSeconds { get; init; }
    public string Note { get; init; } = "";
    public string Error { get; init; } = "";

    /// <summary>One line for the console.</summary>
    public override string ToString()
    {
        if (Error.Length > 0) return $"{Side,-6} {Id,-10} batch {RequestedBatch,9:N0}  FAILED: {Error}";
        string check = CheckRelativeError is { } e ? $"  check {e:0.0e+0}{(CheckPassed ? "" : " FAILED")}" : "";
        return $"{Side,-6} {Id,-10} batch {Batch,9:N0}  median {MedianMs,10:0.0000} ms  [p25 {P25Ms:0.0000}, p75 {P75Ms:0.0000}; spread {SpreadPercent:0.0}%; " +
               $"{Repetitions}×{Inner}]  {SamplesPerSecond,15:N0} samples/s{check}{(ParametersFinite ? "" : "  NON-FINITE PARAMETERS")}" +
               $"\n         {DeviceKind} '{DeviceName}': {Path}{(Note.Length > 0 ? "\n         note: " + Note : "")}";
    }
}

/// <summary>The --json file: rewritten after every row (to a temporary file, then renamed), so a run cut short keeps what it measured.</summary>
public sealed class ResultsFile(string? path, Dictionary<string, object?> meta)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public List<BenchRow> Rows { get; } = [];

    public void Add(BenchRow row, bool finished = false)
    {
        Rows.Add(row);
        Write(finished);
    }

    public void Write(bool finished)
    {
        if (path is null) return;
        var document = new Dictionary<string, object?>(meta) { ["finished"] = finished, ["results"] = Rows };
        string full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(document, Options));
        File.Move(temporary, full, overwrite: true);
    }
}
