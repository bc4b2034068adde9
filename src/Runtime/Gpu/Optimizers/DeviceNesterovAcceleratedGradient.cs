using System.Numerics;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// <see cref="NesterovAcceleratedGradient{T}"/> on the device: Sutskever's momentum form of Nesterov's accelerated
/// gradient with the parameters held at the look-ahead point, v ← μv − αg, θ ← θ + μv − αg, with the host class's
/// arithmetic element by element.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeviceNesterovAcceleratedGradient<T> : DeviceOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _velocity;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T> _update;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters with zero initial velocity.</summary>
    /// <param name="accelerator">The accelerator that holds the state and runs the kernel.</param>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="momentum">μ ∈ [0, 1).</param>
    public DeviceNesterovAcceleratedGradient(Accelerator accelerator, int parameterCount, double learningRate, double momentum)
        : base(accelerator, parameterCount, learningRate)
    {
        HyperparameterChecks.Range(nameof(DeviceNesterovAcceleratedGradient<T>), nameof(momentum), momentum, 0.0, 1.0);
        Momentum = T.CreateChecked(momentum);
        _velocity = NewState();
        _update = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T>(OptimizerKernels.Nesterov<T>);
    }

    /// <summary>The momentum μ.</summary>
    public T Momentum { get; }

    /// <summary>The velocity v (in parameter units) on the device; read it with a copy after the queued steps finish.</summary>
    public ArrayView<T> Velocity => _velocity.View;

    private protected override void Update(ArrayView<T> parameters, ArrayView<T> gradient) =>
        _update(ParameterCount, parameters, gradient, _velocity.View, Momentum, -LearningRate);

    private protected override void ReadState(Optimizer<T> source) =>
        Upload(_velocity, CheckHyperparameters(source, nameof(source)).VelocityState);

    private protected override void WriteState(Optimizer<T> target) =>
        Download(_velocity, CheckHyperparameters(target, nameof(target)).VelocityState);

    private NesterovAcceleratedGradient<T> CheckHyperparameters(Optimizer<T> other, string parameterName)
    {
        NesterovAcceleratedGradient<T> host = Expect<NesterovAcceleratedGradient<T>>(other, parameterName);
        ExpectSame(nameof(Momentum), Momentum, host.Momentum, parameterName);
        return host;
    }

    /// <inheritdoc />
    public override string ToString() => $"DeviceNAG(lr={LearningRate}, momentum={Momentum})";
}
