using System.Numerics;
using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// The element-wise update kernels of the device optimisers. Each one performs, for one element, the operations of
/// the host optimiser's <c>Update</c> in the same order, rounding to the element type after each one as the
/// host's <c>TensorPrimitives</c> calls do (<c>MultiplyAdd(x, y, z)</c> is x·y + z, unfused), so on the CPU
/// accelerator the results are bit-identical. Scalars the host derives per step (−γ, bias corrections) come in as
/// arguments; a flag is an int (0 or 1).
/// </summary>
internal static class OptimizerKernels
{
    /// <summary><see cref="DslNets.Optimizers.Sgd{T}"/>: d = g (+ λθ); b = d or μb + (1 − τ)d; d = b or d + μb; θ += −γd.</summary>
    internal static void Sgd<T>(Index1D i, ArrayView<T> parameters, ArrayView<T> gradient, ArrayView<T> buffer,
        T weightDecay, T momentum, T oneMinusDampening, T minusRate, int firstStep, int nesterov)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T d = weightDecay != T.Zero ? parameters[i] * weightDecay + gradient[i] : gradient[i];
        if (momentum != T.Zero)
        {
            T b;
            if (firstStep != 0)
            {
                b = d;
            }
            else
            {
                b = buffer[i] * momentum;
                b = d * oneMinusDampening + b;
            }
            buffer[i] = b;
            d = nesterov != 0 ? b * momentum + d : b;
        }
        parameters[i] = d * minusRate + parameters[i];
    }

    /// <summary><see cref="DslNets.Optimizers.NesterovAcceleratedGradient{T}"/>: v = μv − αg; θ = θ + μv − αg.</summary>
    internal static void Nesterov<T>(Index1D i, ArrayView<T> parameters, ArrayView<T> gradient, ArrayView<T> velocity,
        T momentum, T minusRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T g = gradient[i];
        T v = velocity[i] * momentum;
        v = g * minusRate + v;
        velocity[i] = v;
        T p = v * momentum + parameters[i];
        parameters[i] = g * minusRate + p;
    }

    /// <summary><see cref="DslNets.Optimizers.RmsProp{T}"/>: v = αv + (1 − α)g²; s = g / (√ṽ + ε); b = μb + s; θ += −γ(b or s).</summary>
    internal static void RmsProp<T>(Index1D i, ArrayView<T> parameters, ArrayView<T> gradient, ArrayView<T> squareAverage,
        ArrayView<T> gradientAverage, ArrayView<T> momentumBuffer,
        T weightDecay, T alpha, T oneMinusAlpha, T epsilon, T momentum, T minusRate, int centered)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T g = weightDecay != T.Zero ? parameters[i] * weightDecay + gradient[i] : gradient[i];
        T s = g * g;
        T v = squareAverage[i] * alpha;
        v = s * oneMinusAlpha + v;
        squareAverage[i] = v;
        if (centered != 0)
        {
            T mean = gradientAverage[i] * alpha;
            mean = g * oneMinusAlpha + mean;
            gradientAverage[i] = mean;
            s = mean * mean;
            s = v - s;
            s = T.Sqrt(s);
        }
        else
        {
            s = T.Sqrt(v);
        }
        s = s + epsilon;
        s = g / s;
        if (momentum != T.Zero)
        {
            T b = momentumBuffer[i] * momentum;
            b = b + s;
            momentumBuffer[i] = b;
            parameters[i] = b * minusRate + parameters[i];
        }
        else
        {
            parameters[i] = s * minusRate + parameters[i];
        }
    }

    /// <summary><see cref="DslNets.Optimizers.Adam{T}"/>: m, v as usual; s = m / (√v / √(1 − β₂ᵗ) + ε); θ += −(γ / (1 − β₁ᵗ))s.</summary>
    internal static void Adam<T>(Index1D i, ArrayView<T> parameters, ArrayView<T> gradient, ArrayView<T> first, ArrayView<T> second,
        T weightDecay, T beta1, T oneMinusBeta1, T beta2, T oneMinusBeta2, T epsilon, T rootCorrection2, T minusStepSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T g = weightDecay != T.Zero ? parameters[i] * weightDecay + gradient[i] : gradient[i];
        T m = first[i] * beta1;
        m = g * oneMinusBeta1 + m;
        first[i] = m;
        T s = g * g;
        T v = second[i] * beta2;
        v = s * oneMinusBeta2 + v;
        second[i] = v;
        s = T.Sqrt(v);
        s = s / rootCorrection2;
        s = s + epsilon;
        s = m / s;
        parameters[i] = s * minusStepSize + parameters[i];
    }

    /// <summary><see cref="DslNets.Optimizers.DeMukherjeeUllahRmsProp{T}"/>: v = β₂v + (1 − β₂)(g² + ξ); θ += −α g / √v.</summary>
    internal static void DeMukherjeeUllahRmsProp<T>(Index1D i, ArrayView<T> parameters, ArrayView<T> gradient, ArrayView<T> second,
        T beta2, T oneMinusBeta2, T xi, T minusRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T g = gradient[i];
        T s = g * g;
        s = s + xi;
        T v = second[i] * beta2;
        v = s * oneMinusBeta2 + v;
        second[i] = v;
        s = T.Sqrt(v);
        s = g / s;
        parameters[i] = s * minusRate + parameters[i];
    }

    /// <summary><see cref="DslNets.Optimizers.DeMukherjeeUllahAdam{T}"/>: m, v without bias correction; θ += −α m / (√v + ξ).</summary>
    internal static void DeMukherjeeUllahAdam<T>(Index1D i, ArrayView<T> parameters, ArrayView<T> gradient, ArrayView<T> first, ArrayView<T> second,
        T beta1, T oneMinusBeta1, T beta2, T oneMinusBeta2, T xi, T minusRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T g = gradient[i];
        T m = first[i] * beta1;
        m = g * oneMinusBeta1 + m;
        first[i] = m;
        T s = g * g;
        T v = second[i] * beta2;
        v = s * oneMinusBeta2 + v;
        second[i] = v;
        s = T.Sqrt(v);
        s = s + xi;
        s = m / s;
        parameters[i] = s * minusRate + parameters[i];
    }
}
