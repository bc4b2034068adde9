using System.Numerics;

namespace DslNets.Optimizers;

/// <summary>
/// The shared part of the optimisers: length checks, the learning rate and the step count. Subclasses implement
/// <see cref="Update"/> on spans already checked to have length <see cref="ParameterCount"/>.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public abstract class Optimizer<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T _learningRate;

    /// <summary>Checks the parameter count and learning rate and stores them.</summary>
    /// <param name="parameterCount">The length of the parameter vector (positive).</param>
    /// <param name="learningRate">The step size (finite, not negative).</param>
    protected Optimizer(int parameterCount, double learningRate)
    {
        if (parameterCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, $"{GetType().Name}: expected a positive parameter count but got {parameterCount}.");
        ParameterCount = parameterCount;
        _learningRate = CheckLearningRate(T.CreateChecked(learningRate));
    }

    /// <inheritdoc />
    public int ParameterCount { get; }

    /// <inheritdoc />
    public T LearningRate
    {
        get => _learningRate;
        set => _learningRate = CheckLearningRate(value);
    }

    /// <inheritdoc />
    public long StepCount { get; private set; }

    /// <inheritdoc />
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException(
                $"{GetType().Name}: expected 'parameters' of length {ParameterCount} (the optimiser's parameter count) but got length {parameters.Length}.",
                nameof(parameters));
        if (gradient.Length != ParameterCount)
            throw new ArgumentException(
                $"{GetType().Name}: expected 'gradient' of length {ParameterCount} (the optimiser's parameter count) but got length {gradient.Length}.",
                nameof(gradient));
        StepCount++;
        Update(parameters, gradient);
    }

    /// <inheritdoc />
    public void Reset()
    {
        StepCount = 0;
        ClearState();
    }

    /// <summary>Sets the step count when a device optimiser hands its state back (DslNets.Gpu).</summary>
    internal void RestoreStepCount(long stepCount) => StepCount = stepCount;

    /// <summary>Applies one update; <see cref="StepCount"/> already counts this step (it is 1 on the first call).</summary>
    protected abstract void Update(Span<T> parameters, ReadOnlySpan<T> gradient);

    /// <summary>Zeroes the state arrays.</summary>
    protected abstract void ClearState();

    /// <summary>Allocates one state array of length <see cref="ParameterCount"/>.</summary>
    protected T[] NewState() => new T[ParameterCount];

    /// <summary>Throws unless <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>) (or up to max inclusive).</summary>
    protected static double CheckRange(string optimizer, string name, double value, double min, double max, bool maxInclusive = false) =>
        HyperparameterChecks.Range(optimizer, name, value, min, max, maxInclusive);

    private T CheckLearningRate(T value)
    {
        if (!T.IsFinite(value) || value < T.Zero)
            throw new ArgumentOutOfRangeException(nameof(LearningRate), value, $"{GetType().Name}: expected a finite learning rate ≥ 0 but got {value}.");
        return value;
    }
}
