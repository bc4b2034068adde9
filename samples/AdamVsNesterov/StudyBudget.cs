namespace AdamVsNesterov;

/// <summary>
/// A named budget: the defaults of the subset, the run lengths and the number of seeds, each overridden by its own
/// option. <c>short</c> is a look of a few minutes; <c>full</c> is the long study, with lengths chosen so that the
/// curves plausibly flatten (the tables say which did not).
/// </summary>
/// <param name="Name">"short" or "full".</param>
/// <param name="Subset">Training images.</param>
/// <param name="Iterations">Full-batch iterations per run.</param>
/// <param name="Epochs">Mini-batch epochs per run.</param>
/// <param name="Seeds">Seeds per configuration.</param>
internal sealed record StudyBudget(string Name, int Subset, int Iterations, int Epochs, int Seeds)
{
    /// <summary>Close to the single-seed defaults before budgets (10 iterations, 1 epoch), on fewer images so three seeds fit in minutes.</summary>
    public static readonly StudyBudget Short = new("short", 1_000, 10, 1, 3);

    /// <summary>The long study: 1,000 full-batch iterations and 30 mini-batch epochs on 10,000 images, three seeds.</summary>
    public static readonly StudyBudget Full = new("full", 10_000, 1_000, 30, 3);

    /// <summary>This budget with the values given explicitly (not null) in place of its own.</summary>
    public StudyBudget Override(int? subset, int? iterations, int? epochs, int? seeds) =>
        this with { Subset = subset ?? Subset, Iterations = iterations ?? Iterations, Epochs = epochs ?? Epochs, Seeds = seeds ?? Seeds };

    /// <summary>The budget named <paramref name="name"/>.</summary>
    public static StudyBudget Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "short" => Short,
        "full" => Full,
        _ => throw new ArgumentException($"--budget: expected 'short' or 'full' but got '{name}'."),
    };
}
