using System.Numerics;

namespace DslNets.Tron;

/// <summary>
/// A stream of fresh labelled mini-batches: inputs drawn from an <see cref="InputSampler"/>, labels
/// y = f_{θ*}(x) + ξ from a teacher network (the same generated type as the learner, holding θ*) and the
/// poisoning attack ξ, whose coins come from a generator of their own so that runs at one seed share their
/// inputs whatever the attack. For a teacher of one shared-filter layer with fixed matrices and ReLU, labels are
/// computed in the factored form of <see cref="NeuroTronForward.Factored"/> with what depends on θ* formed once, at construction (so θ* is
/// read then; change the teacher afterwards and the labels do not follow).
/// </summary>
public sealed class TeacherStream<TNet, T>
    where TNet : INetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SeededRandom _attackRandom;
    private readonly SharedFilterEvaluator<T>? _evaluator;
    private T[] _inputs = [];
    private T[] _labels = [];

    /// <summary>Creates the stream.</summary>
    /// <param name="teacher">The network whose parameters are θ*; it is read, never changed.</param>
    /// <param name="sampler">The input distribution.</param>
    /// <param name="attack">The poisoning attack (<see cref="PoisoningAttack.None"/> for clean labels).</param>
    /// <param name="attackSeed">Seeds the attack's coins.</param>
    public TeacherStream(TNet teacher, InputSampler sampler, PoisoningAttack attack, long attackSeed)
    {
        Teacher = teacher ?? throw new ArgumentNullException(nameof(teacher));
        Sampler = sampler ?? throw new ArgumentNullException(nameof(sampler));
        Attack = attack ?? throw new ArgumentNullException(nameof(attack));
        if (TNet.OutputSize != 1)
            throw new ArgumentException($"Expected a teacher with 1 output; {typeof(TNet).Name} has {TNet.OutputSize}.", nameof(teacher));
        _attackRandom = new SeededRandom(attackSeed);
        var layers = TNet.Layers;
        if (layers.Count == 1 && layers[0].Kind == LayerKind.SharedFilter && layers[0].Stride == 0 && layers[0].Activation == Activation.ReLU)
        {
            var layer = layers[0];
            _evaluator = new SharedFilterEvaluator<T>(
                teacher.Constants.AsSpan(layer.ConstantOffset, layer.FilterCount * layer.FilterSize * layer.Inputs),
                layer.FilterSize, layer.FilterCount, layer.Inputs);
            _evaluator.SetFilter(teacher.Parameters.AsSpan(layer.WeightOffset, layer.FilterSize));
        }
    }

    /// <summary>The teacher network (θ* = its parameters).</summary>
    public TNet Teacher { get; }

    /// <summary>θ*, the teacher's flat parameter vector.</summary>
    public ReadOnlySpan<T> Target => Teacher.Parameters;

    /// <summary>The input sampler.</summary>
    public InputSampler Sampler { get; }

    /// <summary>The attack on the labels.</summary>
    public PoisoningAttack Attack { get; }

    /// <summary>Fills <paramref name="inputs"/> (batch×n) with fresh inputs and <paramref name="labels"/> with their (attacked) labels.</summary>
    public void NextBatch(Span<T> inputs, Span<T> labels)
    {
        int n = TNet.InputSize;
        if (inputs.Length != labels.Length * n)
            throw new ArgumentException($"Expected {labels.Length}×{n} = {labels.Length * n} inputs for {labels.Length} labels; got {inputs.Length}.", nameof(inputs));
        Sampler.Fill(inputs);
        if (_evaluator is not null) _evaluator.Evaluate(inputs, labels);
        else Teacher.ForwardBatch(inputs, labels);
        for (int j = 0; j < labels.Length; j++)
        {
            double xi = Attack.Sample(_attackRandom);
            if (xi != 0) labels[j] += T.CreateTruncating(xi);
        }
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> steps of <paramref name="learner"/> on fresh batches and, when
    /// <paramref name="distances"/> is not empty, records ‖θ_t − θ*‖ for t = 0..iterations (length iterations + 1).
    /// Allocates only when the learner's batch size differs from the previous call's.
    /// </summary>
    public void Train<TLearner>(TLearner learner, int iterations, Span<double> distances = default)
        where TLearner : IMiniBatchLearner<T>
    {
        ArgumentNullException.ThrowIfNull(learner);
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Expected a number of iterations ≥ 0.");
        if (learner.InputSize != TNet.InputSize)
            throw new ArgumentException($"The learner takes inputs of {learner.InputSize} numbers; the teacher {TNet.InputSize}.", nameof(learner));
        if (learner.Parameters.Length != TNet.ParameterCount)
            throw new ArgumentException($"The learner has {learner.Parameters.Length} parameters; the teacher {TNet.ParameterCount}.", nameof(learner));
        if (!distances.IsEmpty && distances.Length != iterations + 1)
            throw new ArgumentException($"Expected distances of length iterations + 1 = {iterations + 1} (or empty); got {distances.Length}.", nameof(distances));
        int b = learner.BatchSize;
        if (_labels.Length != b)
        {
            _inputs = new T[b * TNet.InputSize];
            _labels = new T[b];
        }
        bool record = !distances.IsEmpty;
        if (record) distances[0] = SharedFilterKernel.Distance<T>(learner.Parameters, Target);
        for (int t = 1; t <= iterations; t++)
        {
            NextBatch(_inputs, _labels);
            learner.Step(_inputs, _labels);
            if (record) distances[t] = SharedFilterKernel.Distance<T>(learner.Parameters, Target);
        }
    }
}
