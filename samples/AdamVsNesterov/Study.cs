using System.Diagnostics;
using DslNets;
using DslNets.Data;
using Spectre.Console;

namespace AdamVsNesterov;

/// <summary>Loads the data, runs the grid search on the console, prints the tables and writes the plots.</summary>
internal static class Study
{
    /// <summary>Runs the study of <paramref name="settings"/> on MNIST; returns the process exit code.</summary>
    public static int Run(StudySettings settings)
    {
        var clock = Stopwatch.StartNew();
        // Redirected to a file, Spectre assumes 80 columns and wraps every table cell; a log reads better wide.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        string? folder = settings.LocateMnist();
        if (folder is null || !Directory.Exists(folder))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]MNIST was not found{(folder is null ? " beside the repository (shared/data/mnist)" : $" at '{folder}'")}.[/]");
            AnsiConsole.MarkupLine("Fetch it with [bold]scripts/fetch-mnist.sh[/] and pass the folder with [bold]--mnist PATH[/].");
            return 3;
        }

        Dataset<float> training = Mnist.Load<float>(folder).Training;
        if (settings.Subset < 1 || settings.Subset > training.Count)
        {
            throw new ArgumentException($"--subset: expected 1 to {training.Count} images but got {settings.Subset}.");
        }

        float[] images = Subset(training, settings.Subset, settings.Seed);
        AnsiConsole.MarkupLine("[bold]ADAM versus Nesterov on MNIST autoencoders[/] (De, Mukherjee and Ullah, arXiv 1807.06766)");
        AnsiConsole.MarkupLineInterpolated($"Data: {settings.Subset:N0} training images from {folder} (drawn with seed {settings.Seed}, the same for every seed); loss f = mean over images of ½‖ŷ − x‖².");
        AnsiConsole.MarkupLineInterpolated($"Budget {settings.Budget}: {string.Join(", ", settings.Regimes.Select(r => $"{r.Name} × {r.Length} {r.Axis}s"))}; {settings.Grid.Count} optimiser configurations × seeds {string.Join(", ", settings.SeedList)}; up to {settings.MaxWidenings} widening rounds.");
        AnsiConsole.MarkupLineInterpolated($"{TimeEstimate.Describe(settings)}");

        IReadOnlyList<StudyNetwork> networks = Networks(images, settings);
        Directory.CreateDirectory(settings.OutputFolder);
        FinishedRuns finished = FinishedRuns.Open(settings, settings.Resume);
        if (finished.Count > 0) AnsiConsole.MarkupLineInterpolated($"--resume: {finished.Count} runs finished earlier are reused.");
        string markdownPath = Path.Combine(settings.OutputFolder, "results.md");
        StudyOutcome outcome = null!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var progress = new ConsoleProgress(context.AddTask("Training", maxValue: 1), results =>
                    // Keep the tables current on disk, so a long run stopped part-way still leaves what it finished.
                    new StudyReport(results, settings.Grid).WriteMarkdown(markdownPath, settings, clock.Elapsed, null, TimeEstimate.Measured(results, settings.Subset)));
                outcome = GridSearch.Run(settings, networks, settings.Subset, finished, progress);
            });

        StudyReport report = new(outcome.Results, settings.Grid);
        report.Print();
        report.WritePlots(settings.OutputFolder);
        IReadOnlyList<string> timings = [.. TimeEstimate.Measured(outcome.Results, settings.Subset), TimeEstimate.Describe(settings)];
        report.WriteMarkdown(markdownPath, settings, clock.Elapsed, outcome.WideningRounds, timings);
        foreach (string line in timings) AnsiConsole.MarkupLineInterpolated($"{line}");
        AnsiConsole.MarkupLineInterpolated($"\nPlots and tables in {Path.GetFullPath(settings.OutputFolder)}; {outcome.WideningRounds} widening round(s); total {clock.Elapsed.TotalMinutes:F1} min.");
        return 0;
    }

    /// <summary>The study's networks over <paramref name="images"/> (count×784), checked against the settings.</summary>
    public static IReadOnlyList<StudyNetwork> Networks(float[] images, StudySettings settings)
    {
        if (settings.ChunkSize < 1) throw new ArgumentException($"--chunk: expected at least 1 image but got {settings.ChunkSize}.");
        foreach (Regime regime in settings.Regimes.Where(r => !r.FullBatch && r.BatchSize > settings.Subset))
        {
            throw new ArgumentException($"--batch-size: expected at most the subset's {settings.Subset} images but got {regime.BatchSize}.");
        }

        return settings.Networks.Select(hidden => hidden switch
        {
            3 => Bind<Autoencoder3>("AE-3 (784-1000-500-1000-784)", images, settings),
            5 => Bind<Autoencoder5>("AE-5 (784-1000-500-250-500-1000-784)", images, settings),
            _ => Bind<Autoencoder7>("AE-7 (784-1000-500-250-30-250-500-1000-784)", images, settings),
        }).ToList();
    }

    private static StudyNetwork Bind<TNet>(string name, float[] images, StudySettings settings)
        where TNet : INetwork<TNet, float>
    {
        int largestBatch = Math.Max(1, settings.Regimes.Max(r => r.BatchSize));
        var objective = new ReconstructionObjective<TNet>(images, settings.ChunkSize, largestBatch);
        AnsiConsole.MarkupLineInterpolated($"{name}: {TNet.ParameterCount:N0} parameters.");
        return new StudyNetwork(name, (regime, spec, seed, progress) => StudyRun.Run(name, objective, regime, spec, seed, progress));
    }

    /// <summary>A seeded random subset of <paramref name="count"/> images, copied in one array.</summary>
    private static float[] Subset(Dataset<float> training, int count, int seed)
    {
        int[] order = Enumerable.Range(0, training.Count).ToArray();
        new SeededRandom(seed).Shuffle<int>(order);
        int width = training.FeatureCount;
        var images = new float[count * width];
        for (int i = 0; i < count; i++) training.Row(order[i]).CopyTo(images.AsSpan(i * width, width));
        return images;
    }

    /// <summary>The progress bar: its total grows as widening rounds plan more runs.</summary>
    private sealed class ConsoleProgress(ProgressTask task, Action<IReadOnlyList<RunResult>> finished) : IStudyProgress
    {
        private long _planned;

        public void Planned(long cost) => task.MaxValue = _planned += cost;

        public void Starting(string description) => task.Description = Markup.Escape(description);

        public void Advance(long done) => task.Increment(done);

        public void Finished(IReadOnlyList<RunResult> results) => finished(results);
    }
}
