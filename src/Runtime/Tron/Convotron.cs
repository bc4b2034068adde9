using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Tron;

/// <summary>
/// Convotron (Goel, Klivans, Meka 2018) on a generated network of one patch-mode shared-filter layer
/// f_w(x) = (1/k) Σ_i σ(wᵀ P_i x), P_i x the i-th patch of x: on a mini-batch of size b (b = 1 is the paper's
/// online form), w ← w + (η/b) Σ_j (y_j − f_w(x_j)) Σ_i P_i x_j, starting from w = 0. f_w is the generated
/// network's <c>ForwardBatch</c>. Nothing allocates after construction.
/// </summary>
public sealed class Convotron<TNet, T> : IMiniBatchLearner<T>
    where TNet : INetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SharedFilterShape _shape;
    private readonly T[] _outputs;

    /// <summary>Creates the learner and, unless <paramref name="keepFilter"/>, sets w = 0.</summary>
    /// <param name="network">A network of one patch-mode shared-filter layer (Stride &gt; 0), squared error.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="batchSize">b ≥ 1.</param>
    /// <param name="keepFilter">Keep the network's current filter instead of starting from 0.</param>
    public Convotron(TNet network, double learningRate, int batchSize = 1, bool keepFilter = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        _shape = SharedFilterShape.Of<TNet>("Convotron", patches: true);
        if (_shape.Activation is not (Activation.ReLU or Activation.LeakyReLU or Activation.Identity))
            throw new ArgumentException($"Convotron needs a ReLU, LeakyReLU or Identity shared filter; {typeof(TNet).Name} uses {_shape.Activation}.", nameof(network));
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Expected a finite learning rate η > 0.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a batch size b ≥ 1.");
        Network = network;
        LearningRate = learningRate;
        BatchSize = batchSize;
        _outputs = new T[batchSize];
        if (!keepFilter) Filter.Clear();
    }

    /// <summary>The network being trained.</summary>
    public TNet Network { get; }

    /// <summary>η.</summary>
    public double LearningRate { get; set; }

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int InputSize => _shape.Inputs;

    /// <inheritdoc/>
    public T[] Parameters => Network.Parameters;

    /// <summary>The filter w (length r), a view of the network's parameters.</summary>
    public Span<T> Filter => Network.Parameters.AsSpan(_shape.WeightOffset, _shape.FilterSize);

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<T> inputs, ReadOnlySpan<T> labels)
    {
        int n = _shape.Inputs, r = _shape.FilterSize;
        if (inputs.Length != BatchSize * n)
            throw new ArgumentException($"Expected a batch of {BatchSize}×{n} = {BatchSize * n} inputs; got {inputs.Length}.", nameof(inputs));
        if (labels.Length != BatchSize)
            throw new ArgumentException($"Expected {BatchSize} labels; got {labels.Length}.", nameof(labels));
        Span<T> outputs = _outputs;
        Network.ForwardBatch(inputs, outputs);
        Span<T> filter = Filter;
        T scale = T.CreateTruncating(LearningRate) / T.CreateTruncating(BatchSize);
        for (int j = 0; j < BatchSize; j++)
        {
            T e = scale * (labels[j] - outputs[j]);
            ReadOnlySpan<T> x = inputs.Slice(j * n, n);
            for (int i = 0; i < _shape.Count; i++)
            {
                TensorPrimitives.MultiplyAdd(x.Slice(i * _shape.Stride, r), e, filter, filter);
            }
        }
    }
}
