using DslNets.Optimizers;
using DslNets.PacBayes;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// PAC-Bayes-by-backprop (<see cref="PacBayesTrainer{TNet}"/>) on a device: the posterior's μ and ρ, the prior, the noise
/// and σ caches, the weight draw, its gradient and the optimisers' state live on the accelerator, and each step is a
/// handful of kernels: the draw (w = μ + σ⊙ε with the KL terms), the batch's forward pass and bounded loss, the weight
/// gradient through the network's own device path (<see cref="DeviceNetwork{TNet, T}"/>: fused, layer-wise or per-sample),
/// the posterior gradient and the two optimiser steps. Per step four numbers come back to the host (the KL, ∂KL/∂ln σ₀, the
/// batch's bounded loss and how many samples sit on the probability floor), because the objective's derivatives depend on
/// them; the vectors stay on the device. The draws are the counter-based stream, so for the same seed and batches the
/// device trainer follows the host trainer run with <see cref="NoiseStream.CounterBased"/> step for step (to rounding).
/// </summary>
/// <remarks>
/// Sums over the parameters (the KL) and over the batch (the loss) are reduced by <see cref="DeviceSum"/> in a fixed order,
/// and the weight gradient by the device network's deterministic reductions, so runs repeat exactly. Samples on the
/// floor add loss 1 and no gradient, as on the host: when there are any, their flags come back and the gradient is taken
/// over the other samples, gathered on the device in their order.
/// </remarks>
/// <typeparam name="TNet">A generated network with SoftmaxCrossEntropy or Logistic loss.</typeparam>
public sealed class DevicePacBayesTrainer<TNet> : IDisposable where TNet : IDeviceNetwork<TNet, double>
{
    private static readonly string NetworkName = typeof(TNet).Name;

    private readonly Accelerator _accelerator;
    private readonly DeviceNetwork<TNet, double> _network;
    private readonly DeviceOptimizer<double> _meanOptimizer, _rhoOptimizer;
    private readonly ObjectiveState _state;
    private readonly DeviceSum _sum;
    private readonly List<IDisposable> _owned = [];
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _posterior, _terms, _gradients, _scalars, _lossTotal;
    private MemoryBuffer1D<double, Stride1D.Dense>? _batch;
    private MemoryBuffer1D<int, Stride1D.Dense>? _rows;
    private int _batchCapacity;
    private double[] _flooredFlags = [];
    private int[] _kept = [];
    private long _draws;
    private bool _disposed;

    private readonly Action<Index1D, PosteriorViews, ArrayView<double>, ArrayView<double>, ArrayView<double>, ulong, long> _draw;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, double, double> _score;
    private readonly Action<Index1D, PosteriorViews, ArrayView<double>, ArrayView<double>, ArrayView<double>, double, double> _gradient;
    private readonly Action<Index1D, ArrayView<double>, double> _fill;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<int>, int, int, ArrayView<double>> _gather;

    /// <summary>
    /// Puts <paramref name="posterior"/> and <paramref name="prior"/> on <paramref name="device"/> with
    /// <paramref name="network"/>'s constants; the settings are the host trainer's (the optimisers of
    /// <see cref="PacBayesTrainerOptions.CreateOptimizer"/> run as their device versions).
    /// </summary>
    /// <param name="device">Where the training runs.</param>
    /// <param name="network">The network whose shape and constants are used (its parameters are not changed).</param>
    /// <param name="posterior">Q; read now, and written back by <see cref="DownloadPosterior"/>.</param>
    /// <param name="prior">P; with the DziugaiteRoy objective its scalar σ₀ is learnt and written back after every step.</param>
    /// <param name="options">The settings; <see cref="PacBayesTrainerOptions.Noise"/> is ignored (the device always draws the counter-based stream).</param>
    /// <param name="networkOptions">The device network's options (its gradient path).</param>
    /// <exception cref="ArgumentException">As the host trainer.</exception>
    /// <exception cref="DeviceOutOfMemoryException">The device cannot hold the posterior's vectors; the message names the sizes.</exception>
    public DevicePacBayesTrainer(ComputeDevice device, TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior, PacBayesTrainerOptions options,
        DeviceNetworkOptions? networkOptions = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(network);
        PacBayesTrainer<TNet>.Validate(posterior, prior, options);
        Posterior = posterior;
        Prior = prior;
        Options = options;
        _accelerator = device.Accelerator;
        int p = TNet.ParameterCount;
        try
        {
            _network = Own(new DeviceNetwork<TNet, double>(device, network, networkOptions));
            _posterior = Own(DeviceMemory.Allocate<double>(_accelerator, 7L * p, $"the posterior, prior and draw caches of {NetworkName}"));
            _terms = Own(DeviceMemory.Allocate<double>(_accelerator, 2L * p, $"the KL terms of {NetworkName}"));
            _gradients = Own(DeviceMemory.Allocate<double>(_accelerator, 2L * p, $"the μ and ρ gradients of {NetworkName}"));
            _scalars = Own(DeviceMemory.Allocate<double>(_accelerator, 4, "the step's sums"));
            _lossTotal = Own(DeviceMemory.Allocate<double>(_accelerator, 1, "a loss total"));
            _sum = Own(new DeviceSum(_accelerator));
            _meanOptimizer = Own(DeviceOptimizer.Create(_accelerator, ObjectiveState.CreateOptimizer(options, PosteriorParameterGroup.Mean, p)));
            _rhoOptimizer = Own(DeviceOptimizer.Create(_accelerator, ObjectiveState.CreateOptimizer(options, PosteriorParameterGroup.Rho, p)));
            _state = new ObjectiveState(options, prior);
        }
        catch
        {
            Dispose();
            throw;
        }

        Views.Mean.CopyFromCPU(posterior.Mean);
        Views.Rho.CopyFromCPU(posterior.Rho);
        Views.PriorMean.CopyFromCPU(prior.Mean);
        Views.PriorSigma.CopyFromCPU(prior.Sigma);
        _draw = _accelerator.LoadAutoGroupedStreamKernel<Index1D, PosteriorViews, ArrayView<double>, ArrayView<double>, ArrayView<double>, ulong, long>(PacBayesKernels.Draw);
        _score = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, double, double>(PacBayesKernels.Score);
        _gradient = _accelerator.LoadAutoGroupedStreamKernel<Index1D, PosteriorViews, ArrayView<double>, ArrayView<double>, ArrayView<double>, double, double>(PacBayesKernels.Gradient);
        _fill = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, double>(PacBayesKernels.Fill);
        _gather = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, int, int, ArrayView<double>>(TrainingKernels.Gather);
    }

    /// <summary>The posterior given at construction; its μ and ρ are the device's after <see cref="DownloadPosterior"/>.</summary>
    public DiagonalGaussianPosterior Posterior { get; }

    /// <summary>The prior (its scalar σ₀ follows the device after every DziugaiteRoy step).</summary>
    public GaussianPrior Prior { get; }

    /// <summary>The settings.</summary>
    public PacBayesTrainerOptions Options { get; }

    /// <summary>The current λ (λ objective).</summary>
    public double Lambda => _state.Lambda;

    /// <summary>ln σ₀ of the prior (learnt by the DziugaiteRoy objective).</summary>
    public double PriorLogSigma => _state.PriorLogSigma;

    /// <summary>How many samples of the last step sat on the probability floor (loss 1, no gradient).</summary>
    public int LastFlooredCount { get; private set; }

    /// <summary>The network on the device; its parameters hold the last weight draw.</summary>
    public DeviceNetwork<TNet, double> Network => _network;

    /// <summary>∂f/∂μ of the last step, on the device.</summary>
    public ArrayView<double> MeanGradient => _gradients.View.SubView(0, TNet.ParameterCount);

    /// <summary>∂f/∂ρ of the last step, on the device.</summary>
    public ArrayView<double> RhoGradient => _gradients.View.SubView(TNet.ParameterCount, TNet.ParameterCount);

    private PosteriorViews Views
    {
        get
        {
            int p = TNet.ParameterCount;
            ArrayView<double> all = _posterior.View;
            return new PosteriorViews
            {
                Mean = all.SubView(0, p),
                Rho = all.SubView(p, p),
                PriorMean = all.SubView(2L * p, p),
                PriorSigma = all.SubView(3L * p, p),
                Noise = all.SubView(4L * p, p),
                Sigma = all.SubView(5L * p, p),
                Slope = all.SubView(6L * p, p),
            };
        }
    }

    /// <summary>One step on a batch already on the device (batch × InputSize inputs, batch × OutputSize targets).</summary>
    public PacBayesStepResult Step(ArrayView<double> inputs, ArrayView<double> targets)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int batch = (int)(inputs.Length / TNet.InputSize);
        if (batch == 0 || inputs.Length != (long)batch * TNet.InputSize)
            throw new ArgumentException($"{NetworkName}: expected 'inputs' to hold a positive whole number of samples of length {TNet.InputSize}, got length {inputs.Length}.", nameof(inputs));
        if (targets.Length != (long)batch * TNet.OutputSize)
            throw new ArgumentException($"{NetworkName}: expected 'targets' of length {batch}×{TNet.OutputSize} = {(long)batch * TNet.OutputSize}, got length {targets.Length}.", nameof(targets));
        EnsureBatch(batch);
        return Train(inputs, targets, batch);
    }

    /// <summary>One step on a batch in host memory (uploaded into the trainer's own buffers first).</summary>
    public PacBayesStepResult Step(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int batch = inputs.Length / TNet.InputSize;
        if (batch == 0 || inputs.Length != batch * TNet.InputSize)
            throw new ArgumentException($"{NetworkName}: expected 'inputs' to hold a positive whole number of samples of length {TNet.InputSize}, got length {inputs.Length}.", nameof(inputs));
        if (targets.Length != batch * TNet.OutputSize)
            throw new ArgumentException($"{NetworkName}: expected 'targets' of length {batch}×{TNet.OutputSize} = {batch * TNet.OutputSize}, got length {targets.Length}.", nameof(targets));
        EnsureBatch(batch);
        ArrayView<double> x = BatchInputs(batch), y = BatchTargets(batch);
        x.CopyFromCPU(inputs);
        y.CopyFromCPU(targets);
        return Train(x, y, batch);
    }

    /// <summary>One step on the rows <paramref name="rows"/> of <paramref name="data"/>, gathered on the device in that order.</summary>
    public PacBayesStepResult Step(DeviceSamples data, ReadOnlySpan<int> rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputWidth != TNet.InputSize || data.TargetWidth != TNet.OutputSize)
            throw new ArgumentException($"{NetworkName}: expected samples of {TNet.InputSize} inputs and {TNet.OutputSize} targets but got {data.InputWidth} and {data.TargetWidth}.", nameof(data));
        if (rows.IsEmpty) throw new ArgumentException($"{NetworkName}: expected at least one row index but got none.", nameof(rows));
        foreach (int row in rows)
            if ((uint)row >= (uint)data.Count)
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"{NetworkName}: expected row indices in [0, {data.Count}) but got {row}.");
        int batch = rows.Length;
        EnsureBatch(batch);
        ArrayView<int> order = _rows!.View.SubView(0, batch);
        order.CopyFromCPU(rows);
        ArrayView<double> x = BatchInputs(batch), y = BatchTargets(batch);
        _gather(batch * TNet.InputSize, data.Inputs, order, 0, TNet.InputSize, x);
        _gather(batch * TNet.OutputSize, data.Targets, order, 0, TNet.OutputSize, y);
        return Train(x, y, batch);
    }

    /// <summary>Copies the device's μ and ρ into <see cref="Posterior"/> (waits for the queued steps).</summary>
    public void DownloadPosterior()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _accelerator.Synchronize();
        Views.Mean.CopyToCPU(Posterior.Mean);
        Views.Rho.CopyToCPU(Posterior.Rho);
    }

    private PacBayesStepResult Train(ArrayView<double> inputs, ArrayView<double> targets, int batch)
    {
        int p = TNet.ParameterCount, width = TNet.OutputSize;
        PosteriorViews views = Views;
        ArrayView<double> klTerms = _terms.View.SubView(0, p), priorTerms = _terms.View.SubView(p, p);
        _draw(p, views, _network.Parameters, klTerms, priorTerms, unchecked((ulong)Options.Seed), _draws * p);
        _draws++;
        ArrayView<double> outputs = BatchOutputs(batch), losses = BatchLosses(batch), floored = BatchFloored(batch);
        _network.Forward(inputs, outputs);
        double floor = Math.Log(Options.PMin), scale = 1.0 / -floor;
        _score(batch, outputs, targets, losses, floored, width, floor, scale);
        ArrayView<double> scalars = _scalars.View;
        _sum.Sum(klTerms, scalars.SubView(0, 1));
        if (Options.Objective == PacBayesObjectiveKind.DziugaiteRoy) _sum.Sum(priorTerms, scalars.SubView(1, 1));
        _sum.Sum(losses, scalars.SubView(2, 1));
        _sum.Sum(floored, scalars.SubView(3, 1));
        Span<double> sums = stackalloc double[4];
        _accelerator.Synchronize();
        scalars.SubView(0, 4).CopyToCPU(sums);
        double kl = 0.5 * sums[0], loss = sums[2] / batch;
        if (double.IsNaN(kl))
            throw new InvalidOperationException($"{NetworkName}: a posterior standard deviation softplus(ρ) underflowed to 0 (ρ below about −745) at step {_draws}; lower the learning rate of ρ.");
        LastFlooredCount = (int)sums[3];

        _network.ClearGradient();
        _lossTotal.MemSetToZero();
        if (LastFlooredCount == 0)
        {
            // The common case: no probability on the floor, so the bounded loss's gradient is the scaled log-loss's.
            _network.AccumulateGradient(inputs, targets, scale, _lossTotal.View, ArrayView<double>.Empty);
        }
        else if (LastFlooredCount < batch)
        {
            GatherUnfloored(inputs, targets, floored, batch, out ArrayView<double> keptInputs, out ArrayView<double> keptTargets);
            _network.AccumulateGradient(keptInputs, keptTargets, scale, _lossTotal.View, ArrayView<double>.Empty);
        }

        double kept = sums[1];
        double objective = _state.Evaluate(loss, kl, () => kept, out double lossDerivative, out double klDerivative);
        _gradient(p, views, _network.Gradient, MeanGradient, RhoGradient, lossDerivative / batch, klDerivative);
        _meanOptimizer.Step(views.Mean, MeanGradient);
        _rhoOptimizer.Step(views.Rho, RhoGradient);
        var result = new PacBayesStepResult(objective, loss, kl, Lambda);
        if (_state.Advance(result, Prior)) _fill(p, views.PriorSigma, Prior.Sigma[0]);
        return result;
    }

    // Samples on the floor add no gradient: the others, in their order, into the scratch rows after the batch's own.
    private void GatherUnfloored(ArrayView<double> inputs, ArrayView<double> targets, ArrayView<double> floored, int batch,
        out ArrayView<double> keptInputs, out ArrayView<double> keptTargets)
    {
        if (_flooredFlags.Length < batch) _flooredFlags = new double[batch];
        if (_kept.Length < batch) _kept = new int[batch];
        floored.CopyToCPU(_flooredFlags.AsSpan(0, batch));
        int count = 0;
        for (int s = 0; s < batch; s++)
            if (_flooredFlags[s] == 0.0) _kept[count++] = s;
        ArrayView<int> order = _rows!.View.SubView(0, count);
        order.CopyFromCPU(_kept.AsSpan(0, count));
        keptInputs = KeptInputs(count);
        keptTargets = KeptTargets(count);
        _gather(count * TNet.InputSize, inputs, order, 0, TNet.InputSize, keptInputs);
        _gather(count * TNet.OutputSize, targets, order, 0, TNet.OutputSize, keptTargets);
    }

    // One scratch buffer per batch size: inputs, targets, the kept rows' inputs and targets, outputs, losses and floor flags.
    private long RowWidth => 2L * TNet.InputSize + 3L * TNet.OutputSize + 2;

    private ArrayView<double> BatchInputs(int batch) => _batch!.View.SubView(0, (long)batch * TNet.InputSize);

    private ArrayView<double> KeptInputs(int count) => _batch!.View.SubView((long)_batchCapacity * TNet.InputSize, (long)count * TNet.InputSize);

    private ArrayView<double> BatchTargets(int batch) => _batch!.View.SubView(2L * _batchCapacity * TNet.InputSize, (long)batch * TNet.OutputSize);

    private ArrayView<double> KeptTargets(int count) =>
        _batch!.View.SubView(2L * _batchCapacity * TNet.InputSize + (long)_batchCapacity * TNet.OutputSize, (long)count * TNet.OutputSize);

    private ArrayView<double> BatchOutputs(int batch) =>
        _batch!.View.SubView(2L * _batchCapacity * TNet.InputSize + 2L * _batchCapacity * TNet.OutputSize, (long)batch * TNet.OutputSize);

    private ArrayView<double> BatchLosses(int batch) => _batch!.View.SubView((RowWidth - 2) * _batchCapacity, batch);

    private ArrayView<double> BatchFloored(int batch) => _batch!.View.SubView((RowWidth - 1) * _batchCapacity, batch);

    private void EnsureBatch(int batch)
    {
        if (batch <= _batchCapacity) return;
        _batch?.Dispose();
        _rows?.Dispose();
        _batch = null;
        _rows = null;
        _batchCapacity = 0;
        _batch = DeviceMemory.Allocate<double>(_accelerator, RowWidth * batch, $"{NetworkName}'s PAC-Bayes batch buffers for {batch:N0} samples");
        _rows = DeviceMemory.Allocate<int>(_accelerator, batch, "the batch's row indices");
        _batchCapacity = batch;
    }

    private T Own<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _batch?.Dispose();
        _rows?.Dispose();
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
    }
}
