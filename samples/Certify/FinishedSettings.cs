using System.Text.Json;
using System.Text.Json.Serialization;

namespace Certify;

/// <summary>
/// The certificates a run has finished, kept in the output folder after each setting (written to a temporary file and
/// renamed), so that <c>--resume</c> after an interruption reruns only the settings still missing. A file written with
/// other settings (seed, epochs, samples, ...) is ignored.
/// </summary>
internal sealed class FinishedSettings
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, WriteIndented = true };

    private readonly string _path;
    private readonly string _run;
    private readonly List<CertifyReport> _reports;

    private FinishedSettings(string path, string run, List<CertifyReport> reports)
    {
        _path = path;
        _run = run;
        _reports = reports;
    }

    /// <summary>The finished certificates of this run's settings: those on disk when resuming, else none.</summary>
    public static FinishedSettings Open(CertifySettings settings, bool resume)
    {
        string path = Path.Combine(settings.OutFolder, "finished-certificates.json");
        // Everything that shapes a certificate, and nothing that only says where files are.
        string run = (settings with { MnistFolder = "", OutFolder = "", RunDziugaiteRoy = false, RunPerezOrtiz = false, RunPerezOrtizCnn = false }).ToString();
        var reports = new List<CertifyReport>();
        if (resume && File.Exists(path))
        {
            try
            {
                Saved? saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(path), Json);
                if (saved is not null && saved.Run == run) reports.AddRange(saved.Reports);
                else Console.WriteLine($"{path} was written with other settings; starting afresh");
            }
            catch (Exception error) when (error is JsonException or NotSupportedException)
            {
                Console.WriteLine($"{path} cannot be read ({error.Message}); starting afresh");
            }
        }

        return new FinishedSettings(path, run, reports);
    }

    /// <summary>The finished certificate of <paramref name="setting"/>, or null.</summary>
    public CertifyReport? Find(string setting) => _reports.FirstOrDefault(r => r.Setting == setting);

    /// <summary>Records a finished certificate and rewrites the file atomically.</summary>
    public CertifyReport Add(CertifyReport report)
    {
        _reports.Add(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        string temporary = _path + ".part";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Saved(_run, _reports), Json));
        File.Move(temporary, _path, overwrite: true);
        return report;
    }

    private sealed record Saved(string Run, List<CertifyReport> Reports);
}
