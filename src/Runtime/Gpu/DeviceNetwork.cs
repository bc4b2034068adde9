using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// A generated network on an accelerator: its flat parameters, gradient and constants live in device memory, and its
/// generated kernels run forward, loss, parameter gradient, input gradient and activation patterns over whole batches.
/// The gradient of a batch is reduced on the device: each sample's gradient is written as one row of a scratch matrix
/// (a pass of at most <see cref="DeviceNetworkOptions.MaxGradientRowElements"/> numbers), and a second kernel adds the rows
/// into the gradient column by column in sample order. That order is the host's, so the device gradient equals the host
/// one to rounding and is the same on every run; atomics would be faster per pass but not reproducible.
/// </summary>
/// <typeparam name="TNet">The generated network type.</typeparam>
/// <typeparam name="T">Its element type.</typeparam>
public sealed class DeviceNetwork<TNet, T> : IDisposable
    where TNet : IDeviceNetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly string NetworkName = typeof(TNet).Name;

    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>> _forward;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>> _loss;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, T, int> _gradientKernel;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<ulong>, ArrayView<ulong>>? _pattern;
    private readonly Action<Index1D, ArrayView<T>, int, int, ArrayView<T>> _addRows;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _parameters;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _gradient;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _constants;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _rows;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _rowLosses;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _lossTotal;
    private readonly Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, T>? _fused;
    private readonly int _fusedGroup;
    private readonly int _fusedMaxGroups;
    private readonly MemoryBuffer1D<T, Stride1D.Dense>? _partials;
    private readonly MemoryBuffer1D<T, Stride1D.Dense>? _partialLosses;
    private readonly LayerwisePath<TNet, T>? _layerwise;
    private readonly StagingBuffers<T> _staging;
    private bool _disposed;

    /// <summary>Puts <paramref name="network"/>'s parameters and constants on <paramref name="device"/> and loads its kernels.</summary>
    public DeviceNetwork(ComputeDevice device, TNet network, DeviceNetworkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(network);
        options ??= new DeviceNetworkOptions();
        if (options.MaxGradientRowElements < 1 || options.MaxActivationElements < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxGradientRowElements, "Expected MaxGradientRowElements and MaxActivationElements ≥ 1.");
        Device = device;
        Accelerator accelerator = device.Accelerator;
        DeviceKernelSet<T> kernels = TNet.DeviceKernels;
        DeviceLocalMemory.Check(NetworkName, accelerator.AcceleratorType, kernels.LocalBytesPerThread);
        _forward = accelerator.LoadAutoGroupedStreamKernel(kernels.Forward);
        _loss = accelerator.LoadAutoGroupedStreamKernel(kernels.Loss);
        _gradientKernel = accelerator.LoadAutoGroupedStreamKernel(kernels.Gradient);
        _pattern = kernels.Pattern is null ? null : accelerator.LoadAutoGroupedStreamKernel(kernels.Pattern);
        _addRows = LoadAddRows(accelerator);
        PatternWords = kernels.PatternWords;
        (_fusedGroup, string path) = ChooseFusion(accelerator, kernels, options.Path);
        bool layerwise = options.Path == GradientPath.Layerwise || (options.Path == GradientPath.Auto && LayerwisePath<TNet, T>.Applies(kernels));
        if (options.Path == GradientPath.Layerwise && !LayerwisePath<TNet, T>.Applies(kernels))
            throw new InvalidOperationException($"{NetworkName} cannot take the layer-wise path: it has a shared-filter layer (the path multiplies dense layers' matrices).");
        if (layerwise) _layerwise = new LayerwisePath<TNet, T>(accelerator, kernels, _addRows, options.MaxActivationElements);
        if (_layerwise is not null)
        {
            string layers = $"layer-wise matrix products ({_layerwise.Backend}), {_layerwise.RowsPerPass:N0} rows per pass";
            path = _fusedGroup > 0 ? $"{path}; with an input gradient, {layers}" : options.Path == GradientPath.Layerwise ? $"{layers} (asked for)" : $"{layers}; {path}";
        }

        PathDescription = path;
        if (_fusedGroup > 0)
        {
            _fused = accelerator.LoadStreamKernel(kernels.FusedGradient!);
            // Enough groups to fill the device several times over; each walks a contiguous share of the batch.
            _fusedMaxGroups = Math.Max(1, accelerator.NumMultiprocessors * 8);
        }

        RowsPerPass = (int)Math.Max(1, Math.Min(int.MaxValue / 2, options.MaxGradientRowElements / TNet.ParameterCount));
        var owned = new List<IDisposable>();
        try
        {
            _parameters = Own(owned, DeviceMemory.Allocate<T>(accelerator, TNet.ParameterCount, $"{NetworkName}'s parameters"));
            _gradient = Own(owned, DeviceMemory.Allocate<T>(accelerator, TNet.ParameterCount, $"{NetworkName}'s gradient"));
            _constants = Own(owned, DeviceMemory.Allocate<T>(accelerator, TNet.ConstantCount, $"{NetworkName}'s constants"));
            _rows = Own(owned, DeviceMemory.Allocate<T>(accelerator, (long)RowsPerPass * TNet.ParameterCount, $"{NetworkName}'s per-sample gradient rows"));
            _rowLosses = Own(owned, DeviceMemory.Allocate<T>(accelerator, RowsPerPass, $"{NetworkName}'s per-sample losses"));
            _lossTotal = Own(owned, DeviceMemory.Allocate<T>(accelerator, 1, "a loss total"));
            if (_fusedGroup > 0)
            {
                _partials = Own(owned, DeviceMemory.Allocate<T>(accelerator, (long)_fusedMaxGroups * TNet.ParameterCount, $"{NetworkName}'s per-group gradient sums"));
                _partialLosses = Own(owned, DeviceMemory.Allocate<T>(accelerator, _fusedMaxGroups, $"{NetworkName}'s per-group loss sums"));
            }
        }
        catch
        {
            foreach (IDisposable buffer in owned) buffer.Dispose();
            throw;
        }

        _staging = new StagingBuffers<T>(accelerator, NetworkName);
        if (TNet.ConstantCount > 0) Constants.CopyFromCPU(network.Constants);
        CopyFrom(network);
        ClearGradient();
    }

    private static Action<Index1D, ArrayView<T>, int, int, ArrayView<T>> LoadAddRows(Accelerator accelerator) =>
        accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, int, int, ArrayView<T>>(DeviceReductions.AddRows);

    private static (int Group, string Description) ChooseFusion(Accelerator accelerator, DeviceKernelSet<T> kernels, GradientPath path)
    {
        if (path == GradientPath.PerSample) return (0, "per-sample kernels (asked for)");
        if (path == GradientPath.Layerwise) return (0, "");
        if (kernels.FusedGradient is null)
        {
            if (path == GradientPath.Fused)
                throw new InvalidOperationException($"{NetworkName} has no fused kernel: {kernels.NotFusedReason}. Use GradientPath.Auto or PerSample.");
            return (0, $"per-sample kernels ({NetworkName} is not fused: {kernels.NotFusedReason})");
        }

        if (kernels.FusedSharedBytes > accelerator.MaxSharedMemoryPerGroup)
        {
            string why = $"its fused kernel needs {kernels.FusedSharedBytes:N0} bytes of shared memory per group but the device '{accelerator.Name}' has {accelerator.MaxSharedMemoryPerGroup:N0}";
            if (path == GradientPath.Fused) throw new InvalidOperationException($"{NetworkName}: {why}.");
            return (0, $"per-sample kernels ({why})");
        }

        int group = Math.Min(kernels.FusedGroupSize, accelerator.MaxNumThreadsPerGroup);
        return (group, $"fused kernel, {group} threads per group, {kernels.FusedSharedBytes:N0} bytes of shared memory");
    }

    private static MemoryBuffer1D<T, Stride1D.Dense> Own(List<IDisposable> owned, MemoryBuffer1D<T, Stride1D.Dense> buffer)
    {
        owned.Add(buffer);
        return buffer;
    }

    /// <summary>The device it lives on.</summary>
    public ComputeDevice Device { get; }

    /// <summary>The flat parameters on the device (the layout of the network's <c>Parameters</c>).</summary>
    public ArrayView<T> Parameters => _parameters.View.SubView(0, TNet.ParameterCount);

    /// <summary>The gradient accumulator on the device (ParameterCount numbers).</summary>
    public ArrayView<T> Gradient => _gradient.View.SubView(0, TNet.ParameterCount);

    /// <summary>The fixed numbers (shared-filter matrices) on the device; empty when the network has none.</summary>
    public ArrayView<T> Constants => TNet.ConstantCount == 0 ? ArrayView<T>.Empty : _constants.View.SubView(0, TNet.ConstantCount);

    /// <summary>How many samples one gradient pass handles (the scratch rows hold this many gradients).</summary>
    public int RowsPerPass { get; }

    /// <summary>Which gradient kernels batches without an input gradient take, and why (e.g. "fused kernel, 128 threads per group, ...").</summary>
    public string PathDescription { get; }

    /// <summary>Whether batch gradients without an input gradient take the fused kernel.</summary>
    public bool IsFused => _fusedGroup > 0;

    /// <summary>Words in one activation pattern; 0 when the network is not piecewise linear.</summary>
    public int PatternWords { get; }

    private ArrayView<T> ConstantsOrPlaceholder => _constants.View;

    /// <summary>Copies <paramref name="network"/>'s parameters to the device.</summary>
    public void CopyFrom(TNet network)
    {
        ArgumentNullException.ThrowIfNull(network);
        ThrowIfDisposed();
        Parameters.CopyFromCPU(network.Parameters);
    }

    /// <summary>Copies the device parameters into <paramref name="network"/>'s parameters (waits for the device).</summary>
    public void CopyTo(TNet network)
    {
        ArgumentNullException.ThrowIfNull(network);
        ThrowIfDisposed();
        Device.Accelerator.Synchronize();
        Parameters.CopyToCPU(network.Parameters);
    }

    /// <summary>Zeroes the device gradient.</summary>
    public void ClearGradient()
    {
        ThrowIfDisposed();
        Gradient.MemSetToZero();
    }

    // ------------------------------------------------------------ device views

    /// <summary>outputs = f(inputs) for a batch already on the device (batch×InputSize in, batch×OutputSize out).</summary>
    public void Forward(ArrayView<T> inputs, ArrayView<T> outputs)
    {
        int batch = BatchOf(inputs.Length, nameof(inputs));
        CheckRows(outputs.Length, nameof(outputs), TNet.OutputSize, batch);
        if (batch == 0) return;
        if (_layerwise is not null && _fused is null && batch > 1) _layerwise.Forward(Parameters, inputs, outputs, batch);
        else _forward(batch, Parameters, ConstantsOrPlaceholder, inputs, outputs);
    }

    /// <summary>losses[s] = ℓ(f(inputs[s]), targets[s]) for a batch on the device.</summary>
    public void Losses(ArrayView<T> inputs, ArrayView<T> targets, ArrayView<T> losses)
    {
        int batch = BatchOf(inputs.Length, nameof(inputs));
        CheckRows(targets.Length, nameof(targets), TNet.OutputSize, batch);
        CheckRows(losses.Length, nameof(losses), 1, batch);
        if (batch > 0) _loss(batch, Parameters, ConstantsOrPlaceholder, inputs, targets, losses);
    }

    /// <summary>
    /// Adds scale·Σ_s ∇_θ ℓ_s to <see cref="Gradient"/> and scale·Σ_s ℓ_s to lossTotal[0], all on the device; when
    /// <paramref name="inputGradient"/> is not empty, writes scale·∇_x ℓ_s to its row s (batch×InputSize).
    /// </summary>
    public void AccumulateGradient(ArrayView<T> inputs, ArrayView<T> targets, T scale, ArrayView<T> lossTotal, ArrayView<T> inputGradient)
    {
        int batch = BatchOf(inputs.Length, nameof(inputs));
        CheckRows(targets.Length, nameof(targets), TNet.OutputSize, batch);
        if (lossTotal.Length < 1) throw new ArgumentException($"{NetworkName}: expected 'lossTotal' of length 1 but got length 0.", nameof(lossTotal));
        bool withInput = inputGradient.Length > 0;
        if (withInput) CheckRows(inputGradient.Length, nameof(inputGradient), TNet.InputSize, batch);
        if (batch == 0) return;
        if (!withInput && _fused is not null)
        {
            AccumulateFused(inputs, targets, scale, lossTotal, batch);
            return;
        }

        if (_layerwise is not null)
        {
            _layerwise.Accumulate(Parameters, Gradient, inputs, targets, scale, lossTotal, withInput ? inputGradient : ArrayView<T>.Empty, batch);
            return;
        }

        ArrayView<T> gx = withInput ? inputGradient : _rowLosses.View.SubView(0, 1);
        for (int first = 0; first < batch; first += RowsPerPass)
        {
            int count = Math.Min(RowsPerPass, batch - first);
            ArrayView<T> rows = _rows.View.SubView(0, (long)count * TNet.ParameterCount);
            ArrayView<T> rowLosses = _rowLosses.View.SubView(0, count);
            _gradientKernel(count, Parameters, ConstantsOrPlaceholder, inputs, targets, rows, rowLosses, gx, first, scale, withInput ? 1 : 0);
            _addRows(TNet.ParameterCount, rows, count, TNet.ParameterCount, Gradient);
            _addRows(1, rowLosses, count, 1, lossTotal.SubView(0, 1));
        }
    }

    private void AccumulateFused(ArrayView<T> inputs, ArrayView<T> targets, T scale, ArrayView<T> lossTotal, int batch)
    {
        int groups = Math.Min(_fusedMaxGroups, (batch + _fusedGroup - 1) / _fusedGroup);
        int tiles = (batch + _fusedGroup - 1) / _fusedGroup;
        int samplesPerGroup = (tiles + groups - 1) / groups * _fusedGroup;
        groups = (batch + samplesPerGroup - 1) / samplesPerGroup;
        ArrayView<T> partials = _partials!.View.SubView(0, (long)groups * TNet.ParameterCount);
        ArrayView<T> partialLosses = _partialLosses!.View.SubView(0, groups);
        _fused!(new KernelConfig(groups, _fusedGroup), Parameters, inputs, targets, partials, partialLosses, batch, samplesPerGroup, scale);
        _addRows(TNet.ParameterCount, partials, groups, TNet.ParameterCount, Gradient);
        _addRows(1, partialLosses, groups, 1, lossTotal.SubView(0, 1));
    }

    /// <summary>
    /// The activation pattern of each input (row s of <paramref name="words"/>, <see cref="PatternWords"/> words) and its
    /// <see cref="PatternHash"/> (hashes[s]), on the device.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network is not piecewise linear.</exception>
    public void Patterns(ArrayView<T> inputs, ArrayView<ulong> words, ArrayView<ulong> hashes)
    {
        if (_pattern is null) throw new InvalidOperationException($"{NetworkName} is not piecewise linear (it has Sigmoid or Tanh layers): it has no activation patterns.");
        int batch = BatchOf(inputs.Length, nameof(inputs));
        if (words.Length != (long)batch * PatternWords)
            throw new ArgumentException($"{NetworkName}: expected 'words' of length {batch}×{PatternWords} = {(long)batch * PatternWords} for a batch of {batch} but got length {words.Length}.", nameof(words));
        if (hashes.Length != batch)
            throw new ArgumentException($"{NetworkName}: expected 'hashes' of length {batch} for a batch of {batch} but got length {hashes.Length}.", nameof(hashes));
        if (batch > 0) _pattern(batch, Parameters, ConstantsOrPlaceholder, inputs, words, hashes);
    }

    // ------------------------------------------------------------ host spans

    /// <summary>outputs = f(inputs) for a batch on the host, computed on the device.</summary>
    public void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int batch = BatchOf(inputs.Length, nameof(inputs));
        CheckRows(outputs.Length, nameof(outputs), TNet.OutputSize, batch);
        if (batch == 0) return;
        ArrayView<T> x = _staging.Upload(StagingSlot.Inputs, inputs);
        ArrayView<T> y = _staging.Get(StagingSlot.Outputs, outputs.Length);
        Forward(x, y);
        y.CopyToCPU(outputs);
    }

    /// <summary>Σ_s ℓ_s over a batch on the host, computed on the device.</summary>
    public T LossBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        int batch = BatchOf(inputs.Length, nameof(inputs));
        CheckRows(targets.Length, nameof(targets), TNet.OutputSize, batch);
        if (batch == 0) return T.Zero;
        ArrayView<T> x = _staging.Upload(StagingSlot.Inputs, inputs);
        ArrayView<T> t = _staging.Upload(StagingSlot.Targets, targets);
        ArrayView<T> losses = _staging.Get(StagingSlot.Outputs, batch);
        Losses(x, t, losses);
        _lossTotal.View.MemSetToZero();
        _addRows(1, losses, batch, 1, _lossTotal.View);
        return DownloadLossTotal();
    }

    /// <summary>
    /// As the network's own <c>GradientBatch</c>: adds scale·Σ_s ∇ℓ_s to <paramref name="parameterGradient"/> and returns
    /// scale·Σ_s ℓ_s, computed on the device. Uses (and overwrites) the device <see cref="Gradient"/>.
    /// </summary>
    public T GradientBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> parameterGradient, T scale) =>
        GradientBatch(inputs, targets, parameterGradient, Span<T>.Empty, scale, withInput: false);

    /// <summary>
    /// As the network's own <c>GradientBatch</c> with an input gradient: also writes scale·∇_x ℓ_s to row s of
    /// <paramref name="inputGradient"/> (batch×InputSize). Uses (and overwrites) the device <see cref="Gradient"/>.
    /// </summary>
    public T GradientBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> parameterGradient, Span<T> inputGradient, T scale) =>
        GradientBatch(inputs, targets, parameterGradient, inputGradient, scale, withInput: true);

    private T GradientBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> parameterGradient, Span<T> inputGradient, T scale, bool withInput)
    {
        int batch = BatchOf(inputs.Length, nameof(inputs));
        CheckRows(targets.Length, nameof(targets), TNet.OutputSize, batch);
        if (parameterGradient.Length != TNet.ParameterCount) ShapeErrors.ThrowLength(NetworkName, nameof(parameterGradient), TNet.ParameterCount, parameterGradient.Length);
        if (withInput) CheckRows(inputGradient.Length, nameof(inputGradient), TNet.InputSize, batch);
        if (batch == 0) return T.Zero;
        ArrayView<T> x = _staging.Upload(StagingSlot.Inputs, inputs);
        ArrayView<T> t = _staging.Upload(StagingSlot.Targets, targets);
        ArrayView<T> gx = withInput ? _staging.Get(StagingSlot.InputGradient, inputGradient.Length) : ArrayView<T>.Empty;
        // The caller's gradient goes up first, so the device adds to it in the host's order.
        Gradient.CopyFromCPU(parameterGradient);
        _lossTotal.View.MemSetToZero();
        AccumulateGradient(x, t, scale, _lossTotal.View, gx);
        Device.Accelerator.Synchronize();
        Gradient.CopyToCPU(parameterGradient);
        if (withInput) gx.CopyToCPU(inputGradient);
        return DownloadLossTotal();
    }

    /// <summary>The activation patterns' hashes of a batch on the host (and, when <paramref name="words"/> is not empty, the patterns).</summary>
    public void PatternBatch(ReadOnlySpan<T> inputs, Span<ulong> hashes, Span<ulong> words)
    {
        int batch = BatchOf(inputs.Length, nameof(inputs));
        if (hashes.Length != batch)
            throw new ArgumentException($"{NetworkName}: expected 'hashes' of length {batch} for a batch of {batch} but got length {hashes.Length}.", nameof(hashes));
        if (!words.IsEmpty && words.Length != (long)batch * PatternWords)
            throw new ArgumentException($"{NetworkName}: expected 'words' of length {batch}×{PatternWords} = {(long)batch * PatternWords} for a batch of {batch} but got length {words.Length}.", nameof(words));
        if (batch == 0) return;
        ArrayView<T> x = _staging.Upload(StagingSlot.Inputs, inputs);
        using MemoryBuffer1D<ulong, Stride1D.Dense> w = DeviceMemory.Allocate<ulong>(Device.Accelerator, (long)batch * Math.Max(1, PatternWords), "activation patterns");
        using MemoryBuffer1D<ulong, Stride1D.Dense> h = DeviceMemory.Allocate<ulong>(Device.Accelerator, batch, "pattern hashes");
        Patterns(x, ((ArrayView<ulong>)w.View).SubView(0, (long)batch * PatternWords), ((ArrayView<ulong>)h.View).SubView(0, batch));
        Device.Accelerator.Synchronize();
        ((ArrayView<ulong>)h.View).SubView(0, batch).CopyToCPU(hashes);
        if (!words.IsEmpty) ((ArrayView<ulong>)w.View).SubView(0, words.Length).CopyToCPU(words);
    }

    private T DownloadLossTotal()
    {
        Span<T> total = stackalloc T[1];
        Device.Accelerator.Synchronize();
        ((ArrayView<T>)_lossTotal.View).SubView(0, 1).CopyToCPU(total);
        return total[0];
    }

    private int BatchOf(long length, string parameter)
    {
        ThrowIfDisposed();
        long batch = length / TNet.InputSize;
        if (batch * TNet.InputSize != length) ShapeErrors.ThrowBatch(NetworkName, parameter, TNet.InputSize, -1, (int)Math.Min(length, int.MaxValue));
        if (batch > int.MaxValue) throw new ArgumentException($"{NetworkName}: a batch of {batch} samples is more than one launch handles ({int.MaxValue}).", parameter);
        return (int)batch;
    }

    private static void CheckRows(long length, string parameter, int width, int batch)
    {
        if (length != (long)batch * width) ShapeErrors.ThrowBatch(NetworkName, parameter, width, batch, (int)Math.Min(length, int.MaxValue));
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _staging.Dispose();
        _parameters.Dispose();
        _gradient.Dispose();
        _constants.Dispose();
        _rows.Dispose();
        _rowLosses.Dispose();
        _lossTotal.Dispose();
        _partials?.Dispose();
        _layerwise?.Dispose();
        _partialLosses?.Dispose();
    }
}
