using System.Numerics;
using System.Numerics.Tensors;
using DslNets.Kernels;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// The generated CPU batch path of one dense layer (BatchEmitter), written out over the runtime's CPU kernels:
/// what the device kernels must reproduce.
/// </summary>
internal static class CpuBatchPath<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Y = act(X·Wᵀ + b), or act(X·M + b) for a tied layer (M inputs×outputs).</summary>
    public static T[] Forward(T[] x, T[] weights, T[] bias, int batch, int inputs, int outputs, bool tied, Activation activation, T slope)
    {
        var y = new T[batch * outputs];
        if (!tied)
        {
            DenseKernels.Forward<T>(x, weights, bias, y, batch, inputs, outputs);
        }
        else
        {
            T beta = T.Zero;
            if (bias.Length != 0)
            {
                for (int i = 0; i < batch; i++) bias.CopyTo(y.AsSpan(i * outputs, outputs));
                beta = T.One;
            }
            Gemm.Multiply<T>(MatrixOp.None, MatrixOp.None, batch, outputs, inputs, T.One, x, weights, beta, y);
        }
        switch (activation)
        {
            case Activation.ReLU:
                TensorPrimitives.Max(y, T.Zero, y);
                break;
            case Activation.LeakyReLU:
                for (int i = 0; i < y.Length; i++)
                {
                    if (y[i] < T.Zero) y[i] = slope * y[i];
                }
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid<T>(y, y);
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh<T>(y, y);
                break;
        }
        return y;
    }

    /// <summary>Δ ← Δ ⊙ act′ through the activations A, in place.</summary>
    public static void ActivationGradient(T[] delta, T[] activations, Activation activation, T slope)
    {
        for (int i = 0; i < delta.Length; i++)
        {
            T a = activations[i];
            switch (activation)
            {
                case Activation.ReLU:
                    if (!(a > T.Zero)) delta[i] = T.Zero;
                    break;
                case Activation.LeakyReLU:
                    if (!(a > T.Zero)) delta[i] *= slope;
                    break;
                case Activation.Sigmoid:
                    delta[i] *= a * (T.One - a);
                    break;
                case Activation.Tanh:
                    delta[i] *= T.One - a * a;
                    break;
            }
        }
    }

    /// <summary>gW += Δᵀ·X, or gM += Xᵀ·Δ for a tied layer.</summary>
    public static void WeightGradient(T[] delta, T[] x, T[] gradient, int batch, int inputs, int outputs, bool tied)
    {
        if (!tied) DenseKernels.WeightGradient<T>(delta, x, gradient, batch, inputs, outputs);
        else Gemm.Multiply<T>(MatrixOp.Transpose, MatrixOp.None, inputs, outputs, batch, T.One, x, delta, T.One, gradient);
    }

    /// <summary>ΔX = Δ·W, or Δ·Mᵀ for a tied layer (overwritten).</summary>
    public static T[] InputGradient(T[] delta, T[] weights, int batch, int inputs, int outputs, bool tied)
    {
        var dx = new T[batch * inputs];
        if (!tied) DenseKernels.InputGradient<T>(delta, weights, dx, batch, inputs, outputs);
        else Gemm.Multiply<T>(MatrixOp.None, MatrixOp.Transpose, batch, inputs, outputs, T.One, delta, weights, T.Zero, dx);
        return dx;
    }
}
