using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Optimizers;

/// <summary>
/// Nesterov's accelerated gradient in the momentum form of Sutskever, Martens, Dahl and Hinton (2013), the usual
/// "NAG" of deep-learning comparisons, used here as the baseline of De, Mukherjee and Ullah (arXiv 1807.06766):
/// <code>
/// v_{t+1} = μ v_t − α ∇f(x_t + μ v_t),   x_{t+1} = x_t + v_{t+1}.
/// </code>
/// Because <see cref="IOptimizer{T}.Step"/> receives the gradient at the parameters it holds, the parameters held here
/// are the look-ahead point θ_t = x_t + μ v_t, which gives the equivalent update
/// <code>
/// v ← μ v − α g(θ),   θ ← θ + μ v − α g(θ)
/// </code>
/// with the velocity v in parameter units. For a constant α this equals PyTorch's <c>SGD(momentum=μ, nesterov=True)</c>
/// (its buffer is b = −v/α); with a schedule they differ, because v keeps the step sizes that built it.
/// To read off the non-look-ahead iterate x_t = θ_t − μ v_t use <see cref="Velocity"/>.
/// <para>
/// What was checked: the stored public sources hold the paper's abstract (which names the baseline "Nesterov's
/// Accelerated Gradient method") but not its experimental section, so the exact NAG variant the authors ran could
/// not be re-read; this class is Sutskever's form, and for a constant step it is identical to PyTorch's
/// <c>SGD(nesterov=True)</c>. The tests check it against hand-computed steps, against PyTorch 1.13, and against an
/// independent NumPy implementation that evaluates the gradient at x_t + μ v_t explicitly.
/// </para>
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class NesterovAcceleratedGradient<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _momentum;
    private readonly T[] _velocity;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters with zero initial velocity.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="momentum">μ ∈ [0, 1).</param>
    public NesterovAcceleratedGradient(int parameterCount, double learningRate, double momentum)
        : base(parameterCount, learningRate)
    {
        CheckRange(nameof(NesterovAcceleratedGradient<T>), nameof(momentum), momentum, 0.0, 1.0);
        _momentum = T.CreateChecked(momentum);
        _velocity = NewState();
    }

    /// <summary>The momentum μ.</summary>
    public T Momentum => _momentum;

    /// <summary>The current velocity v (in parameter units).</summary>
    public ReadOnlySpan<T> Velocity => _velocity;

    /// <summary>The velocity v (live), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] VelocityState => _velocity;

    /// <inheritdoc />
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        Span<T> v = _velocity;
        T minusRate = -LearningRate;
        TensorPrimitives.Multiply(v, _momentum, v);
        TensorPrimitives.MultiplyAdd(gradient, minusRate, v, v);
        TensorPrimitives.MultiplyAdd(v, _momentum, parameters, parameters);
        TensorPrimitives.MultiplyAdd(gradient, minusRate, parameters, parameters);
    }

    /// <inheritdoc />
    protected override void ClearState() => Array.Clear(_velocity);

    /// <inheritdoc />
    public override string ToString() => $"NAG(lr={LearningRate}, momentum={_momentum})";
}
