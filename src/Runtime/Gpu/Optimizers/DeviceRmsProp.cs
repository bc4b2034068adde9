using System.Numerics;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// <see cref="RmsProp{T}"/> on the device: PyTorch's <c>torch.optim.RMSprop</c> (ε outside the square root, optional
/// weight decay, momentum and centring), with the host class's arithmetic element by element.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeviceRmsProp<T> : DeviceOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _alpha;
    private readonly T _oneMinusAlpha;
    private readonly T _epsilon;
    private readonly T _weightDecay;
    private readonly T _momentum;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _squareAverage;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _gradientAverage;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _momentumBuffer;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T, T, T, int> _update;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters on <paramref name="accelerator"/>.</summary>
    /// <param name="accelerator">The accelerator that holds the state and runs the kernel.</param>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">γ (PyTorch's default is 0.01).</param>
    /// <param name="alpha">The smoothing constant α ∈ [0, 1) (PyTorch's default 0.99).</param>
    /// <param name="epsilon">ε ≥ 0, added to √ṽ.</param>
    /// <param name="weightDecay">λ ≥ 0.</param>
    /// <param name="momentum">μ ∈ [0, 1).</param>
    /// <param name="centered">Normalise by an estimate of the gradient's variance instead of its second moment.</param>
    public DeviceRmsProp(Accelerator accelerator, int parameterCount, double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8,
        double weightDecay = 0.0, double momentum = 0.0, bool centered = false)
        : base(accelerator, parameterCount, learningRate)
    {
        HyperparameterChecks.Range(nameof(DeviceRmsProp<T>), nameof(alpha), alpha, 0.0, 1.0);
        HyperparameterChecks.Range(nameof(DeviceRmsProp<T>), nameof(epsilon), epsilon, 0.0, double.MaxValue);
        HyperparameterChecks.Range(nameof(DeviceRmsProp<T>), nameof(weightDecay), weightDecay, 0.0, double.MaxValue);
        HyperparameterChecks.Range(nameof(DeviceRmsProp<T>), nameof(momentum), momentum, 0.0, 1.0);
        Alpha = alpha;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Momentum = momentum;
        Centered = centered;
        _alpha = T.CreateChecked(alpha);
        _oneMinusAlpha = T.CreateChecked(1.0 - alpha);
        _epsilon = T.CreateChecked(epsilon);
        _weightDecay = T.CreateChecked(weightDecay);
        _momentum = T.CreateChecked(momentum);
        _squareAverage = NewState();
        _gradientAverage = NewState(used: centered);
        _momentumBuffer = NewState(used: momentum > 0.0);
        _update = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T, T, T, int>(
            OptimizerKernels.RmsProp<T>);
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
    public bool Centered { get; }

    private protected override void Update(ArrayView<T> parameters, ArrayView<T> gradient) =>
        _update(ParameterCount, parameters, gradient, _squareAverage.View, _gradientAverage.View, _momentumBuffer.View,
            _weightDecay, _alpha, _oneMinusAlpha, _epsilon, _momentum, -LearningRate, Centered ? 1 : 0);

    private protected override void ReadState(Optimizer<T> source)
    {
        RmsProp<T> host = CheckHyperparameters(source, nameof(source));
        Upload(_squareAverage, host.SquareAverageState);
        Upload(_gradientAverage, host.GradientAverageState);
        Upload(_momentumBuffer, host.MomentumBufferState);
    }

    private protected override void WriteState(Optimizer<T> target)
    {
        RmsProp<T> host = CheckHyperparameters(target, nameof(target));
        Download(_squareAverage, host.SquareAverageState);
        Download(_gradientAverage, host.GradientAverageState);
        Download(_momentumBuffer, host.MomentumBufferState);
    }

    private RmsProp<T> CheckHyperparameters(Optimizer<T> other, string parameterName)
    {
        RmsProp<T> host = Expect<RmsProp<T>>(other, parameterName);
        ExpectSame(nameof(Alpha), Alpha, host.Alpha, parameterName);
        ExpectSame(nameof(Epsilon), Epsilon, host.Epsilon, parameterName);
        ExpectSame(nameof(WeightDecay), WeightDecay, host.WeightDecay, parameterName);
        ExpectSame(nameof(Momentum), Momentum, host.Momentum, parameterName);
        ExpectSame(nameof(Centered), Centered, host.Centered, parameterName);
        return host;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"DeviceRMSprop(lr={LearningRate}, alpha={_alpha}, eps={_epsilon}, weight_decay={_weightDecay}, momentum={_momentum}, centered={Centered})";
}
