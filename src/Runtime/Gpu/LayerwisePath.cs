using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// The batch path of networks of dense layers too large to fuse: each layer's activations for a pass of rows as one
/// matrix, the products done by <see cref="DeviceGemm"/> (cuBLAS where it loads, else the project's tiled kernel), bias,
/// activation and their gradients by <see cref="DeviceDenseKernels"/>, the loss by the network's generated LossGradient
/// kernel. Sizes come from the network's layer table; the scratch matrices are allocated once.
/// </summary>
internal sealed class LayerwisePath<TNet, T> : IDisposable
    where TNet : IDeviceNetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DeviceGemm _gemm;
    private readonly DeviceDenseKernels _dense;
    private readonly LayerInfo[] _layers;
    private readonly int[] _weightOffsets;
    private readonly long[] _offsets;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, T> _lossGradient;
    private readonly Action<Index1D, ArrayView<T>, int, int, ArrayView<T>> _addRows;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _scratch;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _losses;

    /// <summary>Whether <typeparamref name="TNet"/> can take this path: every layer dense, and a generated loss-gradient kernel.</summary>
    public static bool Applies(DeviceKernelSet<T> kernels) => kernels.LossGradient is not null && TNet.Layers.All(l => l.Kind == LayerKind.Dense);

    public LayerwisePath(Accelerator accelerator, DeviceKernelSet<T> kernels, Action<Index1D, ArrayView<T>, int, int, ArrayView<T>> addRows, long maxScratchElements)
    {
        _layers = TNet.Layers.ToArray();
        _weightOffsets = _layers.Select(l => l.TiedTo is null ? l.WeightOffset : _layers.First(t => t.Name == l.TiedTo).WeightOffset).ToArray();
        _offsets = new long[_layers.Length + 1];
        for (int l = 0; l < _layers.Length; l++) _offsets[l + 1] = _offsets[l] + 2L * _layers[l].Outputs;
        RowsPerPass = (int)Math.Clamp(maxScratchElements / Math.Max(1, _offsets[^1]), 1, 1 << 20);
        _lossGradient = accelerator.LoadAutoGroupedStreamKernel(kernels.LossGradient!);
        _addRows = addRows;
        _gemm = new DeviceGemm(accelerator);
        _dense = new DeviceDenseKernels(_gemm);
        _scratch = DeviceMemory.Allocate<T>(accelerator, RowsPerPass * _offsets[^1], $"{typeof(TNet).Name}'s layer activations and deltas");
        _losses = DeviceMemory.Allocate<T>(accelerator, RowsPerPass, $"{typeof(TNet).Name}'s per-row losses");
    }

    /// <summary>Rows per pass of the scratch matrices.</summary>
    public int RowsPerPass { get; }

    /// <summary>Which matrix product runs ("own tiled kernel" or "cuBLAS …").</summary>
    public string Backend => _gemm.Backend;

    private ArrayView<T> Activations(int layer, int rows) => ((ArrayView<T>)_scratch.View).SubView(_offsets[layer] * RowsPerPass, (long)rows * _layers[layer].Outputs);

    private ArrayView<T> Deltas(int layer, int rows) =>
        ((ArrayView<T>)_scratch.View).SubView((_offsets[layer] + _layers[layer].Outputs) * RowsPerPass, (long)rows * _layers[layer].Outputs);

    private ArrayView<T> Weights(ArrayView<T> vector, int layer) => vector.SubView(_weightOffsets[layer], (long)_layers[layer].Inputs * _layers[layer].Outputs);

    private ArrayView<T> Bias(ArrayView<T> vector, int layer) => _layers[layer].BiasOffset < 0 ? ArrayView<T>.Empty : vector.SubView(_layers[layer].BiasOffset, _layers[layer].Outputs);

    /// <summary>outputs = f(inputs) for <paramref name="batch"/> rows.</summary>
    public void Forward(ArrayView<T> parameters, ArrayView<T> inputs, ArrayView<T> outputs, int batch)
    {
        int n = TNet.InputSize, m = TNet.OutputSize, last = _layers.Length - 1;
        for (int first = 0; first < batch; first += RowsPerPass)
        {
            int rows = Math.Min(RowsPerPass, batch - first);
            ArrayView<T> input = inputs.SubView((long)first * n, (long)rows * n);
            for (int l = 0; l <= last; l++)
            {
                ArrayView<T> output = l == last ? outputs.SubView((long)first * m, (long)rows * m) : Activations(l, rows);
                ForwardLayer(parameters, l, input, output, rows);
                input = output;
            }
        }
    }

    /// <summary>gradient += scale·Σ ∇_θ ℓ, lossTotal[0] += scale·Σ ℓ, and (when not empty) inputGradient = scale·∇_x ℓ per row.</summary>
    public void Accumulate(ArrayView<T> parameters, ArrayView<T> gradient, ArrayView<T> inputs, ArrayView<T> targets, T scale, ArrayView<T> lossTotal,
        ArrayView<T> inputGradient, int batch)
    {
        int n = TNet.InputSize, m = TNet.OutputSize, last = _layers.Length - 1;
        for (int first = 0; first < batch; first += RowsPerPass)
        {
            int rows = Math.Min(RowsPerPass, batch - first);
            ArrayView<T> x = inputs.SubView((long)first * n, (long)rows * n);
            for (int l = 0; l <= last; l++) ForwardLayer(parameters, l, l == 0 ? x : Activations(l - 1, rows), Activations(l, rows), rows);
            ArrayView<T> losses = ((ArrayView<T>)_losses.View).SubView(0, rows);
            _lossGradient(rows, Activations(last, rows), targets.SubView((long)first * m, (long)rows * m), Deltas(last, rows), losses, scale);
            for (int l = last; l >= 0; l--)
            {
                LayerInfo layer = _layers[l];
                ArrayView<T> delta = Deltas(l, rows), input = l == 0 ? x : Activations(l - 1, rows);
                _dense.ActivationGradient(delta, Activations(l, rows), rows, layer.Outputs, layer.Activation, layer.LeakySlope);
                bool tied = layer.TiedTo is not null;
                if (tied) _dense.WeightGradientTied(delta, input, Weights(gradient, l), rows, layer.Inputs, layer.Outputs);
                else _dense.WeightGradient(delta, input, Weights(gradient, l), rows, layer.Inputs, layer.Outputs);
                if (layer.BiasOffset >= 0) _dense.BiasGradient(delta, Bias(gradient, l), rows, layer.Outputs);
                ArrayView<T> previous = l > 0 ? Deltas(l - 1, rows) : inputGradient.Length > 0 ? inputGradient.SubView((long)first * n, (long)rows * n) : ArrayView<T>.Empty;
                if (previous.Length == 0) continue;
                if (tied) _dense.InputGradientTied(delta, Weights(parameters, l), previous, rows, layer.Inputs, layer.Outputs);
                else _dense.InputGradient(delta, Weights(parameters, l), previous, rows, layer.Inputs, layer.Outputs);
            }

            _addRows(1, losses, rows, 1, lossTotal.SubView(0, 1));
        }
    }

    private void ForwardLayer(ArrayView<T> parameters, int l, ArrayView<T> input, ArrayView<T> output, int rows)
    {
        LayerInfo layer = _layers[l];
        if (layer.TiedTo is null) _dense.Forward(input, Weights(parameters, l), Bias(parameters, l), output, rows, layer.Inputs, layer.Outputs, layer.Activation, layer.LeakySlope);
        else _dense.ForwardTied(input, Weights(parameters, l), Bias(parameters, l), output, rows, layer.Inputs, layer.Outputs, layer.Activation, layer.LeakySlope);
    }

    public void Dispose()
    {
        _scratch.Dispose();
        _losses.Dispose();
        _gemm.Dispose();
    }
}
