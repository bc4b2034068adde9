using DslNets.Kernels;
using DslNets.PacBayes;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// The device side of one <see cref="DeviceCertificate"/> evaluation: the bound samples, the posterior's μ, σ and σ², the
/// per-sample accumulators and the scratch matrices on the device, and the draw loop over them.
/// </summary>
internal sealed class DeviceMonteCarlo<TNet> : IDisposable where TNet : IDeviceNetwork<TNet, double>
{
    /// <summary>Elements of each per-sample scratch matrix (pass rows × widest layer): 64 MB each in double.</summary>
    public const long DefaultScratchElements = 1L << 23;

    private readonly Accelerator _accelerator;
    private readonly MonteCarloSampling _sampling;
    private readonly int _m;
    private readonly List<IDisposable> _owned = [];
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _inputs, _targets, _errors, _losses, _totals, _mean, _spread;
    private readonly MemoryBuffer1D<double, Stride1D.Dense>? _activations, _squares, _means, _variances, _outputs;
    private readonly DeviceNetwork<TNet, double>? _network;
    private readonly DeviceGemm? _gemm;
    private readonly DeviceSum _sum;
    private readonly LayerInfo[] _layers;
    private readonly int _rowsPerPass, _units;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ulong, long> _drawWeights;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>> _square;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, LocalDrawLayer> _drawLayer;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, double, double> _score;

    public DeviceMonteCarlo(ComputeDevice device, TNet network, DiagonalGaussianPosterior posterior, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets,
        MonteCarloSampling sampling, long scratchElements = DefaultScratchElements)
    {
        _accelerator = device.Accelerator;
        _sampling = sampling;
        _m = inputs.Length / TNet.InputSize;
        _layers = TNet.Layers.ToArray();
        string name = typeof(TNet).Name;
        int p = TNet.ParameterCount;
        try
        {
            _inputs = Own(DeviceMemory.Allocate<double>(_accelerator, inputs.Length, $"the {_m:N0} bound samples of {name}"));
            _targets = Own(DeviceMemory.Allocate<double>(_accelerator, targets.Length, $"the {_m:N0} bound samples' targets"));
            _errors = Own(DeviceMemory.Allocate<double>(_accelerator, _m, "the per-sample error counts"));
            _losses = Own(DeviceMemory.Allocate<double>(_accelerator, _m, "the per-sample bounded losses"));
            _totals = Own(DeviceMemory.Allocate<double>(_accelerator, 2, "the totals"));
            _mean = Own(DeviceMemory.Allocate<double>(_accelerator, p, $"the posterior mean of {name}"));
            // σ for whole-network draws, σ² for per-sample draws (the variance products take it).
            _spread = Own(DeviceMemory.Allocate<double>(_accelerator, p, $"the posterior {(sampling == MonteCarloSampling.PerSample ? "variances" : "standard deviations")} of {name}"));
            _sum = Own(new DeviceSum(_accelerator));
            ((ArrayView<double>)_inputs.View).SubView(0, inputs.Length).CopyFromCPU(inputs);
            ((ArrayView<double>)_targets.View).SubView(0, targets.Length).CopyFromCPU(targets);
            Mean.CopyFromCPU(posterior.Mean);
            var spread = new double[p];
            posterior.CopySigma(spread);
            if (sampling == MonteCarloSampling.PerSample)
                for (int i = 0; i < p; i++) spread[i] *= spread[i];
            Spread.CopyFromCPU(spread);

            if (sampling == MonteCarloSampling.PerSample)
            {
                int widest = TNet.InputSize;
                foreach (LayerInfo layer in _layers)
                {
                    widest = Math.Max(widest, layer.Outputs);
                    _units += layer.Outputs;
                }
                _rowsPerPass = (int)Math.Clamp(scratchElements / widest, 1, _m);
                long elements = (long)_rowsPerPass * widest;
                _activations = Own(DeviceMemory.Allocate<double>(_accelerator, elements, "the drawn activations"));
                _squares = Own(DeviceMemory.Allocate<double>(_accelerator, elements, "the squared activations"));
                _means = Own(DeviceMemory.Allocate<double>(_accelerator, elements, "the pre-activation means"));
                _variances = Own(DeviceMemory.Allocate<double>(_accelerator, elements, "the pre-activation variances"));
                _gemm = Own(new DeviceGemm(_accelerator));
            }
            else
            {
                _rowsPerPass = _m;
                // No gradients are taken: one gradient row keeps the network's scratch small.
                _network = Own(new DeviceNetwork<TNet, double>(device, network, new DeviceNetworkOptions { MaxGradientRowElements = p }));
                _outputs = Own(DeviceMemory.Allocate<double>(_accelerator, (long)_m * TNet.OutputSize, "the drawn outputs"));
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        _drawWeights = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ulong, long>(CertificateKernels.DrawWeights);
        _square = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>>(CertificateKernels.Square);
        _drawLayer = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, LocalDrawLayer>(CertificateKernels.DrawLayer);
        _score = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, double, double>(CertificateKernels.Score);
    }

    private ArrayView<double> Mean => _mean.View.SubView(0, TNet.ParameterCount);

    private ArrayView<double> Spread => _spread.View.SubView(0, TNet.ParameterCount);

    private T Own<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>Draws <paramref name="weightSamples"/> times and returns the mean 0-1 error and bounded loss over all trials.</summary>
    public (double Error, double BoundedLoss) Measure(int weightSamples, ulong seed, double pMin)
    {
        double floor = Math.Log(pMin), scale = 1.0 / -floor;
        _errors.MemSetToZero();
        _losses.MemSetToZero();
        int n = TNet.InputSize, outputs = TNet.OutputSize, p = TNet.ParameterCount;
        for (int t = 0; t < weightSamples; t++)
        {
            if (_network is not null)
            {
                _drawWeights(p, Mean, Spread, _network.Parameters, seed, (long)t * p);
                ArrayView<double> y = _outputs!.View.SubView(0, (long)_m * outputs);
                _network.Forward(_inputs.View.SubView(0, (long)_m * n), y);
                _score(_m, y, _targets.View.SubView(0, (long)_m * outputs), _errors.View.SubView(0, _m), _losses.View.SubView(0, _m), outputs, floor, scale);
                continue;
            }

            for (int first = 0; first < _m; first += _rowsPerPass)
            {
                int rows = Math.Min(_rowsPerPass, _m - first);
                ArrayView<double> y = DrawPass(first, rows, seed, (long)t * _m + first);
                _score(rows, y, _targets.View.SubView((long)first * outputs, (long)rows * outputs), _errors.View.SubView(first, rows),
                    _losses.View.SubView(first, rows), outputs, floor, scale);
            }
        }

        _sum.Sum(_errors.View.SubView(0, _m), _totals.View.SubView(0, 1));
        _sum.Sum(_losses.View.SubView(0, _m), _totals.View.SubView(1, 1));
        _accelerator.Synchronize();
        var totals = new double[2];
        _totals.View.SubView(0, 2).CopyToCPU(totals);
        double trials = (double)_m * weightSamples;
        return (totals[0] / trials, totals[1] / trials);
    }

    // One pass of per-sample draws through every layer; returns the drawn outputs (rows × OutputSize).
    private ArrayView<double> DrawPass(int first, int rows, ulong seed, long firstTrial)
    {
        int n = TNet.InputSize;
        ArrayView<double> h = _inputs.View.SubView((long)first * n, (long)rows * n);
        ArrayView<double> squares = _squares!.View.SubView(0, (long)rows * n);
        _square(rows * n, h, squares);
        int width = n, unitOffset = 0;
        foreach (LayerInfo layer in _layers)
        {
            int units = layer.Outputs;
            ArrayView<double> means = _means!.View.SubView(0, (long)rows * units), variances = _variances!.View.SubView(0, (long)rows * units);
            ArrayView<double> weights = Mean.SubView(layer.WeightOffset, layer.WeightCount), weightVariances = Spread.SubView(layer.WeightOffset, layer.WeightCount);
            // z̄ = H Mᵀ and v = (H ⊙ H) Sᵀ with M, S row-major outputs × inputs, as the host sampler.
            _gemm!.Multiply(MatrixOp.None, MatrixOp.Transpose, rows, units, width, 1.0, h, weights, 0.0, means);
            _gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, rows, units, width, 1.0, squares, weightVariances, 0.0, variances);
            h = _activations!.View.SubView(0, (long)rows * units);
            squares = _squares.View.SubView(0, (long)rows * units);
            var draw = new LocalDrawLayer
            {
                Units = units,
                BiasOffset = layer.BiasCount > 0 ? layer.BiasOffset : -1,
                Activation = (int)layer.Activation,
                LeakySlope = layer.LeakySlope,
                UnitOffset = unitOffset,
                UnitCount = _units,
                Seed = seed,
                FirstTrial = firstTrial,
            };
            _drawLayer(rows * units, means, variances, Mean, Spread, h, squares, draw);
            width = units;
            unitOffset += units;
        }

        return h;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
    }
}
