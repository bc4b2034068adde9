using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Optimizers;

/// <summary>Gradient clipping on the flat gradient vector.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Rescales <paramref name="gradient"/> in place so that its Euclidean norm (over the whole flat vector, i.e. the
    /// global norm over all layers) is at most about <paramref name="maxNorm"/>, as PyTorch 1.13's
    /// <c>clip_grad_norm_</c> does: with ‖g‖ the norm, c = maxNorm / (‖g‖ + 10⁻⁶), and g ← c·g when c &lt; 1.
    /// Returns ‖g‖ before clipping. A non-finite norm leaves the gradient unchanged (the caller decides what to do).
    /// </summary>
    /// <param name="gradient">The gradient, rescaled in place.</param>
    /// <param name="maxNorm">The largest norm allowed (finite, positive).</param>
    /// <returns>The norm before clipping.</returns>
    public static T ClipByGlobalNorm<T>(Span<T> gradient, T maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(maxNorm) || maxNorm <= T.Zero)
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"ClipByGlobalNorm: expected a finite maxNorm > 0 but got {maxNorm}.");
        T norm = TensorPrimitives.Norm<T>(gradient);
        if (!T.IsFinite(norm)) return norm;
        T coefficient = maxNorm / (norm + T.CreateChecked(1e-6));
        if (coefficient < T.One) TensorPrimitives.Multiply(gradient, coefficient, gradient);
        return norm;
    }
}
