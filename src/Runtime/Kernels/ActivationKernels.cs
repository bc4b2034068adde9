using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DslNets.Kernels;

/// <summary>Activation derivatives over whole blocks of a batch, in SIMD (the generated batched paths call them).</summary>
public static class ActivationKernels
{
    /// <summary>
    /// The ReLU's backward step in place: Δ[i] ← Δ[i] where activations[i] &gt; 0, else 0 (a NaN activation counts as
    /// off, as in the generated scalar code).
    /// </summary>
    /// <param name="activations">The layer's outputs after the ReLU.</param>
    /// <param name="delta">∂loss/∂output on entry, ∂loss/∂pre-activation on return; as long as <paramref name="activations"/>.</param>
    public static void ReluBackward<T>(ReadOnlySpan<T> activations, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (activations.Length != delta.Length)
            throw new ArgumentException($"Expected a delta of {activations.Length} numbers but got {delta.Length}.", nameof(delta));
        ref T a = ref MemoryMarshal.GetReference(activations);
        ref T d = ref MemoryMarshal.GetReference(delta);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i <= delta.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> on = Vector256.GreaterThan(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256<T>.Zero);
                (Vector256.LoadUnsafe(ref d, (nuint)i) & on).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < delta.Length; i++)
        {
            if (!(Unsafe.Add(ref a, i) > T.Zero)) Unsafe.Add(ref d, i) = T.Zero;
        }
    }
}
