using System.Numerics;
using System.Numerics.Tensors;
using DslNets.Optimizers;

namespace DslNets.Training;

/// <summary>Receives the parameters at the end of a good epoch (all finite, loss finite), e.g. to write a checkpoint.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="report">The epoch's report.</param>
/// <param name="parameters">The flat parameter vector; valid only during the call.</param>
public delegate void CheckpointWriter<T>(EpochReport report, ReadOnlySpan<T> parameters);

/// <summary>
/// Trains any generated network with an optimiser over mini-batches of a dataset: seeded shuffling, epochs,
/// schedules, clipping, training and validation metrics, a report per epoch, early stopping, and a guard against
/// NaN or infinite losses that restores the last good parameters. The training step allocates nothing (the batch,
/// gradient and output buffers are allocated once, at construction). Writes nothing to the console.
/// </summary>
/// <typeparam name="TNet">The network type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Trainer<TNet, T>
    where TNet : INetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TNet _network;
    private readonly IOptimizer<T> _optimizer;
    private readonly TrainerOptions _options;
    private readonly T[] _batchInputs;
    private readonly T[] _batchTargets;
    private readonly T[] _outputs;
    private readonly T[] _gradient;
    private readonly T[] _lastGood;
    private readonly T[] _best;
    private readonly T? _clipNorm;

    /// <summary>Creates a trainer; the optimiser must be built for <c>TNet.ParameterCount</c> parameters.</summary>
    /// <param name="network">The network whose <see cref="INetwork{TSelf, T}.Parameters"/> are trained in place.</param>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="options">How to train.</param>
    public Trainer(TNet network, IOptimizer<T> optimizer, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int p = TNet.ParameterCount;
        if (optimizer.ParameterCount != p)
            throw new ArgumentException(
                $"Trainer: {typeof(TNet).Name} has {p} parameters but the optimiser was built for {optimizer.ParameterCount}.", nameof(optimizer));
        if (network.Parameters.Length != p)
            throw new ArgumentException(
                $"Trainer: expected {typeof(TNet).Name}.Parameters of length {p} but got length {network.Parameters.Length}.", nameof(network));
        if (options.EarlyStopping is { Metric: StoppingMetric.ValidationAccuracy } && !SampleLoss.HasAccuracy(TNet.LossFunction, TNet.OutputSize))
            throw new ArgumentException(
                $"Trainer: early stopping on validation accuracy needs a classifier, but {typeof(TNet).Name} has {TNet.OutputSize} output with loss {TNet.LossFunction}, where accuracy is not defined.",
                nameof(options));
        _network = network;
        _optimizer = optimizer;
        _options = options;
        _batchInputs = new T[options.BatchSize * TNet.InputSize];
        _batchTargets = new T[options.BatchSize * TNet.OutputSize];
        _outputs = new T[options.BatchSize * TNet.OutputSize];
        _gradient = new T[p];
        _lastGood = new T[p];
        _best = options.EarlyStopping is { RestoreBest: true } ? new T[p] : [];
        _clipNorm = options.ClipNorm is double c ? T.CreateChecked(c) : null;
    }

    /// <summary>Raised once at the end of every epoch that completed (after <see cref="Checkpoint"/>).</summary>
    public event Action<EpochReport>? EpochCompleted;

    /// <summary>Raised after every optimiser step (for progress bars); the argument is a value type.</summary>
    public event Action<BatchProgress>? BatchCompleted;

    /// <summary>Called at the end of every good epoch with the parameters; never called with a non-finite state.</summary>
    public CheckpointWriter<T>? Checkpoint { get; set; }

    /// <summary>The network being trained.</summary>
    public TNet Network => _network;

    /// <summary>The optimiser.</summary>
    public IOptimizer<T> Optimizer => _optimizer;

    /// <summary>
    /// Runs up to <see cref="TrainerOptions.Epochs"/> epochs over <paramref name="training"/>, evaluating on
    /// <paramref name="validation"/> after each. Throws <see cref="NonFiniteLossException"/> (parameters restored to
    /// the last good epoch end) when a loss, gradient or parameter becomes NaN or infinite; it names the step that
    /// produced the value (for a parameter, the step whose optimiser update wrote it, see
    /// <see cref="NonFiniteLossException.Step"/>). Starting parameters that are not all finite are rejected.
    /// </summary>
    /// <param name="training">The training set.</param>
    /// <param name="validation">The validation set, or null.</param>
    /// <param name="cancellationToken">Checked between steps; cancelling throws <see cref="OperationCanceledException"/>.</param>
    /// <remarks>With <see cref="TrainerOptions.Resumable"/>, an existing checkpoint file is resumed (the history then holds
    /// only the epochs this call ran) and the file is rewritten as that option says; a file from another run (network,
    /// optimiser, data size, batch size, seed) throws a <see cref="Checkpoints.CheckpointException"/> naming the difference.</remarks>
    public TrainingResult Fit(TrainingSet<T> training, TrainingSet<T>? validation = null, CancellationToken cancellationToken = default)
    {
        CheckShape(training, nameof(training));
        if (training.Count == 0) throw new ArgumentException("Trainer: expected a training set with at least one sample but it is empty.", nameof(training));
        if (validation is not null) CheckShape(validation, nameof(validation));
        EarlyStopping? stopping = _options.EarlyStopping;
        if (stopping is { Metric: StoppingMetric.ValidationLoss or StoppingMetric.ValidationAccuracy } && (validation is null || validation.Count == 0))
            throw new ArgumentException($"Trainer: early stopping on {stopping.Metric} needs a non-empty validation set but none was given.", nameof(validation));

        int n = training.Count;
        int batch = _options.BatchSize;
        int stepsPerEpoch = _options.DropLast ? n / batch : (n + batch - 1) / batch;
        if (stepsPerEpoch == 0)
            throw new ArgumentException($"Trainer: with DropLast, expected at least one full batch of {batch} but the training set has {n} samples.", nameof(training));
        int samplesPerEpoch = _options.DropLast ? stepsPerEpoch * batch : n;

        var permutation = new int[n];
        for (int i = 0; i < n; i++) permutation[i] = i;
        var random = new SeededRandom(_options.Seed);
        T[] parameters = _network.Parameters;
        int badStart = IndexOfNonFinite(parameters);
        if (badStart >= 0)
            throw new ArgumentException(
                $"Trainer: expected finite starting parameters but parameter {badStart} of {typeof(TNet).Name} is {parameters[badStart]}.", nameof(training));
        parameters.CopyTo(_lastGood, 0);
        int lastGoodEpoch = 0;

        var history = new List<EpochReport>(_options.Epochs);
        bool minimise = stopping?.Metric != StoppingMetric.ValidationAccuracy;
        double best = minimise ? double.PositiveInfinity : double.NegativeInfinity;
        int bestEpoch = 0, sinceImprovement = 0;
        bool stoppedEarly = false;
        long globalStep = 0;
        long totalSamples = (long)samplesPerEpoch * _options.Epochs;

        ResumableCheckpoint? resumable = _options.Resumable;
        Resumption? resumption = resumable is null ? null : new Resumption(this, training.Count, stopping is { RestoreBest: true });
        TrainingState? resumed = resumption?.TryLoad(resumable!.Path);
        int firstEpoch = 1;
        if (resumed is not null)
        {
            // Replaying the shuffles rebuilds the data order; the generator must land where the checkpoint says.
            int shuffles = resumed.Epoch;
            for (int e = 0; e < shuffles && _options.Shuffle; e++) random.Shuffle(permutation.AsSpan());
            resumption!.CheckRandomState(random, resumed, resumable!.Path);
            globalStep = resumed.GlobalStep;
            lastGoodEpoch = resumed.LastGoodEpoch;
            best = resumed.Best;
            bestEpoch = resumed.BestEpoch;
            sinceImprovement = resumed.SinceImprovement;
            firstEpoch = resumed.EpochFinished ? resumed.Epoch + 1 : resumed.Epoch;
        }

        for (int epoch = firstEpoch; epoch <= _options.Epochs; epoch++)
        {
            bool continuing = resumed is { EpochFinished: false } && epoch == resumed.Epoch;
            if (_options.Shuffle && !continuing) random.Shuffle(permutation.AsSpan());
            double lossSum = continuing ? resumed!.LossSum : 0, normSum = continuing ? resumed!.NormSum : 0;
            double rate = double.CreateChecked(_optimizer.LearningRate);
            for (int step = continuing ? resumed!.StepsDone + 1 : 1; step <= stepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = (step - 1) * batch;
                int count = Math.Min(batch, n - start);
                if (_options.Schedule is { } schedule)
                {
                    rate = schedule.At(_options.ScheduleByEpoch ? epoch - 1 : globalStep);
                    _optimizer.LearningRate = T.CreateChecked(rate);
                }
                (double loss, double norm) = TrainStep(training, permutation.AsSpan(start, count), epoch, step, globalStep, lastGoodEpoch);
                globalStep++;
                lossSum += loss * count;
                normSum += norm;
                BatchCompleted?.Invoke(new BatchProgress(epoch, step, stepsPerEpoch, (long)(epoch - 1) * samplesPerEpoch + start + count, totalSamples, loss));
                if (resumable is { EverySteps: > 0 } && globalStep % resumable.EverySteps == 0)
                {
                    resumption!.Save(resumable.Path, new TrainingState(epoch, step, false, globalStep, lastGoodEpoch, lossSum, normSum, best, bestEpoch, sinceImprovement, random.StateWords));
                }
            }

            double trainingLoss = lossSum / samplesPerEpoch;
            Metrics? trainMetrics = _options.EvaluateTrainingSet ? Evaluate(training) : null;
            Metrics? validationMetrics = validation is { Count: > 0 } ? Evaluate(validation) : null;
            if (trainMetrics is { Loss: var tl } && !double.IsFinite(tl)) Fail(epoch, 0, globalStep, tl, "training-set loss", lastGoodEpoch);
            if (validationMetrics is { Loss: var vl } && !double.IsFinite(vl)) Fail(epoch, 0, globalStep, vl, "validation loss", lastGoodEpoch);

            parameters.CopyTo(_lastGood, 0);
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
                    if (stopping.RestoreBest) parameters.CopyTo(_best, 0);
                }
                else sinceImprovement++;
            }

            var report = new EpochReport(epoch, globalStep, rate, trainingLoss, normSum / stepsPerEpoch, trainMetrics, validationMetrics, improved);
            history.Add(report);
            Checkpoint?.Invoke(report, parameters);
            EpochCompleted?.Invoke(report);
            bool stop = stopping is not null && sinceImprovement >= stopping.Patience;
            if (resumable is not null && ((resumable.EveryEpochs > 0 && epoch % resumable.EveryEpochs == 0) || epoch == _options.Epochs || stop))
            {
                resumption!.Save(resumable.Path, new TrainingState(epoch, stepsPerEpoch, true, globalStep, lastGoodEpoch, 0, 0, best, bestEpoch, sinceImprovement, random.StateWords));
            }

            if (stop)
            {
                stoppedEarly = epoch < _options.Epochs;
                break;
            }
        }

        if (stopping is null) return new TrainingResult(history, false, history.Count, double.NaN);
        if (stopping.RestoreBest && bestEpoch > 0 && bestEpoch != history.Count) _best.CopyTo(parameters, 0);
        return new TrainingResult(history, stoppedEarly, bestEpoch, best);
    }

    /// <summary>
    /// The resumable checkpoint of one <see cref="Fit"/>: its layout and one buffer (parameters, last good, best, the
    /// optimiser's arrays end to end), allocated once per Fit, and the run's identity that a resumed file must match.
    /// </summary>
    private sealed class Resumption
    {
        private readonly Trainer<TNet, T> _trainer;
        private readonly List<TensorInfo> _layout;
        private readonly T[] _buffer;
        private readonly Dictionary<string, string> _identity;
        private readonly bool _withBest;

        public Resumption(Trainer<TNet, T> trainer, int trainingCount, bool withBest)
        {
            _trainer = trainer;
            _withBest = withBest;
            _layout = TrainingCheckpointFile.Layout(TNet.ParameterCount, trainer._optimizer, withBest);
            _buffer = new T[_layout.Count * TNet.ParameterCount];
            _identity = TrainingCheckpointFile.Identity<TNet, T>(trainer._optimizer, trainer._options, trainingCount);
        }

        /// <summary>Restores the state in <paramref name="path"/> into the trainer, or returns null when there is no such file.</summary>
        public TrainingState? TryLoad(string path)
        {
            if (!File.Exists(path)) return null;
            TrainingState state = TrainingCheckpointFile.Load(path, _layout, _buffer, _identity, _trainer._optimizer);
            int p = TNet.ParameterCount, at = 0;
            _buffer.AsSpan(at++ * p, p).CopyTo(_trainer._network.Parameters);
            _buffer.AsSpan(at++ * p, p).CopyTo(_trainer._lastGood);
            if (_withBest) _buffer.AsSpan(at++ * p, p).CopyTo(_trainer._best);
            foreach ((_, T[] values) in OptimizerState.Arrays(_trainer._optimizer)) _buffer.AsSpan(at++ * p, p).CopyTo(values);
            return state;
        }

        public void Save(string path, TrainingState state)
        {
            int p = TNet.ParameterCount, at = 0;
            _trainer._network.Parameters.CopyTo(_buffer.AsSpan(at++ * p, p));
            _trainer._lastGood.CopyTo(_buffer.AsSpan(at++ * p, p));
            if (_withBest) _trainer._best.CopyTo(_buffer.AsSpan(at++ * p, p));
            foreach ((_, T[] values) in OptimizerState.Arrays(_trainer._optimizer)) values.CopyTo(_buffer.AsSpan(at++ * p, p));
            TrainingCheckpointFile.Save(path, _layout, _buffer, _identity, state, _trainer._optimizer);
        }

        /// <summary>After replaying the shuffles, the generator must stand where the checkpoint recorded it.</summary>
        public void CheckRandomState(SeededRandom random, TrainingState state, string path)
        {
            if (!random.StateWords.AsSpan().SequenceEqual(state.RandomState))
            {
                throw new Checkpoints.CheckpointException(
                    $"{path}: replaying {state.Epoch} epochs of shuffling from the seed does not reach the generator position the checkpoint recorded; the data order cannot be resumed");
            }
        }
    }

    /// <summary>Mean loss and accuracy of the network on <paramref name="data"/> (forward passes in chunks of the batch size).</summary>
    public Metrics Evaluate(TrainingSet<T> data)
    {
        CheckShape(data, nameof(data));
        int n = data.Count;
        if (n == 0) return new Metrics(double.NaN, double.NaN);
        int inSize = TNet.InputSize, outSize = TNet.OutputSize, batch = _options.BatchSize;
        Loss lossKind = TNet.LossFunction;
        bool hasAccuracy = SampleLoss.HasAccuracy(lossKind, outSize);
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < n; start += batch)
        {
            int count = Math.Min(batch, n - start);
            Span<T> outputs = _outputs.AsSpan(0, count * outSize);
            _network.ForwardBatch(data.Inputs.AsSpan(start * inSize, count * inSize), outputs);
            for (int j = 0; j < count; j++)
            {
                ReadOnlySpan<T> output = outputs.Slice(j * outSize, outSize);
                ReadOnlySpan<T> target = data.Target(start + j);
                lossSum += SampleLoss.Of(lossKind, output, target);
                if (hasAccuracy && SampleLoss.IsCorrect(lossKind, output, target)) correct++;
            }
        }
        return new Metrics(lossSum / n, hasAccuracy ? (double)correct / n : double.NaN);
    }

    /// <summary>
    /// One optimiser step on the samples <paramref name="indices"/> of <paramref name="data"/>: gathers them into the
    /// batch buffers, computes the mean gradient, checks it, clips it and steps. Allocates nothing.
    /// Returns the batch's mean loss and the gradient norm before clipping.
    /// </summary>
    internal (double Loss, double GradientNorm) TrainStep(TrainingSet<T> data, ReadOnlySpan<int> indices, int epoch, int step, long globalStep, int lastGoodEpoch)
    {
        int inSize = TNet.InputSize, outSize = TNet.OutputSize, count = indices.Length;
        Span<T> inputs = _batchInputs.AsSpan(0, count * inSize);
        Span<T> targets = _batchTargets.AsSpan(0, count * outSize);
        for (int j = 0; j < count; j++)
        {
            data.Input(indices[j]).CopyTo(inputs.Slice(j * inSize, inSize));
            data.Target(indices[j]).CopyTo(targets.Slice(j * outSize, outSize));
        }
        Span<T> gradient = _gradient;
        gradient.Clear();
        // Dropout layers (if any) draw this step's masks from the run's seed and the global step, so a resumed run
        // draws what an uninterrupted one would.
        T loss = _network.GradientBatch(inputs, targets, gradient, T.One / T.CreateChecked(count), new DropoutDraw(_options.Seed, globalStep));
        if (!T.IsFinite(loss)) Fail(epoch, step, globalStep, double.CreateChecked(loss), "loss", lastGoodEpoch);
        T norm = TensorPrimitives.Norm<T>(gradient);
        if (!T.IsFinite(norm)) Fail(epoch, step, globalStep, double.CreateChecked(norm), "gradient norm", lastGoodEpoch);
        if (_clipNorm is T clip) GradientClipping.ClipByGlobalNorm(gradient, clip);
        T[] parameters = _network.Parameters;
        _optimizer.Step(parameters, gradient);
        // A NaN or ∞ the update writes would only show as the next step's loss, blaming an innocent batch; checking
        // here names the update that did it. One vectorised pass: any non-finite entry makes the sum non-finite (a
        // finite sum that overflows costs only the exact scan).
        if (!T.IsFinite(TensorPrimitives.Sum<T>(parameters)))
        {
            int bad = IndexOfNonFinite(parameters);
            if (bad >= 0) FailInUpdate(epoch, step, globalStep, bad, lastGoodEpoch);
        }
        return (double.CreateChecked(loss), double.CreateChecked(norm));
    }

    /// <summary>The optimiser update of step <paramref name="step"/> wrote a non-finite value into parameter <paramref name="index"/>.</summary>
    private void FailInUpdate(int epoch, int step, long globalStep, int index, int lastGoodEpoch) =>
        Fail(epoch, step, globalStep, double.CreateChecked(_network.Parameters[index]), $"parameter (index {index}) after the optimiser update", lastGoodEpoch);

    private void Fail(int epoch, int step, long globalStep, double value, string what, int lastGoodEpoch)
    {
        _lastGood.CopyTo(_network.Parameters, 0);
        throw new NonFiniteLossException(epoch, step, globalStep, value, what, lastGoodEpoch);
    }

    private static int IndexOfNonFinite(ReadOnlySpan<T> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i])) return i;
        return -1;
    }

    private static void CheckShape(TrainingSet<T> data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.InputSize != TNet.InputSize || data.OutputSize != TNet.OutputSize)
            throw new ArgumentException(
                $"Trainer: {typeof(TNet).Name} expects inputs of length {TNet.InputSize} and targets of length {TNet.OutputSize} but '{name}' has inputs of length {data.InputSize} and targets of length {data.OutputSize}.",
                name);
    }
}
