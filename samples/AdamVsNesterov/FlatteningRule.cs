namespace AdamVsNesterov;

/// <summary>Where a run's training loss stands at its end, by <see cref="FlatteningRule"/>.</summary>
internal enum FlatteningStatus
{
    /// <summary>The loss changed by less than the tolerance over the last tenth of the run.</summary>
    Flattened,

    /// <summary>The loss still fell by the tolerance or more over the last tenth: a longer run would end lower.</summary>
    Falling,

    /// <summary>The loss rose by the tolerance or more over the last tenth.</summary>
    Rising,

    /// <summary>The run diverged (a non-finite loss, or one past the divergence limit) and has no end to judge.</summary>
    Diverged,
}

/// <summary>A run's flattening status with the relative change it rests on.</summary>
/// <param name="Status">The status.</param>
/// <param name="RelativeChange">(f_end − f_mark) / f_mark; NaN for a diverged run.</param>
internal readonly record struct Flattening(FlatteningStatus Status, double RelativeChange);

/// <summary>
/// The study's rule for "this curve has flattened": the training loss changed by less than 1% over the last 10% of the
/// run's steps, relative to the loss at the 90% mark, |f_T − f_m| &lt; 0.01·f_m with m = T − ⌈0.1·T⌉. Steps are
/// full-batch iterations or mini-batch steps; f is the exact training loss over all images at both ends (the
/// mini-batch losses along the way are too noisy to judge 1% by).
/// </summary>
internal static class FlatteningRule
{
    /// <summary>The largest relative change that still counts as flat.</summary>
    public const double Tolerance = 0.01;

    /// <summary>The tail of the run the change is measured over, as a fraction of its steps.</summary>
    public const double TailFraction = 0.1;

    /// <summary>The step m after which the loss is compared with the final one: T − ⌈0.1·T⌉, at least one step before the end.</summary>
    public static int MarkStep(int totalSteps)
    {
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Expected a run of at least one step.");
        return totalSteps - Math.Max(1, (int)Math.Ceiling(TailFraction * totalSteps));
    }

    /// <summary>Judges a run from the exact loss at its mark step and at its end.</summary>
    public static Flattening Judge(double lossAtMark, double finalLoss, bool diverged)
    {
        if (diverged || !double.IsFinite(lossAtMark) || !double.IsFinite(finalLoss)) return new Flattening(FlatteningStatus.Diverged, double.NaN);
        // A loss of exactly 0 cannot fall further: flat if it stayed there.
        double change = lossAtMark == 0 ? (finalLoss == 0 ? 0 : double.PositiveInfinity) : (finalLoss - lossAtMark) / Math.Abs(lossAtMark);
        FlatteningStatus status = Math.Abs(change) < Tolerance ? FlatteningStatus.Flattened : change < 0 ? FlatteningStatus.Falling : FlatteningStatus.Rising;
        return new Flattening(status, change);
    }

    /// <summary>
    /// Judges a whole curve: <paramref name="lossAfterStep"/>[t] is the loss after t steps, t = 0..T. A non-finite
    /// value anywhere counts as divergence.
    /// </summary>
    public static Flattening Judge(IReadOnlyList<double> lossAfterStep)
    {
        if (lossAfterStep.Count < 2) throw new ArgumentException($"Expected the losses after 0..T steps, T ≥ 1, but got {lossAfterStep.Count} values.", nameof(lossAfterStep));
        if (lossAfterStep.Any(loss => !double.IsFinite(loss))) return new Flattening(FlatteningStatus.Diverged, double.NaN);
        int total = lossAfterStep.Count - 1;
        return Judge(lossAfterStep[MarkStep(total)], lossAfterStep[total], diverged: false);
    }

    /// <summary>A short mark for tables: empty when flat.</summary>
    public static string Describe(Flattening flattening) => flattening.Status switch
    {
        FlatteningStatus.Flattened => "flat",
        FlatteningStatus.Falling => $"still falling ({flattening.RelativeChange * 100:+0.0;-0.0}% over the last 10%)",
        FlatteningStatus.Rising => $"rising ({flattening.RelativeChange * 100:+0.0;-0.0}% over the last 10%)",
        _ => "diverged",
    };
}
