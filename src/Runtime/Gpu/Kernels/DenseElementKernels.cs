using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>The <see cref="DenseLayerKernels"/> of one element type, compiled for one accelerator.</summary>
internal sealed class DenseElementKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private DenseElementKernels(
        Action<Index1D, ArrayView<T>, ArrayView<T>, ActivationArguments<T>> biasActivation,
        Action<Index1D, ArrayView<T>, ArrayView<T>, ActivationArguments<T>> derivative,
        Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int> biasGradient)
    {
        BiasActivation = biasActivation;
        Derivative = derivative;
        BiasGradient = biasGradient;
    }

    /// <summary>Y ← act(Y + b), one thread per element.</summary>
    public Action<Index1D, ArrayView<T>, ArrayView<T>, ActivationArguments<T>> BiasActivation { get; }

    /// <summary>Δ ← Δ ⊙ act′ through A, one thread per element.</summary>
    public Action<Index1D, ArrayView<T>, ArrayView<T>, ActivationArguments<T>> Derivative { get; }

    /// <summary>gb (+)= column sums of Δ, one thread per column.</summary>
    public Action<Index1D, ArrayView<T>, ArrayView<T>, int, int, int> BiasGradient { get; }

    /// <summary>Compiles the kernels; <typeparamref name="TReal"/> is how they reach <see cref="DeviceMath"/> from T.</summary>
    public static DenseElementKernels<T> Load<TReal>(Accelerator accelerator)
        where TReal : struct, IDeviceReal<T> =>
        new(
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ActivationArguments<T>>(DenseLayerKernels.BiasActivation<T, TReal>),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ActivationArguments<T>>(DenseLayerKernels.ActivationDerivative<T>),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, int, int, int>(DenseLayerKernels.BiasGradient<T>));
}
