using System.Numerics;

namespace DslNets.Optimizers;

/// <summary>
/// A first-order optimiser working in place on a flat parameter vector. Its state (moments, velocities) is sized by
/// <see cref="ParameterCount"/> and allocated once at construction; <see cref="Step"/> allocates nothing.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The length of the parameter and gradient vectors this optimiser was built for.</summary>
    int ParameterCount { get; }

    /// <summary>The step size used by the next <see cref="Step"/>; a schedule may change it between steps.</summary>
    T LearningRate { get; set; }

    /// <summary>How many steps have been taken since construction or the last <see cref="Reset"/>.</summary>
    long StepCount { get; }

    /// <summary>
    /// Updates <paramref name="parameters"/> in place from <paramref name="gradient"/> (the gradient at the current
    /// parameters). Both must have length <see cref="ParameterCount"/>; otherwise an <see cref="ArgumentException"/>
    /// names both lengths.
    /// </summary>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradient);

    /// <summary>Clears the state (moments, velocities, step count) as if freshly constructed; the learning rate stays.</summary>
    void Reset();
}
