using System.Numerics;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// <see cref="DeMukherjeeUllahRmsProp{T}"/> on the device: RMSProp in the form of De, Mukherjee and Ullah
/// (arXiv 1807.06766, Algorithm 1), v ← β₂v + (1 − β₂)(g² + ξ), θ ← θ − α g / √v, with the host class's arithmetic
/// element by element.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeviceDeMukherjeeUllahRmsProp<T> : DeviceOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _beta2;
    private readonly T _oneMinusBeta2;
    private readonly T _xi;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _second;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T> _update;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters on <paramref name="accelerator"/>.</summary>
    /// <param name="accelerator">The accelerator that holds the state and runs the kernel.</param>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="beta2">β₂ ∈ [0, 1).</param>
    /// <param name="xi">ξ &gt; 0.</param>
    public DeviceDeMukherjeeUllahRmsProp(Accelerator accelerator, int parameterCount, double learningRate, double beta2, double xi)
        : base(accelerator, parameterCount, learningRate)
    {
        HyperparameterChecks.Range(nameof(DeviceDeMukherjeeUllahRmsProp<T>), nameof(beta2), beta2, 0.0, 1.0);
        if (!(xi > 0.0) || !double.IsFinite(xi))
            throw new ArgumentOutOfRangeException(nameof(xi), xi, $"DeviceDeMukherjeeUllahRmsProp: expected a finite ξ > 0 but got {xi}.");
        Beta2 = beta2;
        Xi = xi;
        _beta2 = T.CreateChecked(beta2);
        _oneMinusBeta2 = T.CreateChecked(1.0 - beta2);
        _xi = T.CreateChecked(xi);
        _second = NewState();
        _update = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T>(
            OptimizerKernels.DeMukherjeeUllahRmsProp<T>);
    }

    /// <summary>β₂, as passed to the constructor.</summary>
    public double Beta2 { get; }

    /// <summary>ξ, as passed to the constructor.</summary>
    public double Xi { get; }

    private protected override void Update(ArrayView<T> parameters, ArrayView<T> gradient) =>
        _update(ParameterCount, parameters, gradient, _second.View, _beta2, _oneMinusBeta2, _xi, -LearningRate);

    private protected override void ReadState(Optimizer<T> source) =>
        Upload(_second, CheckHyperparameters(source, nameof(source)).SecondMomentState);

    private protected override void WriteState(Optimizer<T> target) =>
        Download(_second, CheckHyperparameters(target, nameof(target)).SecondMomentState);

    private DeMukherjeeUllahRmsProp<T> CheckHyperparameters(Optimizer<T> other, string parameterName)
    {
        DeMukherjeeUllahRmsProp<T> host = Expect<DeMukherjeeUllahRmsProp<T>>(other, parameterName);
        ExpectSame(nameof(Beta2), Beta2, host.Beta2, parameterName);
        ExpectSame(nameof(Xi), Xi, host.Xi, parameterName);
        return host;
    }

    /// <inheritdoc />
    public override string ToString() => $"DeviceRMSProp[De-Mukherjee-Ullah](α={LearningRate}, β₂={_beta2}, ξ={_xi})";
}
