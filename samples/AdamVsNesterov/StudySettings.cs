using System.Globalization;

namespace AdamVsNesterov;

/// <summary>Everything one invocation of the study needs, checked.</summary>
/// <param name="MnistFolder">The MNIST folder, or null for shared/data/mnist beside the repository.</param>
/// <param name="Subset">Training images used.</param>
/// <param name="Networks">Hidden-layer counts of the autoencoders.</param>
/// <param name="Regimes">Full-batch and mini-batch regimes with their lengths.</param>
/// <param name="ChunkSize">Images per chunk of the full-batch gradient.</param>
/// <param name="Seed">The first seed; it alone draws the subset, so every seed trains on the same images.</param>
/// <param name="OutputFolder">Where plots, tables and finished-runs.json go.</param>
/// <param name="Grid">The starting grid of configurations (each setting may widen its own copy).</param>
/// <param name="Resume">Whether runs finished earlier are reused.</param>
/// <param name="Seeds">How many seeds: <paramref name="Seed"/>, <paramref name="Seed"/> + 1, …; each sets the initialisation and the mini-batch order.</param>
/// <param name="MaxWidenings">The most widening rounds (0: the grid stays as given).</param>
/// <param name="WidenXi">Whether ξ is widened too, not only α.</param>
/// <param name="Budget">The budget's name, for the report.</param>
internal sealed record StudySettings(
    string? MnistFolder, int Subset, IReadOnlyList<int> Networks, IReadOnlyList<Regime> Regimes,
    int ChunkSize, int Seed, string OutputFolder, IReadOnlyList<OptimizerSpec> Grid, bool Resume = false,
    int Seeds = 1, int MaxWidenings = 0, bool WidenXi = false, string Budget = "custom")
{
    /// <summary>The seeds every configuration runs with.</summary>
    public IReadOnlyList<int> SeedList => Enumerable.Range(Seed, Seeds).ToArray();

    /// <summary>The hidden-layer counts a network can be chosen by.</summary>
    public static readonly int[] KnownNetworks = [3, 5, 7];

    /// <summary>Parses "3,5" into hidden-layer counts, each one of <see cref="KnownNetworks"/>.</summary>
    public static IReadOnlyList<int> ParseNetworks(string text)
    {
        var networks = new List<int>();
        foreach (string part in Split("--networks", text))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int hidden) || !KnownNetworks.Contains(hidden))
            {
                throw new ArgumentException($"--networks: expected hidden-layer counts from {string.Join(", ", KnownNetworks)} but got '{part}'.");
            }

            if (!networks.Contains(hidden)) networks.Add(hidden);
        }

        return networks;
    }

    /// <summary>Parses "full,mini" into regimes with their lengths.</summary>
    public static IReadOnlyList<Regime> ParseRegimes(string text, int iterations, int epochs, int batchSize)
    {
        var regimes = new List<Regime>();
        foreach (string part in Split("--regimes", text))
        {
            switch (part)
            {
                case "full":
                    if (iterations < 1) throw new ArgumentException($"--iterations: expected at least 1 but got {iterations}.");
                    regimes.Add(new Regime(true, iterations, 0));
                    break;
                case "mini":
                    if (epochs < 1) throw new ArgumentException($"--epochs: expected at least 1 but got {epochs}.");
                    if (batchSize < 1) throw new ArgumentException($"--batch-size: expected at least 1 but got {batchSize}.");
                    regimes.Add(new Regime(false, epochs, batchSize));
                    break;
                default:
                    throw new ArgumentException($"--regimes: expected 'full' or 'mini' but got '{part}'.");
            }
        }

        return regimes;
    }

    /// <summary>Parses a comma-separated list of positive numbers.</summary>
    public static IReadOnlyList<double> ParseList(string option, string text)
    {
        var values = new List<double>();
        foreach (string part in Split(option, text))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentException($"{option}: expected positive numbers separated by commas but got '{part}'.");
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>
    /// The MNIST folder: the one given, or shared/data/mnist in the nearest ancestor of the repository (the folder
    /// holding DslNets.sln, found from the working directory and then from the program's own folder). Null when none exists.
    /// </summary>
    public string? LocateMnist()
    {
        if (MnistFolder is not null) return MnistFolder;
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            DirectoryInfo? repository = new(start);
            while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "DslNets.sln"))) repository = repository.Parent;
            for (DirectoryInfo? ancestor = repository?.Parent; ancestor is not null; ancestor = ancestor.Parent)
            {
                string candidate = Path.Combine(ancestor.FullName, "shared", "data", "mnist");
                if (Directory.Exists(candidate)) return candidate;
            }
        }

        return null;
    }

    private static string[] Split(string option, string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new ArgumentException($"{option}: expected at least one value but got '{text}'.");
        return parts;
    }
}
