using System.Numerics;
using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// The element-wise and column-wise steps of a dense layer around its matrix products, on batch-major matrices
/// (one sample per row). Each reproduces the generated CPU batch path (BatchEmitter) formula for formula.
/// </summary>
internal static class DenseLayerKernels
{
    /// <summary>Y ← act(Y + b) in place, b broadcast to every row (HasBias = 0: act(Y)).</summary>
    public static void BiasActivation<T, TReal>(Index1D index, ArrayView<T> y, ArrayView<T> bias, ActivationArguments<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IDeviceReal<T>
    {
        T z = y[index];
        if (p.HasBias != 0) z += bias[index % p.Outputs];
        y[index] = Activate<T, TReal>(z, p);
    }

    /// <summary>Δ ← Δ ⊙ act′, with act′ written through the activation output A, as the CPU backward pass does.</summary>
    public static void ActivationDerivative<T>(Index1D index, ArrayView<T> delta, ArrayView<T> activations, ActivationArguments<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = activations[index];
        switch (p.Activation)
        {
            case (int)DslNets.Activation.ReLU:
                if (!(a > T.Zero)) delta[index] = T.Zero;
                break;
            case (int)DslNets.Activation.LeakyReLU:
                if (!(a > T.Zero)) delta[index] *= p.LeakySlope;
                break;
            case (int)DslNets.Activation.Sigmoid:
                delta[index] *= a * (T.One - a);
                break;
            case (int)DslNets.Activation.Tanh:
                delta[index] *= T.One - a * a;
                break;
        }
    }

    /// <summary>
    /// gb[j] (+)= Σ_i Δ[i, j], one thread per column adding the rows in order (coalesced across j): the CPU's
    /// row-by-row sum exactly, and the same on every run (no atomics).
    /// </summary>
    public static void BiasGradient<T>(Index1D column, ArrayView<T> delta, ArrayView<T> biasGradient, int batch, int outputs, int accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = accumulate != 0 ? biasGradient[column] : T.Zero;
        for (int i = 0; i < batch; i++) sum += delta[i * outputs + column];
        biasGradient[column] = sum;
    }

    private static T Activate<T, TReal>(T z, ActivationArguments<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IDeviceReal<T>
    {
        TReal real = default;
        switch (p.Activation)
        {
            case (int)DslNets.Activation.ReLU:
                return z > T.Zero || T.IsNaN(z) ? z : T.Zero; // TensorPrimitives.Max(z, 0): NaN stays NaN.
            case (int)DslNets.Activation.LeakyReLU:
                return z < T.Zero ? p.LeakySlope * z : z;
            case (int)DslNets.Activation.Sigmoid:
                return real.FromDouble(DeviceMath.Sigmoid(real.ToDouble(z)));
            case (int)DslNets.Activation.Tanh:
                return real.FromDouble(DeviceMath.Tanh(real.ToDouble(z)));
            default:
                return z;
        }
    }
}

/// <summary>The scalars of the activation kernels.</summary>
internal struct ActivationArguments<T>
    where T : unmanaged
{
    /// <summary>Columns of the batch matrix (the bias length).</summary>
    public int Outputs;

    /// <summary>1: add the bias before the activation.</summary>
    public int HasBias;

    /// <summary>The <see cref="DslNets.Activation"/>, as an integer.</summary>
    public int Activation;

    /// <summary>The LeakyReLU slope α (unused by the other activations).</summary>
    public T LeakySlope;
}
