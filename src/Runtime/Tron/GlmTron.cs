using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Tron;

/// <summary>
/// GLM-Tron (Kakade, Kalai, Kanade, Shamir 2011) for a single gate u(wᵀx) on a generated network of one
/// bias-free Dense(1) layer with a monotone 1-Lipschitz activation (ReLU, LeakyReLU or Identity):
/// w ← w + (η/m) Σ_j (y_j − u(wᵀx_j)) x_j over the m samples passed to <see cref="Step"/>. Passing the whole
/// sample with η = 1 is the original full-batch algorithm; <see cref="StepOnRandomBatch"/> is the mini-batch form
/// of ALGORITHMS.md section 3 (b samples drawn with replacement). u(wᵀx) is the generated <c>ForwardBatch</c>.
/// Nothing allocates after construction.
/// </summary>
public sealed class GlmTron<TNet, T> : IMiniBatchLearner<T>
    where TNet : INetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _weightOffset;
    private readonly T[] _outputs;
    private readonly T[] _batchInputs;
    private readonly T[] _batchLabels;

    /// <summary>Creates the learner; the network's weights are the start.</summary>
    /// <param name="network">A network of one bias-free Dense(1) layer with ReLU, LeakyReLU or Identity, squared error.</param>
    /// <param name="learningRate">η &gt; 0 (1 for the original algorithm).</param>
    /// <param name="batchSize">The largest batch <see cref="Step"/> takes, and the size <see cref="StepOnRandomBatch"/> draws.</param>
    public GlmTron(TNet network, double learningRate, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        var layers = TNet.Layers;
        if (layers.Count != 1 || layers[0].Kind != LayerKind.Dense || layers[0].Outputs != 1 || layers[0].BiasCount != 0 || layers[0].TiedTo is not null
            || layers[0].Activation is not (Activation.ReLU or Activation.LeakyReLU or Activation.Identity))
            throw new ArgumentException($"GLM-Tron needs a network of one bias-free Dense(1) layer with ReLU, LeakyReLU or Identity; {typeof(TNet).Name} has {SharedFilterShape.Describe(layers)}.", nameof(network));
        if (TNet.LossFunction != Loss.SquaredError)
            throw new ArgumentException($"GLM-Tron needs a network with Loss.SquaredError; {typeof(TNet).Name} has {TNet.LossFunction}.", nameof(network));
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Expected a finite learning rate η > 0.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a batch size ≥ 1.");
        Network = network;
        LearningRate = learningRate;
        BatchSize = batchSize;
        InputSize = TNet.InputSize;
        _weightOffset = layers[0].WeightOffset;
        _outputs = new T[batchSize];
        _batchInputs = new T[batchSize * InputSize];
        _batchLabels = new T[batchSize];
    }

    /// <summary>The network being trained.</summary>
    public TNet Network { get; }

    /// <summary>η.</summary>
    public double LearningRate { get; set; }

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public T[] Parameters => Network.Parameters;

    /// <summary>The weight vector w, a view of the network's parameters.</summary>
    public Span<T> Weights => Network.Parameters.AsSpan(_weightOffset, InputSize);

    /// <summary>One update over all m samples given (1 ≤ m ≤ <see cref="BatchSize"/>): w ← w + (η/m) Σ (y − u(wᵀx)) x.</summary>
    public void Step(ReadOnlySpan<T> inputs, ReadOnlySpan<T> labels)
    {
        int m = labels.Length;
        if (m < 1 || m > BatchSize)
            throw new ArgumentException($"Expected between 1 and {BatchSize} labels; got {m}.", nameof(labels));
        if (inputs.Length != m * InputSize)
            throw new ArgumentException($"Expected {m}×{InputSize} = {m * InputSize} inputs for {m} labels; got {inputs.Length}.", nameof(inputs));
        Span<T> outputs = _outputs.AsSpan(0, m);
        Network.ForwardBatch(inputs, outputs);
        Span<T> w = Weights;
        T scale = T.CreateTruncating(LearningRate) / T.CreateTruncating(m);
        // All outputs are computed before w moves, so the update uses one w throughout.
        for (int j = 0; j < m; j++)
        {
            TensorPrimitives.MultiplyAdd(inputs.Slice(j * InputSize, InputSize), scale * (labels[j] - outputs[j]), w, w);
        }
    }

    /// <summary>The mini-batch form: draws <see cref="BatchSize"/> samples with replacement from the data and steps on them.</summary>
    /// <param name="inputs">The whole sample, m×n row-major.</param>
    /// <param name="labels">Its m labels.</param>
    /// <param name="random">Chooses the samples.</param>
    public void StepOnRandomBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> labels, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int m = labels.Length;
        if (m < 1 || inputs.Length != m * InputSize)
            throw new ArgumentException($"Expected m ≥ 1 labels and m×{InputSize} inputs; got {labels.Length} labels and {inputs.Length} inputs.", nameof(inputs));
        for (int j = 0; j < BatchSize; j++)
        {
            int index = random.NextInt(m);
            inputs.Slice(index * InputSize, InputSize).CopyTo(_batchInputs.AsSpan(j * InputSize, InputSize));
            _batchLabels[j] = labels[index];
        }
        Step(_batchInputs, _batchLabels);
    }
}
