using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// Gradient clipping by global norm on the device, with the semantics of
/// <see cref="DslNets.Optimizers.GradientClipping.ClipByGlobalNorm{T}"/> (PyTorch 1.13's <c>clip_grad_norm_</c>):
/// with ‖g‖ the Euclidean norm of the whole flat vector, c = maxNorm / (‖g‖ + 10⁻⁶) and g ← c·g when c &lt; 1; a
/// non-finite norm leaves g unchanged. The norm is reduced on the device deterministically (a fixed summation order,
/// no atomics) and stays there (<see cref="Norm"/>); the scale is applied on the device. Buffers and kernels are
/// made once here, so <see cref="ClipByGlobalNorm"/> only enqueues three kernels on the default stream.
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeviceGradientClipping<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The most groups pass 1 launches; more elements make each thread's strided run longer.</summary>
    private const int MaxGroups = 1024;

    private readonly int _groupSize;
    private readonly T _offset = T.CreateChecked(1e-6);
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _partials;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _norm;
    private readonly Action<KernelConfig, ArrayView<T>, ArrayView<T>> _partialSums;
    private readonly Action<KernelConfig, ArrayView<T>, int, ArrayView<T>> _rootOfSum;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, T, T> _scale;
    private bool _disposed;

    /// <summary>Allocates the reduction buffers and loads the kernels on <paramref name="accelerator"/>.</summary>
    /// <param name="accelerator">The accelerator the gradients live on.</param>
    public DeviceGradientClipping(Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        Accelerator = accelerator;
        // The tree reduction halves the group, so its size is a power of two.
        _groupSize = 1 << (int)Math.Log2(Math.Min(accelerator.MaxNumThreadsPerGroup, GlobalNormKernels.MaxGroupSize));
        _partials = accelerator.Allocate1D<T>(MaxGroups);
        _norm = accelerator.Allocate1D<T>(1);
        _norm.MemSetToZero();
        _partialSums = accelerator.LoadStreamKernel<ArrayView<T>, ArrayView<T>>(GlobalNormKernels.PartialSumsOfSquares<T>);
        _rootOfSum = accelerator.LoadStreamKernel<ArrayView<T>, int, ArrayView<T>>(GlobalNormKernels.RootOfSum<T>);
        _scale = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, T, T>(GlobalNormKernels.Scale<T>);
    }

    /// <summary>The accelerator this clipper runs on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>One element on the device: the norm before clipping of the last <see cref="ClipByGlobalNorm"/> (0 before any).</summary>
    public ArrayView<T> Norm => _norm.View;

    /// <summary>
    /// Enqueues the clipping of <paramref name="gradient"/> in place; it returns before the kernels have run. The
    /// norm before clipping is left in <see cref="Norm"/> (read it with <see cref="ReadNorm"/>).
    /// </summary>
    /// <param name="gradient">The flat gradient on <see cref="Accelerator"/>, rescaled in place.</param>
    /// <param name="maxNorm">The largest norm allowed (finite, positive).</param>
    public void ClipByGlobalNorm(ArrayView<T> gradient, T maxNorm)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!T.IsFinite(maxNorm) || maxNorm <= T.Zero)
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"ClipByGlobalNorm: expected a finite maxNorm > 0 but got {maxNorm}.");
        if (gradient.Length == 0)
        {
            _norm.MemSetToZero(); // the norm of nothing; nothing to scale
            return;
        }
        if (gradient.Length > int.MaxValue)
            throw new ArgumentException($"ClipByGlobalNorm: expected a gradient of at most {int.MaxValue} elements but got {gradient.Length}.", nameof(gradient));
        DeviceViews.CheckOn(gradient, Accelerator, "ClipByGlobalNorm", nameof(gradient));
        int length = (int)gradient.Length;
        int groups = (int)Math.Min(MaxGroups, (length + (long)_groupSize - 1) / _groupSize);
        _partialSums(new KernelConfig(groups, _groupSize), gradient, _partials.View);
        _rootOfSum(new KernelConfig(1, _groupSize), _partials.View, groups, _norm.View);
        _scale(length, gradient, _norm.View, maxNorm, _offset);
    }

    /// <summary>Waits for the queued work and returns the norm before clipping of the last <see cref="ClipByGlobalNorm"/>.</summary>
    public T ReadNorm()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Accelerator.Synchronize();
        Span<T> value = stackalloc T[1];
        _norm.View.BaseView.CopyToCPU(value);
        return value[0];
    }

    /// <summary>Frees the device buffers.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _partials.Dispose();
        _norm.Dispose();
    }
}
