using System.Numerics;
using DslNets.Tron;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// <see cref="GlmTron{TNet, T}"/> on an accelerator: for a single gate u(wᵀx) (a bias-free Dense(1) with ReLU, LeakyReLU or
/// Identity), w ← w + (η/b)·Σ_j (y_j − u(wᵀx_j))·x_j, many iterations per call on a sample kept on the device, with no
/// host round trip per iteration. <see cref="Run"/> takes the mini-batch form (b rows drawn with replacement each step
/// from a counter-based uniform stream: row j of step s is ⌊u·m⌋, at most m − 1, with
/// u = <see cref="DeviceRandom.Uniform"/>(seed, s·b + j)); <see cref="RunFullBatch"/> takes all m samples each step
/// (η = 1 is the original algorithm). The run is one launch of one group of threads; each wᵀx_j is one thread's loop and
/// each coordinate's update Σ_j coefficient_j·x_jc one thread's loop in batch order (the host's order), so a run repeats
/// exactly and equals the host learner fed the same batches to rounding (no atomics). A group's threads share a step's
/// b + n pieces of work: this pays for many small steps, not for a single batch of millions of samples.
/// Not thread-safe; one instance per run.
/// </summary>
/// <typeparam name="TNet">A network of one bias-free Dense(1) layer with ReLU, LeakyReLU or Identity, squared error.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed class DeviceGlmTron<TNet, T> : IDisposable
    where TNet : INetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const string Owner = "DeviceGlmTron";
    private readonly int _weightOffset;
    private readonly int _groupSize;
    private readonly Activation _activation;
    private readonly T _leakySlope;
    private readonly Action<KernelConfig, GlmTronArguments<T>> _kernel;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _weights, _target;
    private readonly DistanceRecording _recording;
    private MemoryBuffer1D<T, Stride1D.Dense>? _ownedData, _ownedLabels;
    private MemoryBuffer1D<int, Stride1D.Dense> _rows;
    private MemoryBuffer1D<T, Stride1D.Dense> _coefficients;
    private ArrayView<T> _data, _labels;
    private int _samples;
    private double _learningRate;
    private long _stepsTaken;
    private bool _hasTarget;
    private bool _disposed;

    /// <summary>Creates the learner with the host learner's arguments and checks; the network's weights are the start.</summary>
    /// <param name="accelerator">Runs the kernel and holds the state.</param>
    /// <param name="network">A network of one bias-free Dense(1) layer with ReLU, LeakyReLU or Identity, squared error.</param>
    /// <param name="learningRate">η &gt; 0 (1 for the original algorithm).</param>
    /// <param name="batchSize">b ≥ 1: the rows <see cref="Run"/> draws per step.</param>
    /// <exception cref="ArgumentException">The network is not a single bias-free gate with one of those activations and squared error.</exception>
    /// <exception cref="ArgumentOutOfRangeException">η is not finite and positive, or b &lt; 1.</exception>
    public DeviceGlmTron(Accelerator accelerator, TNet network, double learningRate, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        // The host learner checks the network, η and b with its messages.
        _ = new GlmTron<TNet, T>(network, learningRate, batchSize);
        _kernel = LoadKernel(accelerator);
        Accelerator = accelerator;
        LayerInfo gate = TNet.Layers[0];
        _weightOffset = gate.WeightOffset;
        _activation = gate.Activation;
        _leakySlope = T.CreateTruncating(gate.LeakySlope);
        _groupSize = TronGroup.GroupSize(accelerator);
        _learningRate = learningRate;
        BatchSize = batchSize;
        _weights = DeviceMemory.Allocate<T>(accelerator, InputSize, "the GLM-Tron weights w");
        _target = DeviceMemory.Allocate<T>(accelerator, InputSize, "the target weights w*");
        _rows = DeviceMemory.Allocate<int>(accelerator, batchSize, "the batch's rows");
        _coefficients = DeviceMemory.Allocate<T>(accelerator, batchSize, "the batch's coefficients");
        _recording = new DistanceRecording(accelerator);
        CopyFrom(network);
    }

    /// <summary>The accelerator the learner runs on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>η (finite, &gt; 0); a change applies from the next run.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value > 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "Expected a finite learning rate η > 0.");
            _learningRate = value;
        }
    }

    /// <summary>b: the rows <see cref="Run"/> draws per step.</summary>
    public int BatchSize { get; }

    /// <summary>n.</summary>
    public int InputSize => TNet.InputSize;

    /// <summary>m: the samples of the last <c>SetSample</c> (0 before any).</summary>
    public int SampleCount => _samples;

    /// <summary>The weights w on the device (n numbers), updated in place by the runs.</summary>
    public ArrayView<T> Weights => _weights.View;

    /// <summary>The iterations run so far: the next random batch is step <see cref="StepsTaken"/> of the row stream. Set it to replay or skip.</summary>
    public long StepsTaken
    {
        get => _stepsTaken;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _stepsTaken = value;
        }
    }

    /// <summary>Uploads <paramref name="network"/>'s weights as w.</summary>
    public void CopyFrom(TNet network)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(network);
        _weights.View.BaseView.CopyFromCPU(network.Parameters.AsSpan(_weightOffset, InputSize));
    }

    /// <summary>Waits for the queued runs and writes w into <paramref name="network"/>'s weights.</summary>
    public void CopyTo(TNet network)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(network);
        Accelerator.Synchronize();
        _weights.View.BaseView.CopyToCPU(network.Parameters.AsSpan(_weightOffset, InputSize));
    }

    /// <summary>Sets w* (n numbers), the point the recorded distances are measured from.</summary>
    public void SetTarget(ReadOnlySpan<T> target)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (target.Length != InputSize)
            throw new ArgumentException($"{Owner}: expected target weights w* of n = {InputSize} numbers; got {target.Length}.", nameof(target));
        _target.View.BaseView.CopyFromCPU(target);
        _hasTarget = true;
    }

    /// <summary>Uploads the whole sample (m×n inputs, row-major, and m labels) into buffers this learner owns.</summary>
    public void SetSample(ReadOnlySpan<T> inputs, ReadOnlySpan<T> labels)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckSample(inputs.Length, labels.Length);
        ReleaseOwnedSample();
        _ownedData = DeviceMemory.Allocate<T>(Accelerator, inputs.Length, "the GLM-Tron sample's inputs");
        _ownedLabels = DeviceMemory.Allocate<T>(Accelerator, labels.Length, "the GLM-Tron sample's labels");
        _ownedData.View.BaseView.CopyFromCPU(inputs);
        _ownedLabels.View.BaseView.CopyFromCPU(labels);
        UseSample(_ownedData.View, _ownedLabels.View, labels.Length);
    }

    /// <summary>Uses a sample already on this accelerator (m×n inputs, m labels); the views are borrowed, not copied, and must outlive the runs.</summary>
    public void SetSample(ArrayView<T> inputs, ArrayView<T> labels)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (labels.Length > int.MaxValue)
            throw new ArgumentException($"{Owner}: expected at most {int.MaxValue} samples; got {labels.Length}.", nameof(labels));
        CheckSample(inputs.Length, labels.Length);
        DeviceArguments.RequireOn(inputs, Accelerator, nameof(inputs));
        DeviceArguments.RequireOn(labels, Accelerator, nameof(labels));
        ReleaseOwnedSample();
        UseSample(inputs, labels, (int)labels.Length);
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> mini-batch steps in one launch, each on <see cref="BatchSize"/> rows drawn with
    /// replacement from the row stream <paramref name="seed"/> (steps <see cref="StepsTaken"/> onwards). With
    /// <paramref name="distances"/> (length ⌊iterations/recordEvery⌋ + 1), records ‖w − w*‖ before the first step and after
    /// every <paramref name="recordEvery"/>-th, computed on the device in double and read back once at the end.
    /// </summary>
    /// <exception cref="InvalidOperationException">No sample was set, or distances were asked for without a target.</exception>
    public void Run(int iterations, ulong seed, Span<double> distances = default, int recordEvery = 1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireSample();
        int record = _recording.Prepare(Owner, iterations, distances, recordEvery, _hasTarget);
        GlmTronArguments<T> arguments = Arguments(iterations, record, BatchSize);
        arguments.Seed = seed;
        Launch(arguments, distances);
    }

    /// <summary>Runs <paramref name="iterations"/> full-batch steps w ← w + (η/m)·Σ over all m samples, in one launch; distances as in <see cref="Run"/>.</summary>
    /// <exception cref="InvalidOperationException">No sample was set, or distances were asked for without a target.</exception>
    public void RunFullBatch(int iterations, Span<double> distances = default, int recordEvery = 1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireSample();
        int record = _recording.Prepare(Owner, iterations, distances, recordEvery, _hasTarget);
        GlmTronArguments<T> arguments = Arguments(iterations, record, _samples);
        arguments.FullBatch = 1;
        Launch(arguments, distances);
    }

    /// <summary>Frees the device buffers this learner owns (not borrowed sample views).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        ReleaseOwnedSample();
        _weights.Dispose();
        _target.Dispose();
        _rows.Dispose();
        _coefficients.Dispose();
        _recording.Dispose();
    }

    private void CheckSample(long inputs, long labels)
    {
        if (labels < 1)
            throw new ArgumentException($"{Owner}: expected a sample of m ≥ 1 labels; got {labels}.", nameof(labels));
        if (inputs != labels * InputSize)
            throw new ArgumentException($"{Owner}: expected inputs of m×n = {labels}×{InputSize} = {labels * InputSize} numbers for {labels} labels; got {inputs}.", nameof(inputs));
    }

    private void UseSample(ArrayView<T> inputs, ArrayView<T> labels, int samples)
    {
        _data = inputs;
        _labels = labels;
        _samples = samples;
        // The full batch needs a row and a coefficient per sample.
        if (_rows.Length < samples)
        {
            _rows.Dispose();
            _coefficients.Dispose();
            _rows = DeviceMemory.Allocate<int>(Accelerator, samples, "the batch's rows");
            _coefficients = DeviceMemory.Allocate<T>(Accelerator, samples, "the batch's coefficients");
        }
    }

    private void ReleaseOwnedSample()
    {
        _ownedData?.Dispose();
        _ownedLabels?.Dispose();
        _ownedData = null;
        _ownedLabels = null;
        _samples = 0;
    }

    private void RequireSample()
    {
        if (_samples == 0) throw new InvalidOperationException($"{Owner}: no sample on the device: call SetSample first.");
    }

    private GlmTronArguments<T> Arguments(int iterations, int recordEvery, int batchSize) => new()
    {
        Inputs = InputSize,
        Samples = _samples,
        BatchSize = batchSize,
        Iterations = iterations,
        FirstStep = _stepsTaken,
        RecordEvery = recordEvery,
        Activation = (int)_activation,
        // As the host rounds it: η and the batch size to T, then divided.
        Scale = T.CreateTruncating(_learningRate) / T.CreateTruncating(batchSize),
        LeakySlope = _leakySlope,
        Weights = _weights.View,
        Data = _data,
        Labels = _labels,
        Rows = _rows.View,
        Coefficients = _coefficients.View,
        Target = _target.View,
        Distances = _recording.View,
    };

    private void Launch(GlmTronArguments<T> arguments, Span<double> distances)
    {
        _kernel(new KernelConfig(1, _groupSize), arguments);
        _stepsTaken += arguments.Iterations;
        _recording.Read(distances);
    }

    private static Action<KernelConfig, GlmTronArguments<T>> LoadKernel(Accelerator accelerator)
    {
        if (typeof(T) == typeof(double))
            return (Action<KernelConfig, GlmTronArguments<T>>)(object)
                accelerator.LoadStreamKernel<GlmTronArguments<double>>(GlmTronKernel.Run<double, DoubleReal>);
        if (typeof(T) == typeof(float))
            return (Action<KernelConfig, GlmTronArguments<T>>)(object)
                accelerator.LoadStreamKernel<GlmTronArguments<float>>(GlmTronKernel.Run<float, FloatReal>);
        throw new NotSupportedException($"{Owner}: expected float or double but got {typeof(T).Name}.");
    }
}
