using System.Globalization;

namespace AdamVsNesterov;

/// <summary>
/// The expected wall-clock time of a study from per-image gradient costs measured in a smoke run, and the timings a
/// finished study measured (for the next estimate). An estimate only: the cost per image depends on the machine and
/// on what else runs on it.
/// </summary>
internal static class TimeEstimate
{
    /// <summary>
    /// Seconds per per-image gradient (forward and backward of one image, the optimiser's step spread over its batch)
    /// by network and regime. Measured in the timing smoke run of RESULTS.md (1,000 images, chunk 1000, batch 100) on
    /// the 2-core machine while two other jobs kept it loaded (load average about 8), with this process at the lowest
    /// priority: about three times the cost in run 3 on the idle machine (91 µs on average), so estimates from them
    /// are on the long side.
    /// </summary>
    public static double SecondsPerImage(int hidden, bool fullBatch) => (hidden, fullBatch) switch
    {
        (3, true) => 287e-6,
        (3, false) => 294e-6,
        (5, true) => 280e-6,
        (5, false) => 321e-6,
        // AE-7 was not measured: AE-5's costs with a margin for its two extra layers.
        (_, true) => 300e-6,
        _ => 340e-6,
    };

    /// <summary>The expected seconds of the starting grid with every seed.</summary>
    public static double StartingGridSeconds(StudySettings settings) =>
        settings.Networks.Sum(hidden => settings.Regimes.Sum(regime =>
            settings.Grid.Count * settings.Seeds * regime.Cost(settings.Subset) * SecondsPerImage(hidden, regime.FullBatch)));

    /// <summary>
    /// The expected seconds of one widening round in which every family of every setting moves one α edge (one new α
    /// with each of the family's other values).
    /// </summary>
    public static double WideningRoundSeconds(StudySettings settings)
    {
        int added = settings.Grid.GroupBy(s => s.Family).Sum(family => family.Count() / family.Select(s => s.LearningRate).Distinct().Count());
        return settings.Networks.Sum(hidden => settings.Regimes.Sum(regime =>
            added * settings.Seeds * regime.Cost(settings.Subset) * SecondsPerImage(hidden, regime.FullBatch)));
    }

    /// <summary>A line for the console and the report: the estimate before widening and the cost of widening.</summary>
    public static string Describe(StudySettings settings)
    {
        double start = StartingGridSeconds(settings), round = WideningRoundSeconds(settings);
        return string.Create(CultureInfo.InvariantCulture,
            $"Estimated time (from the per-image costs of a smoke run on 2 loaded cores; an idle machine took about a third): {Hours(start)} for the starting grid; each widening round in which every family moves one α edge adds about {Hours(round)} (at most {settings.MaxWidenings} rounds, so up to {Hours(start + settings.MaxWidenings * round)}).");
    }

    /// <summary>The measured cost per image gradient, per full-batch iteration and per mini-batch epoch, by network × regime (median over runs that did not diverge).</summary>
    public static IEnumerable<string> Measured(IReadOnlyList<RunResult> results, int imageCount)
    {
        foreach (var setting in results.Where(r => r.Failure is null).GroupBy(r => (r.Network, r.Regime)))
        {
            double[] perImage = setting.Select(r => r.Seconds / r.Regime.Cost(imageCount)).Order().ToArray();
            double median = perImage[perImage.Length / 2];
            Regime regime = setting.Key.Regime;
            double perStep = regime.FullBatch ? median * imageCount : median * (imageCount / regime.BatchSize * regime.BatchSize);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{setting.Key.Network.Split(' ')[0]} {regime.Name}: {median * 1e6:F0} µs per image gradient, {perStep:F3} s per {regime.Axis} on {imageCount} images (median of {perImage.Length} runs).");
        }
    }

    private static string Hours(double seconds) =>
        seconds < 3600 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F0} min") : string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h");
}
