using System.Numerics;
using DslNets.Optimizers;
using DslNets.Training;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// The <see cref="Trainer{TNet, T}"/> on an accelerator: the same options, events, checkpoints, early stopping and NaN
/// reports, with the parameters, gradient, optimiser state and training data on the device. Each epoch's order is the
/// host trainer's permutation (the same seeded shuffle), uploaded once per epoch; every step gathers its mini-batch on the
/// device, computes the mean gradient there (fused or per sample), clips and steps with the device optimiser. A step's
/// loss, gradient norm and parameter norm stay on the device and are read back every
/// <see cref="DeviceTrainerOptions.ProgressInterval"/> steps and at each epoch end, where a non-finite one fails the run
/// naming its epoch and step (parameters restored to the last good epoch end), as the host trainer does.
/// </summary>
/// <typeparam name="TNet">The generated network type.</typeparam>
/// <typeparam name="T">Its element type.</typeparam>
public sealed class DeviceTrainer<TNet, T> : IDisposable
    where TNet : IDeviceNetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TNet _network;
    private readonly IOptimizer<T> _hostOptimizer;
    private readonly TrainerOptions _options;
    private readonly DeviceTrainerOptions _deviceOptions;
    private readonly DeviceNetwork<TNet, T> _device;
    private readonly DeviceOptimizer<T> _optimizer;
    private readonly DeviceGradientClipping<T> _gradientNorm;
    private readonly DeviceGradientClipping<T> _parameterNorm;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<int>, int, int, ArrayView<T>> _gather;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _batchInputs;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _batchTargets;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _lastGood;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _best;
    private readonly T _clipNorm;
    private bool _disposed;

    /// <summary>Creates a device trainer; the optimiser (its kind, settings and state) is mirrored on the device.</summary>
    /// <param name="device">Where to train.</param>
    /// <param name="network">The network whose parameters are trained (copied back after every epoch).</param>
    /// <param name="optimizer">The host optimiser to mirror; its state is copied back when <see cref="Fit"/> returns.</param>
    /// <param name="options">The host trainer's options.</param>
    /// <param name="deviceOptions">Device-only settings.</param>
    public DeviceTrainer(ComputeDevice device, TNet network, IOptimizer<T> optimizer, TrainerOptions options, DeviceTrainerOptions? deviceOptions = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        deviceOptions ??= new DeviceTrainerOptions();
        if (deviceOptions.ProgressInterval < 0)
            throw new ArgumentOutOfRangeException(nameof(deviceOptions), deviceOptions.ProgressInterval, "DeviceTrainer: expected a ProgressInterval ≥ 0.");
        int p = TNet.ParameterCount;
        if (optimizer.ParameterCount != p)
            throw new ArgumentException($"DeviceTrainer: {typeof(TNet).Name} has {p} parameters but the optimiser was built for {optimizer.ParameterCount}.", nameof(optimizer));
        // The device kernels run dropout as the identity; training without the masks the host draws would differ silently.
        if (TNet.Layers.Any(l => l.Kind == LayerKind.Dropout))
            throw new NotSupportedException(
                $"DeviceTrainer: {typeof(TNet).Name} has dropout layers, which the device kernels do not draw yet; train it with Trainer (the host path draws the masks).");
        if (options.EarlyStopping is { Metric: StoppingMetric.ValidationAccuracy } && !SampleLoss.HasAccuracy(TNet.LossFunction, TNet.OutputSize))
            throw new ArgumentException(
                $"DeviceTrainer: early stopping on validation accuracy needs a classifier, but {typeof(TNet).Name} has {TNet.OutputSize} output with loss {TNet.LossFunction}, where accuracy is not defined.",
                nameof(options));
        _network = network;
        _hostOptimizer = optimizer;
        _options = options;
        _deviceOptions = deviceOptions;
        Accelerator accelerator = device.Accelerator;
        _device = new DeviceNetwork<TNet, T>(device, network, deviceOptions.Network);
        _optimizer = DeviceOptimizer.Create(accelerator, optimizer);
        _gradientNorm = new DeviceGradientClipping<T>(accelerator);
        _parameterNorm = new DeviceGradientClipping<T>(accelerator);
        _gather = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<int>, int, int, ArrayView<T>>(TrainingKernels.Gather);
        _batchInputs = DeviceMemory.Allocate<T>(accelerator, (long)options.BatchSize * TNet.InputSize, "a mini-batch of inputs");
        _batchTargets = DeviceMemory.Allocate<T>(accelerator, (long)options.BatchSize * TNet.OutputSize, "a mini-batch of targets");
        _lastGood = DeviceMemory.Allocate<T>(accelerator, p, "the last good parameters");
        _best = DeviceMemory.Allocate<T>(accelerator, p, "the best parameters");
        // Without clipping the clipper still measures the norm; a bound no finite norm reaches leaves the gradient alone.
        _clipNorm = options.ClipNorm is double c ? T.CreateChecked(c) : T.CreateSaturating(double.MaxValue);
    }

    /// <summary>Raised once at the end of every epoch that completed (after <see cref="Checkpoint"/>).</summary>
    public event Action<EpochReport>? EpochCompleted;

    /// <summary>Raised for every optimiser step, when its loss has been read back (see <see cref="DeviceTrainerOptions.ProgressInterval"/>).</summary>
    public event Action<BatchProgress>? BatchCompleted;

    /// <summary>Called at the end of every good epoch with the parameters (copied back from the device).</summary>
    public CheckpointWriter<T>? Checkpoint { get; set; }

    /// <summary>The network being trained.</summary>
    public TNet Network => _network;

    /// <summary>The network on the device.</summary>
    public DeviceNetwork<TNet, T> DeviceNetwork => _device;

    /// <summary>The device optimiser.</summary>
    public DeviceOptimizer<T> Optimizer => _optimizer;

    /// <summary>
    /// Runs up to <see cref="TrainerOptions.Epochs"/> epochs as <see cref="Trainer{TNet, T}.Fit"/> does. The network's
    /// parameters are uploaded first and copied back at every epoch end; the host optimiser gets the device state back at the end.
    /// </summary>
    public TrainingResult Fit(TrainingSet<T> training, TrainingSet<T>? validation = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckShape(training, nameof(training));
        if (training.Count == 0) throw new ArgumentException("DeviceTrainer: expected a training set with at least one sample but it is empty.", nameof(training));
        if (validation is not null) CheckShape(validation, nameof(validation));
        EarlyStopping? stopping = _options.EarlyStopping;
        if (stopping is { Metric: StoppingMetric.ValidationLoss or StoppingMetric.ValidationAccuracy } && (validation is null || validation.Count == 0))
            throw new ArgumentException($"DeviceTrainer: early stopping on {stopping.Metric} needs a non-empty validation set but none was given.", nameof(validation));

        int n = training.Count, batch = _options.BatchSize;
        int stepsPerEpoch = _options.DropLast ? n / batch : (n + batch - 1) / batch;
        if (stepsPerEpoch == 0)
            throw new ArgumentException($"DeviceTrainer: with DropLast, expected at least one full batch of {batch} but the training set has {n} samples.", nameof(training));
        int samplesPerEpoch = _options.DropLast ? stepsPerEpoch * batch : n;
        T[] parameters = _network.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            if (!T.IsFinite(parameters[i]))
                throw new ArgumentException($"DeviceTrainer: expected finite starting parameters but parameter {i} of {typeof(TNet).Name} is {parameters[i]}.", nameof(training));
        }

        Accelerator accelerator = _device.Device.Accelerator;
        _optimizer.CopyStateFrom(_hostOptimizer);
        _device.CopyFrom(_network);
        using MemoryBuffer1D<T, Stride1D.Dense> inputs = Upload(accelerator, training.Inputs, "the training inputs");
        using MemoryBuffer1D<T, Stride1D.Dense> targets = Upload(accelerator, training.Targets, "the training targets");
        using MemoryBuffer1D<int, Stride1D.Dense> order = DeviceMemory.Allocate<int>(accelerator, n, "the epoch's sample order");
        using MemoryBuffer1D<T, Stride1D.Dense> stepValues = DeviceMemory.Allocate<T>(accelerator, 3L * stepsPerEpoch, "the steps' losses and norms");
        ArrayView<T> all = stepValues.View;
        ArrayView<T> losses = all.SubView(0, stepsPerEpoch), gradientNorms = all.SubView(stepsPerEpoch, stepsPerEpoch),
            parameterNorms = all.SubView(2L * stepsPerEpoch, stepsPerEpoch);
        var hostValues = new T[3 * stepsPerEpoch];
        Copy(_device.Parameters, _lastGood.View);
        int lastGoodEpoch = 0;

        var permutation = new int[n];
        for (int i = 0; i < n; i++) permutation[i] = i;
        var random = new SeededRandom(_options.Seed);
        var history = new List<EpochReport>(_options.Epochs);
        bool minimise = stopping?.Metric != StoppingMetric.ValidationAccuracy;
        double best = minimise ? double.PositiveInfinity : double.NegativeInfinity;
        int bestEpoch = 0, sinceImprovement = 0;
        bool stoppedEarly = false;
        long globalStep = 0;
        long totalSamples = (long)samplesPerEpoch * _options.Epochs;
        int interval = _deviceOptions.ProgressInterval;
        try
        {
            for (int epoch = 1; epoch <= _options.Epochs; epoch++)
            {
                if (_options.Shuffle) random.Shuffle(permutation.AsSpan());
                ((ArrayView<int>)order.View).CopyFromCPU(permutation);
                all.MemSetToZero();
                double rate = double.CreateChecked(_optimizer.LearningRate);
                int reported = 0;
                long epochFirstStep = globalStep;
                for (int step = 1; step <= stepsPerEpoch; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int start = (step - 1) * batch;
                    int count = Math.Min(batch, n - start);
                    if (_options.Schedule is { } schedule)
                    {
                        rate = schedule.At(_options.ScheduleByEpoch ? epoch - 1 : globalStep);
                        _optimizer.LearningRate = T.CreateChecked(rate);
                    }

                    Step(inputs.View, targets.View, order.View, start, count, losses.SubView(step - 1, 1), gradientNorms.SubView(step - 1, 1), parameterNorms.SubView(step - 1, 1));
                    globalStep++;
                    if (interval > 0 && (step % interval == 0 || step == stepsPerEpoch))
                    {
                        ReadStepValues(all, hostValues);
                        reported = Report(hostValues, stepsPerEpoch, reported, step, epoch, epochFirstStep, batch, n, samplesPerEpoch, totalSamples, lastGoodEpoch);
                    }
                }

                ReadStepValues(all, hostValues);
                Report(hostValues, stepsPerEpoch, reported, stepsPerEpoch, epoch, epochFirstStep, batch, n, samplesPerEpoch, totalSamples, lastGoodEpoch);
                double lossSum = 0, normSum = 0;
                for (int step = 1; step <= stepsPerEpoch; step++)
                {
                    int count = Math.Min(batch, n - (step - 1) * batch);
                    lossSum += double.CreateChecked(hostValues[step - 1]) * count;
                    normSum += double.CreateChecked(hostValues[stepsPerEpoch + step - 1]);
                }

                _device.CopyTo(_network);
                double trainingLoss = lossSum / samplesPerEpoch;
                Metrics? trainMetrics = _options.EvaluateTrainingSet ? Evaluate(inputs.View, training) : null;
                Metrics? validationMetrics = validation is { Count: > 0 } ? Evaluate(validation) : null;
                if (trainMetrics is { Loss: var tl } && !double.IsFinite(tl)) Fail(epoch, 0, globalStep, tl, "training-set loss", lastGoodEpoch);
                if (validationMetrics is { Loss: var vl } && !double.IsFinite(vl)) Fail(epoch, 0, globalStep, vl, "validation loss", lastGoodEpoch);
                Copy(_device.Parameters, _lastGood.View);
                lastGoodEpoch = epoch;

                bool improved = false;
                if (stopping is not null)
                {
                    double value = stopping.Metric switch
                    {
                        StoppingMetric.ValidationLoss => validationMetrics!.Loss,
                        StoppingMetric.ValidationAccuracy => validationMetrics!.Accuracy,
                        _ => trainingLoss,
                    };
                    improved = minimise ? value < best - stopping.MinDelta : value > best + stopping.MinDelta;
                    if (improved)
                    {
                        best = value;
                        bestEpoch = epoch;
                        sinceImprovement = 0;
                        if (stopping.RestoreBest) Copy(_device.Parameters, _best.View);
                    }
                    else sinceImprovement++;
                }

                var report = new EpochReport(epoch, globalStep, rate, trainingLoss, normSum / stepsPerEpoch, trainMetrics, validationMetrics, improved);
                history.Add(report);
                Checkpoint?.Invoke(report, parameters);
                EpochCompleted?.Invoke(report);
                if (stopping is not null && sinceImprovement >= stopping.Patience)
                {
                    stoppedEarly = epoch < _options.Epochs;
                    break;
                }
            }

            if (stopping is null) return new TrainingResult(history, false, history.Count, double.NaN);
            if (stopping.RestoreBest && bestEpoch > 0 && bestEpoch != history.Count)
            {
                Copy(_best.View, _device.Parameters);
                _device.CopyTo(_network);
            }

            return new TrainingResult(history, stoppedEarly, bestEpoch, best);
        }
        finally
        {
            accelerator.Synchronize();
            _optimizer.CopyStateTo(_hostOptimizer);
        }
    }

    private void Step(ArrayView<T> inputs, ArrayView<T> targets, ArrayView<int> order, int start, int count, ArrayView<T> loss, ArrayView<T> gradientNorm, ArrayView<T> parameterNorm)
    {
        int inSize = TNet.InputSize, outSize = TNet.OutputSize;
        ArrayView<T> x = ((ArrayView<T>)_batchInputs.View).SubView(0, (long)count * inSize);
        ArrayView<T> t = ((ArrayView<T>)_batchTargets.View).SubView(0, (long)count * outSize);
        _gather(count * inSize, inputs, order, start, inSize, x);
        _gather(count * outSize, targets, order, start, outSize, t);
        _device.ClearGradient();
        _device.AccumulateGradient(x, t, T.One / T.CreateChecked(count), loss, ArrayView<T>.Empty);
        _gradientNorm.ClipByGlobalNorm(_device.Gradient, _clipNorm);
        Copy(_gradientNorm.Norm, gradientNorm);
        _optimizer.Step(_device.Parameters, _device.Gradient);
        // The parameters' norm is finite exactly when every parameter is (short of overflow, which the exact scan settles).
        _parameterNorm.ClipByGlobalNorm(_device.Parameters, T.CreateSaturating(double.MaxValue));
        Copy(_parameterNorm.Norm, parameterNorm);
    }

    /// <summary>A device-to-device copy on the default stream (ordered with the kernels).</summary>
    private static void Copy(ArrayView<T> from, ArrayView<T> to) => from.AsDense().CopyTo(to.AsDense());

    private void ReadStepValues(ArrayView<T> values, T[] host)
    {
        _device.Device.Accelerator.Synchronize();
        values.CopyToCPU(host);
    }

    /// <summary>Checks and reports steps reported+1..upTo from the values read back; returns the new count reported.</summary>
    private int Report(T[] values, int stepsPerEpoch, int reported, int upTo, int epoch, long epochFirstStep, int batch, int n,
        int samplesPerEpoch, long totalSamples, int lastGoodEpoch)
    {
        for (int step = reported + 1; step <= upTo; step++)
        {
            long globalStep = epochFirstStep + step - 1;
            T loss = values[step - 1], norm = values[stepsPerEpoch + step - 1], parameterNorm = values[2 * stepsPerEpoch + step - 1];
            if (!T.IsFinite(loss)) Fail(epoch, step, globalStep, double.CreateChecked(loss), "loss", lastGoodEpoch);
            if (!T.IsFinite(norm)) Fail(epoch, step, globalStep, double.CreateChecked(norm), "gradient norm", lastGoodEpoch);
            if (!T.IsFinite(parameterNorm)) FailInUpdate(epoch, step, globalStep, lastGoodEpoch);
            int start = (step - 1) * batch;
            int count = Math.Min(batch, n - start);
            BatchCompleted?.Invoke(new BatchProgress(epoch, step, stepsPerEpoch, (long)(epoch - 1) * samplesPerEpoch + start + count, totalSamples, double.CreateChecked(loss)));
        }

        return Math.Max(reported, upTo);
    }

    /// <summary>Mean loss and accuracy on <paramref name="data"/>, the outputs computed on the device, scored as the host trainer scores them.</summary>
    public Metrics Evaluate(TrainingSet<T> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckShape(data, nameof(data));
        if (data.Count == 0) return new Metrics(double.NaN, double.NaN);
        using MemoryBuffer1D<T, Stride1D.Dense> inputs = Upload(_device.Device.Accelerator, data.Inputs, "the evaluation inputs");
        return Evaluate(inputs.View, data);
    }

    private Metrics Evaluate(ArrayView<T> inputs, TrainingSet<T> data)
    {
        int n = data.Count, outSize = TNet.OutputSize;
        using MemoryBuffer1D<T, Stride1D.Dense> outputs = DeviceMemory.Allocate<T>(_device.Device.Accelerator, (long)n * outSize, "the evaluation outputs");
        _device.Forward(inputs.SubView(0, (long)n * TNet.InputSize), ((ArrayView<T>)outputs.View).SubView(0, (long)n * outSize));
        var host = new T[n * outSize];
        _device.Device.Accelerator.Synchronize();
        ((ArrayView<T>)outputs.View).SubView(0, host.Length).CopyToCPU(host);
        Loss lossKind = TNet.LossFunction;
        bool hasAccuracy = SampleLoss.HasAccuracy(lossKind, outSize);
        double lossSum = 0;
        long correct = 0;
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<T> output = host.AsSpan(j * outSize, outSize);
            ReadOnlySpan<T> target = data.Target(j);
            lossSum += SampleLoss.Of(lossKind, output, target);
            if (hasAccuracy && SampleLoss.IsCorrect(lossKind, output, target)) correct++;
        }

        return new Metrics(lossSum / n, hasAccuracy ? (double)correct / n : double.NaN);
    }

    private static MemoryBuffer1D<T, Stride1D.Dense> Upload(Accelerator accelerator, T[] data, string what)
    {
        MemoryBuffer1D<T, Stride1D.Dense> buffer = DeviceMemory.Allocate<T>(accelerator, data.Length, what);
        if (data.Length > 0) ((ArrayView<T>)buffer.View).SubView(0, data.Length).CopyFromCPU(data);
        return buffer;
    }

    private void FailInUpdate(int epoch, int step, long globalStep, int lastGoodEpoch)
    {
        // Which parameter: the device parameters now are past the bad step, but a non-finite value persists through the later updates.
        _device.CopyTo(_network);
        T[] parameters = _network.Parameters;
        int bad = Array.FindIndex(parameters, v => !T.IsFinite(v));
        string what = bad >= 0 ? $"parameter (index {bad}) after the optimiser update" : "parameter norm after the optimiser update";
        Fail(epoch, step, globalStep, bad >= 0 ? double.CreateChecked(parameters[bad]) : double.PositiveInfinity, what, lastGoodEpoch);
    }

    private void Fail(int epoch, int step, long globalStep, double value, string what, int lastGoodEpoch)
    {
        _device.Device.Accelerator.Synchronize();
        Copy(_lastGood.View, _device.Parameters);
        _device.CopyTo(_network);
        throw new NonFiniteLossException(epoch, step, globalStep, value, what, lastGoodEpoch);
    }

    private static void CheckShape(TrainingSet<T> data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.InputSize != TNet.InputSize || data.OutputSize != TNet.OutputSize)
            throw new ArgumentException(
                $"DeviceTrainer: {typeof(TNet).Name} expects inputs of length {TNet.InputSize} and targets of length {TNet.OutputSize} but '{name}' has inputs of length {data.InputSize} and targets of length {data.OutputSize}.",
                name);
    }

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _device.Dispose();
        _optimizer.Dispose();
        _gradientNorm.Dispose();
        _parameterNorm.Dispose();
        _batchInputs.Dispose();
        _batchTargets.Dispose();
        _lastGood.Dispose();
        _best.Dispose();
    }
}
