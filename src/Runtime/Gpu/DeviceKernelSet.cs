using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// The kernels the generator writes for one network (its nested <c>DeviceKernels</c> class), as delegates to static
/// methods that ILGPU compiles. Every view is flat and row-major; one thread handles one sample.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Forward">(sample, parameters, constants, inputs, outputs): outputs[s] = f(inputs[s]).</param>
/// <param name="Loss">(sample, parameters, constants, inputs, targets, losses): losses[s] = ℓ_s.</param>
/// <param name="Gradient">
/// (row, parameters, constants, inputs, targets, rows, losses, inputGradients, first, scale, withInput): for sample
/// s = first + row writes scale·∇_θ ℓ_s to row <c>row</c> of rows (ParameterCount each), scale·ℓ_s to losses[row] and,
/// when withInput ≠ 0, scale·∇_x ℓ_s to row s of inputGradients.
/// </param>
/// <param name="Pattern">
/// (sample, parameters, constants, inputs, words, hashes): the activation pattern of inputs[s] as
/// <paramref name="PatternWords"/> 64-bit words and its <see cref="PatternHash"/>; null for networks that are not
/// piecewise linear.
/// </param>
/// <param name="PatternWords">Words in one pattern (0 when <paramref name="Pattern"/> is null).</param>
public sealed record DeviceKernelSet<T>(
    Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>> Forward,
    Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>> Loss,
    Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, T, int> Gradient,
    Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<ulong>, ArrayView<ulong>>? Pattern,
    int PatternWords)
    where T : unmanaged
{
    /// <summary>
    /// (parameters, inputs, targets, partials, partialLosses, batch, samplesPerGroup, scale), launched grouped: the fully
    /// fused forward, loss and gradient of a whole batch, one row of partial sums per group; null when the network is not
    /// fused (<see cref="NotFusedReason"/> says why).
    /// </summary>
    public Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, T>? FusedGradient { get; init; }

    /// <summary>
    /// (row, outputs, targets, outputGradients, losses, scale): for row r of a batch of outputs, scale·∂ℓ/∂y into row r of
    /// outputGradients and scale·ℓ into losses[r] — the loss step of the layer-wise (matrix-product) path.
    /// </summary>
    public Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T>? LossGradient { get; init; }

    /// <summary>The most threads per group the fused kernel's shared buffers are sized for.</summary>
    public int FusedGroupSize { get; init; }

    /// <summary>Bytes of shared memory the fused kernel uses per group.</summary>
    public int FusedSharedBytes { get; init; }

    /// <summary>Why the network has no fused kernel (empty when it has one).</summary>
    public string NotFusedReason { get; init; } = "";

    /// <summary>
    /// Bytes of local (per-thread) memory the per-sample kernels take: one sample's activations and their gradients. CUDA
    /// gives a thread at most <see cref="DeviceLocalMemory.CudaLimitBytes"/>; 0 when not stated.
    /// </summary>
    public long LocalBytesPerThread { get; init; }
}
