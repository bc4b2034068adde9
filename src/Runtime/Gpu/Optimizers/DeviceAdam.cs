using System.Numerics;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// <see cref="Adam{T}"/> on the device: PyTorch's <c>torch.optim.Adam</c> (bias correction, ε outside the square
/// root, optional L2 weight decay), with the host class's arithmetic element by element. The bias corrections are
/// computed on the host in double each step, as the host class does, and passed to the kernel.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeviceAdam<T> : DeviceOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _b1;
    private readonly T _oneMinusB1;
    private readonly T _b2;
    private readonly T _oneMinusB2;
    private readonly T _epsilon;
    private readonly T _weightDecay;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _first;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _second;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T, T, T, T, T> _update;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters on <paramref name="accelerator"/>.</summary>
    /// <param name="accelerator">The accelerator that holds the state and runs the kernel.</param>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">γ (PyTorch's default 0.001).</param>
    /// <param name="beta1">β₁ ∈ [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ ∈ [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε ≥ 0 (default 1e-8).</param>
    /// <param name="weightDecay">λ ≥ 0.</param>
    public DeviceAdam(Accelerator accelerator, int parameterCount, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0.0)
        : base(accelerator, parameterCount, learningRate)
    {
        Beta1 = HyperparameterChecks.Range(nameof(DeviceAdam<T>), nameof(beta1), beta1, 0.0, 1.0);
        Beta2 = HyperparameterChecks.Range(nameof(DeviceAdam<T>), nameof(beta2), beta2, 0.0, 1.0);
        Epsilon = HyperparameterChecks.Range(nameof(DeviceAdam<T>), nameof(epsilon), epsilon, 0.0, double.MaxValue);
        WeightDecay = HyperparameterChecks.Range(nameof(DeviceAdam<T>), nameof(weightDecay), weightDecay, 0.0, double.MaxValue);
        _b1 = T.CreateChecked(beta1);
        _oneMinusB1 = T.CreateChecked(1.0 - beta1);
        _b2 = T.CreateChecked(beta2);
        _oneMinusB2 = T.CreateChecked(1.0 - beta2);
        _epsilon = T.CreateChecked(epsilon);
        _weightDecay = T.CreateChecked(weightDecay);
        _first = NewState();
        _second = NewState();
        _update = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T, T, T, T, T>(
            OptimizerKernels.Adam<T>);
    }

    /// <summary>β₁, as passed to the constructor.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, as passed to the constructor.</summary>
    public double Beta2 { get; }

    /// <summary>ε, as passed to the constructor.</summary>
    public double Epsilon { get; }

    /// <summary>λ, as passed to the constructor.</summary>
    public double WeightDecay { get; }

    private protected override void Update(ArrayView<T> parameters, ArrayView<T> gradient)
    {
        // The bias corrections exactly as Adam<T>.Update computes them (in double, as PyTorch's Python floats).
        double t = StepCount;
        double correction1 = 1.0 - Math.Pow(Beta1, t);
        double correction2 = 1.0 - Math.Pow(Beta2, t);
        T stepSize = LearningRate / T.CreateChecked(correction1);
        T rootCorrection2 = T.CreateChecked(Math.Sqrt(correction2));
        _update(ParameterCount, parameters, gradient, _first.View, _second.View,
            _weightDecay, _b1, _oneMinusB1, _b2, _oneMinusB2, _epsilon, rootCorrection2, -stepSize);
    }

    private protected override void ReadState(Optimizer<T> source)
    {
        Adam<T> host = CheckHyperparameters(source, nameof(source));
        Upload(_first, host.FirstMomentState);
        Upload(_second, host.SecondMomentState);
    }

    private protected override void WriteState(Optimizer<T> target)
    {
        Adam<T> host = CheckHyperparameters(target, nameof(target));
        Download(_first, host.FirstMomentState);
        Download(_second, host.SecondMomentState);
    }

    private Adam<T> CheckHyperparameters(Optimizer<T> other, string parameterName)
    {
        Adam<T> host = Expect<Adam<T>>(other, parameterName);
        ExpectSame(nameof(Beta1), Beta1, host.Beta1, parameterName);
        ExpectSame(nameof(Beta2), Beta2, host.Beta2, parameterName);
        ExpectSame(nameof(Epsilon), Epsilon, host.Epsilon, parameterName);
        ExpectSame(nameof(WeightDecay), WeightDecay, host.WeightDecay, parameterName);
        return host;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"DeviceAdam(lr={LearningRate}, betas=({_b1}, {_b2}), eps={_epsilon}, weight_decay={_weightDecay})";
}
