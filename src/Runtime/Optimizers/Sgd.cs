using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, weight decay and Nesterov momentum, exactly as
/// PyTorch 1.13 documents <c>torch.optim.SGD</c> (the form users know; the reference trajectories in the tests come
/// from it). With g the gradient, λ the weight decay, μ the momentum, τ the dampening and γ the learning rate:
/// <code>
/// g ← g + λθ                                  (if λ ≠ 0)
/// b ← g on the first step, else b ← μb + (1 − τ)g  (if μ ≠ 0)
/// g ← g + μb if nesterov, else g ← b           (if μ ≠ 0)
/// θ ← θ − γg
/// </code>
/// With nesterov = true this is the reformulation of Nesterov's accelerated gradient in which the stored parameters
/// are the look-ahead point; <see cref="NesterovAcceleratedGradient{T}"/> is the same update with Sutskever's
/// velocity in parameter units (it differs only when the learning rate changes between steps).
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _momentum;
    private readonly T _oneMinusDampening;
    private readonly T _weightDecay;
    private readonly bool _nesterov;
    private readonly T[] _buffer;
    private readonly T[] _direction;
    private bool _bufferStarted;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">γ.</param>
    /// <param name="momentum">μ ∈ [0, 1); 0 disables the momentum buffer.</param>
    /// <param name="dampening">τ ∈ [0, 1].</param>
    /// <param name="weightDecay">λ ≥ 0 (L2 penalty added to the gradient).</param>
    /// <param name="nesterov">Nesterov momentum; needs μ &gt; 0 and τ = 0 (as in PyTorch).</param>
    public Sgd(int parameterCount, double learningRate, double momentum = 0.0, double dampening = 0.0, double weightDecay = 0.0, bool nesterov = false)
        : base(parameterCount, learningRate)
    {
        CheckRange(nameof(Sgd<T>), nameof(momentum), momentum, 0.0, 1.0);
        CheckRange(nameof(Sgd<T>), nameof(dampening), dampening, 0.0, 1.0, maxInclusive: true);
        CheckRange(nameof(Sgd<T>), nameof(weightDecay), weightDecay, 0.0, double.MaxValue);
        if (nesterov && (momentum <= 0.0 || dampening != 0.0))
            throw new ArgumentException($"Sgd: Nesterov momentum expects momentum > 0 and dampening = 0 but got momentum {momentum} and dampening {dampening}.", nameof(nesterov));
        _momentum = T.CreateChecked(momentum);
        _oneMinusDampening = T.CreateChecked(1.0 - dampening);
        _weightDecay = T.CreateChecked(weightDecay);
        _nesterov = nesterov;
        _buffer = momentum > 0.0 ? NewState() : [];
        _direction = NewState();
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
    }

    /// <summary>μ, as passed to the constructor.</summary>
    public double Momentum { get; }

    /// <summary>τ, as passed to the constructor.</summary>
    public double Dampening { get; }

    /// <summary>λ, as passed to the constructor.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov => _nesterov;

    /// <summary>The momentum buffer b (live; empty when μ = 0), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] MomentumBufferState => _buffer;

    /// <summary>Whether b holds a value (false before the first step), for the device hand-over (DslNets.Gpu).</summary>
    internal bool MomentumBufferStarted
    {
        get => _bufferStarted;
        set => _bufferStarted = value;
    }

    /// <inheritdoc />
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        Span<T> d = _direction;
        if (_weightDecay != T.Zero) TensorPrimitives.MultiplyAdd(parameters, _weightDecay, gradient, d);
        else gradient.CopyTo(d);

        if (_momentum != T.Zero)
        {
            Span<T> b = _buffer;
            if (!_bufferStarted)
            {
                d.CopyTo(b);
                _bufferStarted = true;
            }
            else
            {
                TensorPrimitives.Multiply(b, _momentum, b);
                TensorPrimitives.MultiplyAdd(d, _oneMinusDampening, b, b);
            }
            if (_nesterov) TensorPrimitives.MultiplyAdd(b, _momentum, d, d);
            else b.CopyTo(d);
        }
        TensorPrimitives.MultiplyAdd(d, -LearningRate, parameters, parameters);
    }

    /// <inheritdoc />
    protected override void ClearState()
    {
        Array.Clear(_buffer);
        _bufferStarted = false;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"SGD(lr={LearningRate}, momentum={_momentum}, dampening={T.One - _oneMinusDampening}, weight_decay={_weightDecay}, nesterov={_nesterov})";
}
