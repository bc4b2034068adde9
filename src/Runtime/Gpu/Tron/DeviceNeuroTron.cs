using System.Numerics;
using DslNets.Tron;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// <see cref="NeuroTron{TNet, T}"/> on an accelerator: the update w ← w + (η/b)·M·Σ_j (y_j − f_w(x_j))·x_j with
/// f_w(x) = (1/k) Σ_i ReLU(wᵀA_i x), many iterations per call and no host round trip per iteration. The filter w, M, the
/// A_i and the mini-batches live on the device; the whole run is one launch of one group of threads (a Tron step of the
/// papers' sizes, n = 100, r = 25, b = 16, is a few thousand multiply-adds: too small to fill a GPU, so what is saved is
/// the per-step launches and transfers, not arithmetic).
/// <para>
/// f_w is evaluated in the host's factored form (<see cref="NeuroTronForward.Factored"/>): the directions A_iᵀw are formed
/// once per step, and when the A_i lie on a line M̄ + c_i·C (as in the experiments, found by the host's own test) only
/// M̄ᵀw and Cᵀw, so a sample costs two dot products. Sums are not reduced across threads: each is one thread's
/// sequential loop, the batch sums Σ_j (y_j − f_w(x_j))·x_jc in sample order (the host's order), so a run repeats
/// exactly and equals the host learner fed the same batches to rounding (no atomics, nothing depends on the group size
/// but the recorded distances' last bits, which a fixed tree sums).
/// </para>
/// <para>
/// Data: either batches already on the device (<see cref="Run(ArrayView{T}, ArrayView{T}, Span{double}, int)"/>), or
/// fresh batches drawn on the device each step from a teacher θ* and a <see cref="DeviceTeacherStream"/>
/// (<see cref="SetTeacher"/>, then <see cref="Run(int, Span{double}, int)"/>): Gaussian inputs, labels f_{θ*}(x) with
/// optional Gaussian noise and the poisoning attack of the experiments. Laplace and Student-t inputs are not drawn on
/// the device (the stream refuses them); draw them on the host and pass the batches.
/// </para>
/// The A_i and M are copied at construction, as the host learner copies them. Not thread-safe; one instance per run.
/// </summary>
/// <typeparam name="TNet">A network of one shared-filter layer with fixed matrices (Stride = 0), ReLU, squared error.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed class DeviceNeuroTron<TNet, T> : IDisposable
    where TNet : INetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const string Owner = "DeviceNeuroTron";
    private readonly SharedFilterShape _shape;
    private readonly FilterBasis<T> _basis;
    private readonly int _groupSize;
    private readonly int _teacherCapacity;
    private readonly Action<KernelConfig, NeuroTronArguments<T>> _kernel;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _filter, _basisMatrices, _mixing, _updateMatrix, _directions;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _teacherDirections, _teacherMixing, _target;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _batch, _dots, _residuals, _sums;
    private readonly DistanceRecording _recording;
    private double _learningRate;
    private long _stepsTaken;
    private int _teacherDirectionCount;
    private bool _hasTarget;
    private bool _disposed;

    /// <summary>
    /// Creates the learner with the host learner's arguments and checks, and uploads the start: unless
    /// <paramref name="keepFilter"/>, w is set to all ones (the experiments' start) in <paramref name="network"/> too.
    /// </summary>
    /// <param name="accelerator">Runs the kernel and holds the state.</param>
    /// <param name="network">A network of one shared-filter layer with fixed matrices, ReLU, squared error; its A_i are copied.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="batchSize">b ≥ 1.</param>
    /// <param name="updateMatrix">M (r×n row-major); empty for the mean of the A_i.</param>
    /// <param name="keepFilter">Keep the network's current filter instead of starting from all ones.</param>
    /// <exception cref="ArgumentException">The network is not a ReLU shared-filter net with fixed matrices and squared error, or M has the wrong size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">η is not finite and positive, or b &lt; 1.</exception>
    public DeviceNeuroTron(Accelerator accelerator, TNet network, double learningRate, int batchSize, ReadOnlySpan<T> updateMatrix = default, bool keepFilter = false)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        // The host learner checks the network, η, b and M with its messages, and makes M and the start exactly as it does.
        var host = new NeuroTron<TNet, T>(network, learningRate, batchSize, updateMatrix, NeuroTronForward.Factored, keepFilter);
        _kernel = LoadKernel(accelerator);
        Accelerator = accelerator;
        _shape = SharedFilterShape.Of<TNet>("Neuro-Tron", patches: false);
        _basis = FilterBasis<T>.Of(network);
        _groupSize = TronGroup.GroupSize(accelerator);
        _learningRate = learningRate;
        BatchSize = batchSize;
        int n = _shape.Inputs, r = _shape.FilterSize, k = _shape.Count, directions = _basis.Directions;
        // A teacher of the same type splits its own A_i into 2 (a line) or k matrices.
        _teacherCapacity = Math.Max(2, k);
        long batch = (long)batchSize * n;
        if (batch > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"{Owner}: a batch of b×n = {batchSize}×{n} numbers exceeds {int.MaxValue}.");
        _filter = DeviceMemory.Allocate<T>(accelerator, r, "the Neuro-Tron filter w");
        _basisMatrices = DeviceMemory.Allocate<T>(accelerator, (long)directions * r * n, "the filter matrices");
        _mixing = DeviceMemory.Allocate<T>(accelerator, (long)k * directions, "the filter matrices' mixing");
        _updateMatrix = DeviceMemory.Allocate<T>(accelerator, (long)r * n, "the update matrix M");
        _directions = DeviceMemory.Allocate<T>(accelerator, (long)directions * n, "the filter directions");
        _teacherDirections = DeviceMemory.Allocate<T>(accelerator, (long)_teacherCapacity * n, "the teacher's directions");
        _teacherMixing = DeviceMemory.Allocate<T>(accelerator, (long)k * _teacherCapacity, "the teacher's mixing");
        _target = DeviceMemory.Allocate<T>(accelerator, r, "the target filter θ*");
        _batch = DeviceMemory.Allocate<T>(accelerator, batch, "a fresh Neuro-Tron batch");
        _dots = DeviceMemory.Allocate<T>(accelerator, (long)batchSize * (directions + _teacherCapacity), "the batch's dot products");
        _residuals = DeviceMemory.Allocate<T>(accelerator, batchSize, "the batch's residuals");
        _sums = DeviceMemory.Allocate<T>(accelerator, n, "the weighted input sum");
        _recording = new DistanceRecording(accelerator);
        _basisMatrices.View.BaseView.CopyFromCPU(_basis.Basis);
        _mixing.View.BaseView.CopyFromCPU(_basis.Mixing);
        _updateMatrix.View.BaseView.CopyFromCPU(host.UpdateMatrix);
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

    /// <summary>b.</summary>
    public int BatchSize { get; }

    /// <summary>n.</summary>
    public int InputSize => _shape.Inputs;

    /// <summary>r: the length of the filter w.</summary>
    public int FilterSize => _shape.FilterSize;

    /// <summary>True when the A_i lie on a line and a sample costs two dot products (as the host's <see cref="NeuroTron{TNet, T}.UsesLineStructure"/>).</summary>
    public bool UsesLineStructure => _basis.UsesLine;

    /// <summary>The filter w on the device (r numbers), updated in place by the runs.</summary>
    public ArrayView<T> Filter => _filter.View;

    /// <summary>The teacher stream of <see cref="SetTeacher"/>, or null.</summary>
    public DeviceTeacherStream? Stream { get; private set; }

    /// <summary>
    /// The iterations run so far: the next fresh batch is the stream's step <see cref="StepsTaken"/> (sample numbers
    /// StepsTaken·b onwards). Set it to replay or skip part of the stream.
    /// </summary>
    public long StepsTaken
    {
        get => _stepsTaken;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _stepsTaken = value;
        }
    }

    /// <summary>Uploads <paramref name="network"/>'s filter as w (its A_i are not read again).</summary>
    public void CopyFrom(TNet network)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(network);
        _filter.View.BaseView.CopyFromCPU(network.Parameters.AsSpan(_shape.WeightOffset, _shape.FilterSize));
    }

    /// <summary>Waits for the queued runs and writes w into <paramref name="network"/>'s filter.</summary>
    public void CopyTo(TNet network)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(network);
        Accelerator.Synchronize();
        _filter.View.BaseView.CopyToCPU(network.Parameters.AsSpan(_shape.WeightOffset, _shape.FilterSize));
    }

    /// <summary>Sets θ* (r numbers), the point the recorded distances are measured from.</summary>
    public void SetTarget(ReadOnlySpan<T> target)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (target.Length != FilterSize)
            throw new ArgumentException($"{Owner}: expected a target filter θ* of r = {FilterSize} numbers; got {target.Length}.", nameof(target));
        _target.View.BaseView.CopyFromCPU(target);
        _hasTarget = true;
    }

    /// <summary>
    /// Sets the source of fresh batches: labels f_{θ*}(x) of <paramref name="teacher"/> (θ* its filter, with its own A_i,
    /// read now: later changes to the teacher are not seen) on inputs drawn from <paramref name="stream"/>; θ* also
    /// becomes the target of the recorded distances.
    /// </summary>
    public void SetTeacher(TNet teacher, DeviceTeacherStream stream)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(stream);
        var basis = FilterBasis<T>.Of(teacher);
        ReadOnlySpan<T> filter = teacher.Parameters.AsSpan(_shape.WeightOffset, _shape.FilterSize);
        var directions = new T[basis.Directions * InputSize];
        basis.FormDirections(filter, directions);
        _teacherDirections.View.BaseView.SubView(0, directions.Length).CopyFromCPU(directions);
        _teacherMixing.View.BaseView.SubView(0, basis.Mixing.Length).CopyFromCPU(basis.Mixing);
        _teacherDirectionCount = basis.Directions;
        Stream = stream;
        SetTarget(filter);
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> steps on fresh batches from the teacher stream (steps <see cref="StepsTaken"/>
    /// onwards) in one launch. With <paramref name="distances"/> (length ⌊iterations/recordEvery⌋ + 1), records
    /// ‖w − θ*‖ before the first step and after every <paramref name="recordEvery"/>-th, computed on the device in double
    /// and read back once at the end.
    /// </summary>
    /// <exception cref="InvalidOperationException">No teacher was set.</exception>
    public void Run(int iterations, Span<double> distances = default, int recordEvery = 1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        DeviceTeacherStream stream = Stream ?? throw new InvalidOperationException($"{Owner}: fresh batches need a teacher: call SetTeacher first, or pass batches already on the device.");
        int record = _recording.Prepare(Owner, iterations, distances, recordEvery, _hasTarget);
        NeuroTronArguments<T> arguments = Arguments(iterations, record);
        arguments.Fresh = 1;
        arguments.TeacherDirectionCount = _teacherDirectionCount;
        arguments.InputScale = stream.InputStandardDeviation;
        arguments.LabelNoise = stream.LabelNoise;
        arguments.AttackProbability = stream.Attack.Probability;
        arguments.AttackMagnitude = stream.Attack.Magnitude;
        arguments.InputSeed = stream.InputSeed;
        arguments.NoiseSeed = stream.NoiseSeed;
        arguments.AttackSeed = stream.AttackSeed;
        arguments.Batch = _batch.View;
        arguments.Labels = ArrayView<T>.Empty;
        Launch(arguments, distances);
    }

    /// <summary>
    /// Runs one step per batch of <paramref name="inputs"/> (T·b×n row-major, batch t in rows t·b .. t·b + b − 1) and
    /// <paramref name="labels"/> (T·b), both on this accelerator, in one launch. Distances as in <see cref="Run(int, Span{double}, int)"/>
    /// (they need <see cref="SetTarget"/> or <see cref="SetTeacher"/>).
    /// </summary>
    public void Run(ArrayView<T> inputs, ArrayView<T> labels, Span<double> distances = default, int recordEvery = 1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int b = BatchSize, n = InputSize;
        if (labels.Length == 0 || labels.Length % b != 0)
            throw new ArgumentException($"{Owner}: expected labels for whole batches, a positive multiple of b = {b}; got {labels.Length}.", nameof(labels));
        long iterations = labels.Length / b;
        if (iterations > int.MaxValue)
            throw new ArgumentException($"{Owner}: expected at most {int.MaxValue} batches per run; got {iterations}.", nameof(labels));
        if (inputs.Length != labels.Length * n)
            throw new ArgumentException(
                $"{Owner}: expected inputs of (batches·b)×n = {labels.Length}×{n} = {labels.Length * n} numbers for {labels.Length} labels; got {inputs.Length}.", nameof(inputs));
        DeviceArguments.RequireOn(inputs, Accelerator, nameof(inputs));
        DeviceArguments.RequireOn(labels, Accelerator, nameof(labels));
        int record = _recording.Prepare(Owner, (int)iterations, distances, recordEvery, _hasTarget);
        NeuroTronArguments<T> arguments = Arguments((int)iterations, record);
        arguments.Batch = inputs;
        arguments.Labels = labels;
        Launch(arguments, distances);
    }

    /// <summary>Frees the device buffers.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var buffer in new[] { _filter, _basisMatrices, _mixing, _updateMatrix, _directions, _teacherDirections, _teacherMixing, _target, _batch, _dots, _residuals, _sums })
            buffer.Dispose();
        _recording.Dispose();
    }

    private NeuroTronArguments<T> Arguments(int iterations, int recordEvery) => new()
    {
        Inputs = InputSize,
        FilterSize = FilterSize,
        Count = _shape.Count,
        DirectionCount = _basis.Directions,
        BatchSize = BatchSize,
        Iterations = iterations,
        FirstStep = _stepsTaken,
        RecordEvery = recordEvery,
        // As the host rounds them: η and b to T, then divided; 1 over k in T.
        Scale = T.CreateTruncating(_learningRate) / T.CreateTruncating(BatchSize),
        InverseCount = T.One / T.CreateTruncating(_shape.Count),
        Filter = _filter.View,
        Basis = _basisMatrices.View,
        Mixing = _mixing.View,
        UpdateMatrix = _updateMatrix.View,
        FilterDirections = _directions.View,
        TeacherDirections = _teacherDirections.View,
        TeacherMixing = _teacherMixing.View,
        Target = _target.View,
        Dots = _dots.View,
        Residuals = _residuals.View,
        Sums = _sums.View,
        Distances = _recording.View,
    };

    private void Launch(NeuroTronArguments<T> arguments, Span<double> distances)
    {
        _kernel(new KernelConfig(1, _groupSize), arguments);
        _stepsTaken += arguments.Iterations;
        _recording.Read(distances);
    }

    private static Action<KernelConfig, NeuroTronArguments<T>> LoadKernel(Accelerator accelerator)
    {
        if (typeof(T) == typeof(double))
            return (Action<KernelConfig, NeuroTronArguments<T>>)(object)
                accelerator.LoadStreamKernel<NeuroTronArguments<double>>(NeuroTronKernel.Run<double, DoubleReal>);
        if (typeof(T) == typeof(float))
            return (Action<KernelConfig, NeuroTronArguments<T>>)(object)
                accelerator.LoadStreamKernel<NeuroTronArguments<float>>(NeuroTronKernel.Run<float, FloatReal>);
        throw new NotSupportedException($"{Owner}: expected float or double but got {typeof(T).Name}.");
    }
}
