using System.Diagnostics;
using DslNets;
using DslNets.Data;
using Spectre.Console;

namespace AdamVsNesterov;

/// <summary>Loads the data, runs the grid on every network × regime, prints the tables and writes the plots.</summary>
internal static class Study
{
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

        if (settings.ChunkSize < 1) throw new ArgumentException($"--chunk: expected at least 1 image but got {settings.ChunkSize}.");
        foreach (Regime regime in settings.Regimes.Where(r => !r.FullBatch && r.BatchSize > settings.Subset))
        {
            throw new ArgumentException($"--batch-size: expected at most the subset's {settings.Subset} images but got {regime.BatchSize}.");
        }

        float[] images = Subset(training, settings.Subset, settings.Seed);
        AnsiConsole.MarkupLine("[bold]ADAM versus Nesterov on MNIST autoencoders[/] (De, Mukherjee and Ullah, arXiv 1807.06766)");
        AnsiConsole.MarkupLineInterpolated($"Data: {settings.Subset:N0} training images from {folder} (seed {settings.Seed}); loss f = mean over images of ½‖ŷ − x‖².");
        AnsiConsole.MarkupLineInterpolated($"Regimes: {string.Join(", ", settings.Regimes.Select(r => $"{r.Name} × {r.Length} {r.Axis}s"))}; {settings.Grid.Count} optimiser configurations each.");

        var work = new List<(string Name, Func<Regime, OptimizerSpec, Action<long>, RunResult> Run)>();
        foreach (int hidden in settings.Networks)
        {
            work.Add(hidden switch
            {
                3 => Bind<Autoencoder3>("AE-3 (784-1000-500-1000-784)", images, settings),
                5 => Bind<Autoencoder5>("AE-5 (784-1000-500-250-500-1000-784)", images, settings),
                _ => Bind<Autoencoder7>("AE-7 (784-1000-500-250-30-250-500-1000-784)", images, settings),
            });
        }

        long total = work.Count * settings.Regimes.Sum(r => r.Cost(settings.Subset)) * settings.Grid.Count;
        var results = new List<RunResult>();
        Directory.CreateDirectory(settings.OutputFolder);
        FinishedRuns finished = FinishedRuns.Open(settings, settings.Resume);
        if (finished.Count > 0) AnsiConsole.MarkupLineInterpolated($"--resume: {finished.Count} runs finished earlier are reused.");
        string markdownPath = Path.Combine(settings.OutputFolder, "results.md");
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("Training", maxValue: total);
                foreach ((string name, var run) in work)
                {
                    foreach (Regime regime in settings.Regimes)
                    {
                        foreach (OptimizerSpec spec in settings.Grid)
                        {
                            task.Description = Markup.Escape($"{name.Split(' ')[0]} {regime.Name}: {spec.Label}");
                            double before = task.Value;
                            RunResult? kept = finished.Find(name, regime, spec);
                            RunResult result = kept ?? run(regime, spec, done => task.Increment(done));
                            if (kept is null) finished.Add(result);
                            // A diverged run stops early; count its whole budget so the bar stays honest about what is left.
                            task.Value = before + regime.Cost(settings.Subset);
                            results.Add(result);
                            // Keep the tables current on disk, so a long run stopped part-way still leaves what it finished.
                            new StudyReport(results).WriteMarkdown(markdownPath, settings, clock.Elapsed);
                        }
                    }
                }
            });

        StudyReport report = new(results);
        report.Print();
        report.WritePlots(settings.OutputFolder);
        report.WriteMarkdown(markdownPath, settings, clock.Elapsed);
        AnsiConsole.MarkupLineInterpolated($"\nPlots and tables in {Path.GetFullPath(settings.OutputFolder)}; total {clock.Elapsed.TotalMinutes:F1} min.");
        return 0;
    }

    private static (string Name, Func<Regime, OptimizerSpec, Action<long>, RunResult> Run) Bind<TNet>(string name, float[] images, StudySettings settings)
        where TNet : INetwork<TNet, float>
    {
        int largestBatch = Math.Max(1, settings.Regimes.Max(r => r.BatchSize));
        var objective = new ReconstructionObjective<TNet>(images, settings.ChunkSize, largestBatch);
        AnsiConsole.MarkupLineInterpolated($"{name}: {TNet.ParameterCount:N0} parameters.");
        return (name, (regime, spec, progress) => StudyRun.Run(name, objective, regime, spec, settings.Seed, progress));
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
}
