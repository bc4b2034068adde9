using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Optimizers;

/// <summary>
/// RMSProp exactly as PyTorch 1.13 documents <c>torch.optim.RMSprop</c> (the form users know), with ε added outside
/// the square root. With α the smoothing constant, γ the learning rate, λ the weight decay and μ the momentum:
/// <code>
/// g ← g + λθ                                    (if λ ≠ 0)
/// v ← αv + (1 − α)g²
/// ṽ ← v − ḡ², with ḡ ← αḡ + (1 − α)g          (if centered; else ṽ ← v)
/// b ← μb + g / (√ṽ + ε),  θ ← θ − γb            (if μ &gt; 0; b starts at 0)
/// θ ← θ − γ g / (√ṽ + ε)                         (otherwise)
/// </code>
/// For the form of De, Mukherjee and Ullah (ξ inside the average, no ε) see <see cref="DeMukherjeeUllahRmsProp{T}"/>.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _alpha;
    private readonly T _oneMinusAlpha;
    private readonly T _epsilon;
    private readonly T _weightDecay;
    private readonly T _momentum;
    private readonly bool _centered;
    private readonly T[] _squareAverage;
    private readonly T[] _gradientAverage;
    private readonly T[] _momentumBuffer;
    private readonly T[] _direction;
    private readonly T[] _denominator;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">γ (PyTorch's default is 0.01).</param>
    /// <param name="alpha">The smoothing constant α ∈ [0, 1) (PyTorch's default 0.99).</param>
    /// <param name="epsilon">ε ≥ 0, added to √ṽ.</param>
    /// <param name="weightDecay">λ ≥ 0.</param>
    /// <param name="momentum">μ ∈ [0, 1).</param>
    /// <param name="centered">Normalise by an estimate of the gradient's variance instead of its second moment.</param>
    public RmsProp(int parameterCount, double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8,
        double weightDecay = 0.0, double momentum = 0.0, bool centered = false)
        : base(parameterCount, learningRate)
    {
        CheckRange(nameof(RmsProp<T>), nameof(alpha), alpha, 0.0, 1.0);
        CheckRange(nameof(RmsProp<T>), nameof(epsilon), epsilon, 0.0, double.MaxValue);
        CheckRange(nameof(RmsProp<T>), nameof(weightDecay), weightDecay, 0.0, double.MaxValue);
        CheckRange(nameof(RmsProp<T>), nameof(momentum), momentum, 0.0, 1.0);
        _alpha = T.CreateChecked(alpha);
        _oneMinusAlpha = T.CreateChecked(1.0 - alpha);
        _epsilon = T.CreateChecked(epsilon);
        _weightDecay = T.CreateChecked(weightDecay);
        _momentum = T.CreateChecked(momentum);
        _centered = centered;
        _squareAverage = NewState();
        _gradientAverage = centered ? NewState() : [];
        _momentumBuffer = momentum > 0.0 ? NewState() : [];
        _direction = NewState();
        _denominator = NewState();
        Alpha = alpha;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Momentum = momentum;
    }

    /// <summary>α, as passed to the constructor.</summary>
    public double Alpha { get; }

    /// <summary>ε, as passed to the constructor.</summary>
    public double Epsilon { get; }

    /// <summary>λ, as passed to the constructor.</summary>
    public double WeightDecay { get; }

    /// <summary>μ, as passed to the constructor.</summary>
    public double Momentum { get; }

    /// <summary>Whether the update is centred.</summary>
    public bool Centered => _centered;

    /// <summary>The square average v (live), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] SquareAverageState => _squareAverage;

    /// <summary>The gradient average ḡ (live; empty unless centred), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] GradientAverageState => _gradientAverage;

    /// <summary>The momentum buffer b (live; empty when μ = 0), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] MomentumBufferState => _momentumBuffer;

    /// <inheritdoc />
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        Span<T> g = _direction;
        Span<T> s = _denominator;
        Span<T> v = _squareAverage;
        if (_weightDecay != T.Zero) TensorPrimitives.MultiplyAdd(parameters, _weightDecay, gradient, g);
        else gradient.CopyTo(g);

        TensorPrimitives.Multiply(g, g, s);
        TensorPrimitives.Multiply(v, _alpha, v);
        TensorPrimitives.MultiplyAdd(s, _oneMinusAlpha, v, v);

        if (_centered)
        {
            Span<T> mean = _gradientAverage;
            TensorPrimitives.Multiply(mean, _alpha, mean);
            TensorPrimitives.MultiplyAdd(g, _oneMinusAlpha, mean, mean);
            TensorPrimitives.Multiply(mean, mean, s);
            TensorPrimitives.Subtract(v, s, s);
            TensorPrimitives.Sqrt(s, s);
        }
        else
        {
            TensorPrimitives.Sqrt(v, s);
        }
        TensorPrimitives.Add(s, _epsilon, s);
        TensorPrimitives.Divide(g, s, s); // s now holds g / (√ṽ + ε)

        if (_momentum != T.Zero)
        {
            Span<T> b = _momentumBuffer;
            TensorPrimitives.Multiply(b, _momentum, b);
            TensorPrimitives.Add(b, s, b);
            TensorPrimitives.MultiplyAdd(b, -LearningRate, parameters, parameters);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(s, -LearningRate, parameters, parameters);
        }
    }

    /// <inheritdoc />
    protected override void ClearState()
    {
        Array.Clear(_squareAverage);
        Array.Clear(_gradientAverage);
        Array.Clear(_momentumBuffer);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"RMSprop(lr={LearningRate}, alpha={_alpha}, eps={_epsilon}, weight_decay={_weightDecay}, momentum={_momentum}, centered={_centered})";
}
