using System.Diagnostics;

namespace DslNets.GpuBenchmarks;

/// <summary>How long and how often one row is timed.</summary>
/// <param name="Repetitions">Timed repetitions at most (fewer when <paramref name="CaseSeconds"/> runs out).</param>
/// <param name="WarmupRepetitions">Untimed repetitions before them.</param>
/// <param name="MinRepetitionSeconds">
/// A repetition runs this long at least: it is <c>inner</c> steps followed by one synchronisation, so the fixed cost of
/// synchronising is spread over many short steps.
/// </param>
/// <param name="CaseSeconds">The time one row may take in all (batch ramp, warm-up and timed repetitions).</param>
public sealed record TimingSettings(int Repetitions, int WarmupRepetitions, double MinRepetitionSeconds, double CaseSeconds);

/// <summary>Per-step times of one row, from the timed repetitions.</summary>
public sealed record StepTiming(int Inner, int Repetitions, double MedianMs, double P25Ms, double P75Ms, double MinMs, double MaxMs)
{
    /// <summary>(p75 − p25) / median, in percent: the spread of the repetitions.</summary>
    public double SpreadPercent => MedianMs > 0 ? 100 * (P75Ms - P25Ms) / MedianMs : 0;
}

/// <summary>
/// The bench's own timing loop (BenchmarkDotNet does not fit device work that must be synchronised explicitly): one step
/// is timed to calibrate, <c>inner</c> is chosen so a repetition lasts <see cref="TimingSettings.MinRepetitionSeconds"/>,
/// warm-up repetitions run, then each timed repetition is <c>inner</c> steps and one synchronisation between two clock
/// reads. The result is per step: the median and quartiles over repetitions.
/// </summary>
public static class StepTimer
{
    /// <summary>Seconds for <paramref name="count"/> steps and one synchronisation (synchronised before the clock starts).</summary>
    public static double Time(Action step, Action synchronize, int count)
    {
        synchronize();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++) step();
        synchronize();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>Times <paramref name="step"/>; <paramref name="secondsLeft"/> is what the row has left of its budget.</summary>
    /// <param name="step">One step (queued; the timer synchronises).</param>
    /// <param name="synchronize">Waits for the device.</param>
    /// <param name="settings">Repetitions and budgets.</param>
    /// <param name="secondsLeft">What the row has left of its budget.</param>
    /// <param name="knownStepSeconds">
    /// A step's time already measured at this batch (by <see cref="ChooseBatch"/>); when it is longer than a repetition
    /// should be, calibration is skipped (one step per repetition anyway).
    /// </param>
    public static StepTiming Measure(Action step, Action synchronize, TimingSettings settings, double secondsLeft, double knownStepSeconds = 0)
    {
        double one;
        if (knownStepSeconds >= settings.MinRepetitionSeconds)
        {
            one = knownStepSeconds;
        }
        else
        {
            // Calibrate on the faster of two single steps (the caller has already run the step, so nothing compiles here).
            one = Math.Max(Math.Min(Time(step, synchronize, 1), Time(step, synchronize, 1)), 1e-7);
            secondsLeft -= 2 * one;
        }

        int inner = (int)Math.Clamp(Math.Ceiling(settings.MinRepetitionSeconds / one), 1, 1_000_000);
        double repetitionSeconds = one * inner;
        int warmup = (int)Math.Clamp(Math.Floor(0.25 * secondsLeft / repetitionSeconds), 0, settings.WarmupRepetitions);
        for (int w = 0; w < warmup; w++) Time(step, synchronize, inner);
        secondsLeft -= warmup * repetitionSeconds;
        int repetitions = (int)Math.Clamp(Math.Floor(secondsLeft / repetitionSeconds), 1, settings.Repetitions);
        var perStepMs = new double[repetitions];
        for (int r = 0; r < repetitions; r++) perStepMs[r] = 1e3 * Time(step, synchronize, inner) / inner;
        Array.Sort(perStepMs);
        return new StepTiming(inner, repetitions, Quantile(perStepMs, 0.5), Quantile(perStepMs, 0.25), Quantile(perStepMs, 0.75), perStepMs[0], perStepMs[^1]);
    }

    /// <summary>The q-quantile of sorted values, linear between neighbours (numpy's default), so both sides compute it alike.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 1) return sorted[0];
        double at = q * (sorted.Length - 1);
        int low = (int)Math.Floor(at);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (at - low) * (sorted[high] - sorted[low]);
    }

    /// <summary>
    /// Picks the batch to time at: starts at a small probe batch, and goes to <paramref name="batch"/> when a step there,
    /// estimated linearly from the probe (an upper bound: a larger batch fills the device better), fits in
    /// <paramref name="stepLimitSeconds"/>; otherwise doubles while each doubled step still fits. Returns the batch, the
    /// seconds spent, a note when it stayed below <paramref name="batch"/>, and a step's time at the returned batch when
    /// one was measured there (0 otherwise).
    /// </summary>
    public static (int Batch, double Spent, string Note, double StepSeconds) ChooseBatch(int batch, int probe, Func<int, double> timeOneStep, double stepLimitSeconds)
    {
        long start = Stopwatch.GetTimestamp();
        int b = Math.Min(batch, Math.Max(1, probe));
        double t = timeOneStep(b); // the first call: buffers settle, lazy work happens
        if (t < stepLimitSeconds) t = timeOneStep(b);
        double known = t;
        while (b < batch)
        {
            if (t * batch / b <= stepLimitSeconds)
            {
                b = batch;
                known = 0; // not measured at the full batch: Measure calibrates
                break;
            }

            int next = (int)Math.Min(batch, 2L * b);
            if (t * next / b > stepLimitSeconds) break;
            b = next;
            t = known = timeOneStep(b);
        }

        string note = b < batch
            ? $"batch reduced from {batch} to {b}: one step at {b} took {t:0.###} s, and a step at the full batch would not fit the row's time budget"
            : "";
        return (b, Stopwatch.GetElapsedTime(start).TotalSeconds, note, known);
    }
}
