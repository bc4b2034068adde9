namespace DslNets.Optimizers;

/// <summary>
/// A learning rate as a function of a step index t = 0, 1, 2, … (the rate for the (t+1)-th optimiser step, or for
/// epoch t+1 when a trainer applies it per epoch). Pure functions of t: no state, nothing allocated per call.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at step index <paramref name="step"/> (≥ 0).</summary>
    public double At(long step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, $"{GetType().Name}: expected a step index ≥ 0 but got {step}.");
        return Compute(step);
    }

    /// <summary>The rate at a step index already checked to be ≥ 0.</summary>
    protected abstract double Compute(long step);

    /// <summary>A constant rate.</summary>
    public static LearningRateSchedule Constant(double rate) => new ConstantSchedule(rate);

    /// <summary>PyTorch's StepLR: rate·γ^⌊t / stepSize⌋.</summary>
    public static LearningRateSchedule Step(double initialRate, int stepSize, double gamma) => new StepSchedule(initialRate, stepSize, gamma);

    /// <summary>Cosine annealing from the initial rate to the minimum over <paramref name="period"/> steps, then the minimum.</summary>
    public static LearningRateSchedule Cosine(double initialRate, long period, double minimumRate = 0.0) => new CosineSchedule(initialRate, period, minimumRate);

    /// <summary>Throws unless the rate is finite and ≥ 0.</summary>
    protected static double CheckRate(string schedule, string name, double rate)
    {
        if (!double.IsFinite(rate) || rate < 0.0)
            throw new ArgumentOutOfRangeException(name, rate, $"{schedule}: expected a finite '{name}' ≥ 0 but got {rate}.");
        return rate;
    }
}

/// <summary>The same rate at every step.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="rate">The rate (finite, ≥ 0).</param>
    public ConstantSchedule(double rate) => Rate = CheckRate(nameof(ConstantSchedule), nameof(rate), rate);

    /// <summary>The rate.</summary>
    public double Rate { get; }

    /// <inheritdoc />
    protected override double Compute(long step) => Rate;
}

/// <summary>
/// Step decay as PyTorch's <c>StepLR</c>: η_t = η₀·γ^⌊t / stepSize⌋ (the rate is multiplied by γ every
/// <see cref="StepSize"/> steps).
/// </summary>
public sealed class StepSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialRate">η₀.</param>
    /// <param name="stepSize">How many steps between decays (positive).</param>
    /// <param name="gamma">The decay factor γ (finite, ≥ 0).</param>
    public StepSchedule(double initialRate, int stepSize, double gamma)
    {
        InitialRate = CheckRate(nameof(StepSchedule), nameof(initialRate), initialRate);
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"StepSchedule: expected a positive 'stepSize' but got {stepSize}.");
        StepSize = stepSize;
        Gamma = CheckRate(nameof(StepSchedule), nameof(gamma), gamma);
    }

    /// <summary>η₀.</summary>
    public double InitialRate { get; }

    /// <summary>Steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>The decay factor γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    protected override double Compute(long step) => InitialRate * Math.Pow(Gamma, step / StepSize);
}

/// <summary>
/// Cosine annealing: η_t = η_min + (η₀ − η_min)(1 + cos(π t / T))/2 for t ≤ T, and η_min after. For t ≤ T this is the
/// closed form of PyTorch's <c>CosineAnnealingLR</c> (T = T_max); PyTorch's keeps following the cosine back up after
/// T, this schedule holds the minimum.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialRate">η₀.</param>
    /// <param name="period">T, the number of steps from η₀ down to η_min (positive).</param>
    /// <param name="minimumRate">η_min (finite, ≥ 0).</param>
    public CosineSchedule(double initialRate, long period, double minimumRate = 0.0)
    {
        InitialRate = CheckRate(nameof(CosineSchedule), nameof(initialRate), initialRate);
        if (period <= 0) throw new ArgumentOutOfRangeException(nameof(period), period, $"CosineSchedule: expected a positive 'period' but got {period}.");
        Period = period;
        MinimumRate = CheckRate(nameof(CosineSchedule), nameof(minimumRate), minimumRate);
    }

    /// <summary>η₀.</summary>
    public double InitialRate { get; }

    /// <summary>T.</summary>
    public long Period { get; }

    /// <summary>η_min.</summary>
    public double MinimumRate { get; }

    /// <inheritdoc />
    protected override double Compute(long step) =>
        step >= Period
            ? MinimumRate
            : MinimumRate + (InitialRate - MinimumRate) * (1.0 + Math.Cos(Math.PI * step / Period)) / 2.0;
}
