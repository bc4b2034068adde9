using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Optimizers;

/// <summary>
/// ADAM exactly as PyTorch 1.13 documents <c>torch.optim.Adam</c> (Kingma and Ba's algorithm with bias correction and
/// ε outside the square root; the form users know). With γ the learning rate and λ the weight decay (L2, added to
/// the gradient; not AdamW's decoupled decay), on step t = 1, 2, …:
/// <code>
/// g ← g + λθ                       (if λ ≠ 0)
/// m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
/// m̂ = m / (1 − β₁ᵗ),     v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − γ m̂ / (√v̂ + ε)
/// </code>
/// For the form of De, Mukherjee and Ullah (no bias correction, ξ added to √v) see <see cref="DeMukherjeeUllahAdam{T}"/>.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly T _b1;
    private readonly T _oneMinusB1;
    private readonly T _b2;
    private readonly T _oneMinusB2;
    private readonly T _epsilon;
    private readonly T _weightDecay;
    private readonly T[] _first;
    private readonly T[] _second;
    private readonly T[] _direction;
    private readonly T[] _denominator;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">γ (PyTorch's default 0.001).</param>
    /// <param name="beta1">β₁ ∈ [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ ∈ [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε ≥ 0 (default 1e-8).</param>
    /// <param name="weightDecay">λ ≥ 0.</param>
    public Adam(int parameterCount, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.0)
        : base(parameterCount, learningRate)
    {
        _beta1 = CheckRange(nameof(Adam<T>), nameof(beta1), beta1, 0.0, 1.0);
        _beta2 = CheckRange(nameof(Adam<T>), nameof(beta2), beta2, 0.0, 1.0);
        CheckRange(nameof(Adam<T>), nameof(epsilon), epsilon, 0.0, double.MaxValue);
        CheckRange(nameof(Adam<T>), nameof(weightDecay), weightDecay, 0.0, double.MaxValue);
        _b1 = T.CreateChecked(beta1);
        _oneMinusB1 = T.CreateChecked(1.0 - beta1);
        _b2 = T.CreateChecked(beta2);
        _oneMinusB2 = T.CreateChecked(1.0 - beta2);
        _epsilon = T.CreateChecked(epsilon);
        _weightDecay = T.CreateChecked(weightDecay);
        _first = NewState();
        _second = NewState();
        _direction = NewState();
        _denominator = NewState();
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>β₁, as passed to the constructor.</summary>
    public double Beta1 => _beta1;

    /// <summary>β₂, as passed to the constructor.</summary>
    public double Beta2 => _beta2;

    /// <summary>ε, as passed to the constructor.</summary>
    public double Epsilon { get; }

    /// <summary>λ, as passed to the constructor.</summary>
    public double WeightDecay { get; }

    /// <summary>The first moment m (live), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] FirstMomentState => _first;

    /// <summary>The second moment v (live), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] SecondMomentState => _second;

    /// <inheritdoc />
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        Span<T> g = _direction;
        Span<T> s = _denominator;
        Span<T> m = _first;
        Span<T> v = _second;
        if (_weightDecay != T.Zero) TensorPrimitives.MultiplyAdd(parameters, _weightDecay, gradient, g);
        else gradient.CopyTo(g);

        TensorPrimitives.Multiply(m, _b1, m);
        TensorPrimitives.MultiplyAdd(g, _oneMinusB1, m, m);
        TensorPrimitives.Multiply(g, g, s);
        TensorPrimitives.Multiply(v, _b2, v);
        TensorPrimitives.MultiplyAdd(s, _oneMinusB2, v, v);

        // The bias corrections in double, as PyTorch computes them in Python floats.
        double t = StepCount;
        double correction1 = 1.0 - Math.Pow(_beta1, t);
        double correction2 = 1.0 - Math.Pow(_beta2, t);
        T stepSize = LearningRate / T.CreateChecked(correction1);
        T rootCorrection2 = T.CreateChecked(Math.Sqrt(correction2));

        TensorPrimitives.Sqrt(v, s);
        TensorPrimitives.Divide(s, rootCorrection2, s);
        TensorPrimitives.Add(s, _epsilon, s);
        TensorPrimitives.Divide(m, s, s);
        TensorPrimitives.MultiplyAdd(s, -stepSize, parameters, parameters);
    }

    /// <inheritdoc />
    protected override void ClearState()
    {
        Array.Clear(_first);
        Array.Clear(_second);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Adam(lr={LearningRate}, betas=({_b1}, {_b2}), eps={_epsilon}, weight_decay={_weightDecay})";
}
