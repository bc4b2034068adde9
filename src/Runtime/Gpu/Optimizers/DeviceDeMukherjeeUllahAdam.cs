using System.Numerics;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// <see cref="DeMukherjeeUllahAdam{T}"/> on the device: ADAM in the form of De, Mukherjee and Ullah
/// (arXiv 1807.06766, Algorithm 2; no bias correction, ξ added to √v), with the host class's arithmetic element by
/// element.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeviceDeMukherjeeUllahAdam<T> : DeviceOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _beta1;
    private readonly T _oneMinusBeta1;
    private readonly T _beta2;
    private readonly T _oneMinusBeta2;
    private readonly T _xi;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _first;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _second;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T, T, T> _update;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters on <paramref name="accelerator"/>.</summary>
    /// <param name="accelerator">The accelerator that holds the state and runs the kernel.</param>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="beta1">β₁ ∈ [0, 1).</param>
    /// <param name="beta2">β₂ ∈ [0, 1).</param>
    /// <param name="xi">ξ &gt; 0.</param>
    public DeviceDeMukherjeeUllahAdam(Accelerator accelerator, int parameterCount, double learningRate, double beta1, double beta2, double xi)
        : base(accelerator, parameterCount, learningRate)
    {
        HyperparameterChecks.Range(nameof(DeviceDeMukherjeeUllahAdam<T>), nameof(beta1), beta1, 0.0, 1.0);
        HyperparameterChecks.Range(nameof(DeviceDeMukherjeeUllahAdam<T>), nameof(beta2), beta2, 0.0, 1.0);
        if (!(xi > 0.0) || !double.IsFinite(xi))
            throw new ArgumentOutOfRangeException(nameof(xi), xi, $"DeviceDeMukherjeeUllahAdam: expected a finite ξ > 0 but got {xi}.");
        Beta1 = beta1;
        Beta2 = beta2;
        Xi = xi;
        _beta1 = T.CreateChecked(beta1);
        _oneMinusBeta1 = T.CreateChecked(1.0 - beta1);
        _beta2 = T.CreateChecked(beta2);
        _oneMinusBeta2 = T.CreateChecked(1.0 - beta2);
        _xi = T.CreateChecked(xi);
        _first = NewState();
        _second = NewState();
        _update = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T, T, T, T, T, T>(
            OptimizerKernels.DeMukherjeeUllahAdam<T>);
    }

    /// <summary>β₁, as passed to the constructor.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, as passed to the constructor.</summary>
    public double Beta2 { get; }

    /// <summary>ξ, as passed to the constructor.</summary>
    public double Xi { get; }

    private protected override void Update(ArrayView<T> parameters, ArrayView<T> gradient) =>
        _update(ParameterCount, parameters, gradient, _first.View, _second.View,
            _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _xi, -LearningRate);

    private protected override void ReadState(Optimizer<T> source)
    {
        DeMukherjeeUllahAdam<T> host = CheckHyperparameters(source, nameof(source));
        Upload(_first, host.FirstMomentState);
        Upload(_second, host.SecondMomentState);
    }

    private protected override void WriteState(Optimizer<T> target)
    {
        DeMukherjeeUllahAdam<T> host = CheckHyperparameters(target, nameof(target));
        Download(_first, host.FirstMomentState);
        Download(_second, host.SecondMomentState);
    }

    private DeMukherjeeUllahAdam<T> CheckHyperparameters(Optimizer<T> other, string parameterName)
    {
        DeMukherjeeUllahAdam<T> host = Expect<DeMukherjeeUllahAdam<T>>(other, parameterName);
        ExpectSame(nameof(Beta1), Beta1, host.Beta1, parameterName);
        ExpectSame(nameof(Beta2), Beta2, host.Beta2, parameterName);
        ExpectSame(nameof(Xi), Xi, host.Xi, parameterName);
        return host;
    }

    /// <inheritdoc />
    public override string ToString() => $"DeviceADAM[De-Mukherjee-Ullah](α={LearningRate}, β₁={_beta1}, β₂={_beta2}, ξ={_xi})";
}
