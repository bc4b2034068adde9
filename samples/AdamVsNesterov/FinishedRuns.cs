using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdamVsNesterov;

/// <summary>
/// The runs a study has finished, kept in the output folder after each one (written to a temporary file and renamed),
/// so that <c>--resume</c> after an interruption trains only the configurations still missing. A run is keyed by its
/// network, regime (with its length), configuration and seed, so seeds and widened grid points are distinct and a
/// longer budget does not reuse shorter runs. A file of a study with another subset (size or seed) or chunk size is
/// ignored.
/// </summary>
internal sealed class FinishedRuns
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, WriteIndented = true };

    private readonly string _path;
    private readonly string _study;
    private readonly List<RunResult> _runs;

    private FinishedRuns(string path, string study, List<RunResult> runs)
    {
        _path = path;
        _study = study;
        _runs = runs;
    }

    /// <summary>The finished runs of <paramref name="settings"/>' study: those on disk when resuming, else none.</summary>
    public static FinishedRuns Open(StudySettings settings, bool resume)
    {
        string path = Path.Combine(settings.OutputFolder, "finished-runs.json");
        string study = string.Create(CultureInfo.InvariantCulture, $"subset {settings.Subset} drawn with seed {settings.Seed}, chunk {settings.ChunkSize}");
        var runs = new List<RunResult>();
        if (resume && File.Exists(path))
        {
            try
            {
                Saved? saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(path), Json);
                if (saved is not null && saved.Study == study) runs.AddRange(saved.Runs);
                else Console.WriteLine($"{path} is of another study ({saved?.Study}); starting afresh");
            }
            catch (JsonException error)
            {
                Console.WriteLine($"{path} cannot be read ({error.Message}); starting afresh");
            }
        }

        return new FinishedRuns(path, study, runs);
    }

    /// <summary>How many runs were found finished.</summary>
    public int Count => _runs.Count;

    /// <summary>The finished run of this configuration and seed, or null.</summary>
    public RunResult? Find(string network, Regime regime, OptimizerSpec spec, int seed) =>
        _runs.FirstOrDefault(r => r.Network == network && r.Regime == regime && r.Spec == spec && r.Seed == seed);

    /// <summary>Records a finished run and rewrites the file atomically.</summary>
    public void Add(RunResult run)
    {
        _runs.Add(run);
        string temporary = _path + ".part";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Saved(_study, _runs), Json));
        File.Move(temporary, _path, overwrite: true);
    }

    private sealed record Saved(string Study, List<RunResult> Runs);
}
