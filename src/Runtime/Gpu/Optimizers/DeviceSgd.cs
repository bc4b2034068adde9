using System.Numerics;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// <see cref="Sgd{T}"/> on the device: SGD with optional momentum, dampening, weight decay and Nesterov momentum,
/// PyTorch's <c>torch.optim.SGD</c>, with the host class's arithmetic element by element.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeviceSgd<T> : DeviceOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _momentum;
    private readonly T _oneMinusDampening;
    private readonly T _weightDecay;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _buffer;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T, int, int> _update;
    private bool _bufferStarted;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters on <paramref name="accelerator"/>.</summary>
    /// <param name="accelerator">The accelerator that holds the state and runs the kernel.</param>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">γ.</param>
    /// <param name="momentum">μ ∈ [0, 1); 0 disables the momentum buffer.</param>
    /// <param name="dampening">τ ∈ [0, 1].</param>
    /// <param name="weightDecay">λ ≥ 0 (L2 penalty added to the gradient).</param>
    /// <param name="nesterov">Nesterov momentum; needs μ &gt; 0 and τ = 0 (as in PyTorch).</param>
    public DeviceSgd(Accelerator accelerator, int parameterCount, double learningRate, double momentum = 0.0, double dampening = 0.0,
        double weightDecay = 0.0, bool nesterov = false)
        : base(accelerator, parameterCount, learningRate)
    {
        HyperparameterChecks.Range(nameof(DeviceSgd<T>), nameof(momentum), momentum, 0.0, 1.0);
        HyperparameterChecks.Range(nameof(DeviceSgd<T>), nameof(dampening), dampening, 0.0, 1.0, maxInclusive: true);
        HyperparameterChecks.Range(nameof(DeviceSgd<T>), nameof(weightDecay), weightDecay, 0.0, double.MaxValue);
        if (nesterov && (momentum <= 0.0 || dampening != 0.0))
            throw new ArgumentException($"DeviceSgd: Nesterov momentum expects momentum > 0 and dampening = 0 but got momentum {momentum} and dampening {dampening}.", nameof(nesterov));
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentum = T.CreateChecked(momentum);
        _oneMinusDampening = T.CreateChecked(1.0 - dampening);
        _weightDecay = T.CreateChecked(weightDecay);
        _buffer = NewState(used: momentum > 0.0);
        _update = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T, int, int>(
            OptimizerKernels.Sgd<T>);
    }

    /// <summary>μ, as passed to the constructor.</summary>
    public double Momentum { get; }

    /// <summary>τ, as passed to the constructor.</summary>
    public double Dampening { get; }

    /// <summary>λ, as passed to the constructor.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    private protected override void Update(ArrayView<T> parameters, ArrayView<T> gradient)
    {
        bool usesBuffer = _momentum != T.Zero;
        int firstStep = usesBuffer && !_bufferStarted ? 1 : 0;
        _update(ParameterCount, parameters, gradient, _buffer.View, _weightDecay, _momentum, _oneMinusDampening, -LearningRate,
            firstStep, Nesterov ? 1 : 0);
        if (usesBuffer) _bufferStarted = true;
    }

    private protected override void ClearHostState() => _bufferStarted = false;

    private protected override void ReadState(Optimizer<T> source)
    {
        Sgd<T> host = CheckHyperparameters(source, nameof(source));
        Upload(_buffer, host.MomentumBufferState);
        _bufferStarted = host.MomentumBufferStarted;
    }

    private protected override void WriteState(Optimizer<T> target)
    {
        Sgd<T> host = CheckHyperparameters(target, nameof(target));
        Download(_buffer, host.MomentumBufferState);
        host.MomentumBufferStarted = _bufferStarted;
    }

    private Sgd<T> CheckHyperparameters(Optimizer<T> other, string parameterName)
    {
        Sgd<T> host = Expect<Sgd<T>>(other, parameterName);
        ExpectSame(nameof(Momentum), Momentum, host.Momentum, parameterName);
        ExpectSame(nameof(Dampening), Dampening, host.Dampening, parameterName);
        ExpectSame(nameof(WeightDecay), WeightDecay, host.WeightDecay, parameterName);
        ExpectSame(nameof(Nesterov), Nesterov, host.Nesterov, parameterName);
        return host;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"DeviceSGD(lr={LearningRate}, momentum={_momentum}, dampening={T.One - _oneMinusDampening}, weight_decay={_weightDecay}, nesterov={Nesterov})";
}
