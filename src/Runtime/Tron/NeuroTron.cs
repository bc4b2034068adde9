using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Tron;

/// <summary>How <see cref="NeuroTron{TNet, T}"/> evaluates f_w on a mini-batch.</summary>
public enum NeuroTronForward
{
    /// <summary>
    /// (1/k) Σ ReLU(x · A_iᵀw): the A_iᵀw are formed once per step, so a batch of b costs k·r·n + b·k·n
    /// multiply-adds instead of b·k·r·n; when the A_i lie on a line M̄ + c_i·C (as in the experiments) only M̄ᵀw and
    /// Cᵀw are formed and a sample costs two dot products. The same function as the generated forward, in a
    /// different order of sums.
    /// </summary>
    Factored,

    /// <summary>The generated network's own <c>ForwardBatch</c> (b·k·r·n multiply-adds per step).</summary>
    Network,
}

/// <summary>
/// Neuro-Tron (ALGORITHMS.md section 3) on a generated network of one shared-filter layer
/// f_w(x) = (1/k) Σ_i ReLU(wᵀ A_i x): on a mini-batch of size b,
/// w ← w + η·(1/b)·Σ_j (y_j − f_w(x_j))·M x_j, computed as w ← w + (η/b)·M (Σ_j (y_j − f_w(x_j)) x_j).
/// M defaults to the mean of the network's A_i. The filter w is the network's parameter vector, updated in place.
/// The A_i are copied at construction (re-laid out for the factored forward), so later changes to the network's
/// constants are not seen. Nothing allocates after construction.
/// </summary>
public sealed class NeuroTron<TNet, T> : IMiniBatchLearner<T>
    where TNet : INetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SharedFilterShape _shape;
    private readonly T[] _updateMatrix;
    private readonly SharedFilterEvaluator<T> _evaluator;
    private readonly T[] _outputs;
    private readonly T[] _weightedSum;

    /// <summary>Creates the learner and, unless <paramref name="keepFilter"/>, sets w to all ones (the experiments' start).</summary>
    /// <param name="network">A network of one shared-filter layer with fixed matrices, ReLU, squared error.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="batchSize">b ≥ 1.</param>
    /// <param name="updateMatrix">M (r×n row-major); empty for the mean of the A_i.</param>
    /// <param name="forward">How f_w is evaluated.</param>
    /// <param name="keepFilter">Keep the network's current filter instead of starting from all ones.</param>
    public NeuroTron(TNet network, double learningRate, int batchSize, ReadOnlySpan<T> updateMatrix = default,
        NeuroTronForward forward = NeuroTronForward.Factored, bool keepFilter = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        _shape = SharedFilterShape.Of<TNet>("Neuro-Tron", patches: false);
        if (_shape.Activation != Activation.ReLU)
            throw new ArgumentException($"Neuro-Tron needs a ReLU shared filter; {typeof(TNet).Name} uses {_shape.Activation}.", nameof(network));
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Expected a finite learning rate η > 0.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a batch size b ≥ 1.");
        int matrixSize = _shape.FilterSize * _shape.Inputs;
        if (!updateMatrix.IsEmpty && updateMatrix.Length != matrixSize)
            throw new ArgumentException($"Expected M with r·n = {_shape.FilterSize}·{_shape.Inputs} = {matrixSize} numbers (or none for the mean of the A_i); got {updateMatrix.Length}.", nameof(updateMatrix));
        Network = network;
        LearningRate = learningRate;
        BatchSize = batchSize;
        ForwardPath = forward;
        _updateMatrix = updateMatrix.IsEmpty ? MeanMatrix(network.Constants, _shape) : updateMatrix.ToArray();
        _evaluator = new SharedFilterEvaluator<T>(
            network.Constants.AsSpan(_shape.ConstantOffset, _shape.Count * matrixSize), _shape.FilterSize, _shape.Count, _shape.Inputs);
        _outputs = new T[batchSize];
        _weightedSum = new T[_shape.Inputs];
        if (!keepFilter) Filter.Fill(T.One);
    }

    /// <summary>The network being trained.</summary>
    public TNet Network { get; }

    /// <summary>η.</summary>
    public double LearningRate { get; set; }

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int InputSize => _shape.Inputs;

    /// <summary>How f_w is evaluated.</summary>
    public NeuroTronForward ForwardPath { get; }

    /// <inheritdoc/>
    public T[] Parameters => Network.Parameters;

    /// <summary>The filter w (length r), a view of the network's parameters.</summary>
    public Span<T> Filter => Network.Parameters.AsSpan(_shape.WeightOffset, _shape.FilterSize);

    /// <summary>True when the factored forward found the A_i on a line M̄ + c_i·C and uses two dot products per sample.</summary>
    public bool UsesLineStructure => _evaluator.UsesLine;

    /// <summary>M, r×n row-major.</summary>
    public ReadOnlySpan<T> UpdateMatrix => _updateMatrix;

    /// <summary>f_w on each row of <paramref name="inputs"/> (batch×n), by <see cref="ForwardPath"/>.</summary>
    public void Predict(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        if (inputs.Length != outputs.Length * _shape.Inputs)
            throw new ArgumentException($"Expected inputs of {outputs.Length}×{_shape.Inputs} = {outputs.Length * _shape.Inputs} numbers for {outputs.Length} outputs; got {inputs.Length}.", nameof(inputs));
        if (ForwardPath == NeuroTronForward.Network)
        {
            Network.ForwardBatch(inputs, outputs);
            return;
        }
        _evaluator.SetFilter(Filter);
        _evaluator.Evaluate(inputs, outputs);
    }

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<T> inputs, ReadOnlySpan<T> labels)
    {
        int n = _shape.Inputs;
        if (inputs.Length != BatchSize * n)
            throw new ArgumentException($"Expected a batch of {BatchSize}×{n} = {BatchSize * n} inputs; got {inputs.Length}.", nameof(inputs));
        if (labels.Length != BatchSize)
            throw new ArgumentException($"Expected {BatchSize} labels; got {labels.Length}.", nameof(labels));
        Span<T> outputs = _outputs;
        Predict(inputs, outputs);
        Span<T> sum = _weightedSum;
        sum.Clear();
        for (int j = 0; j < BatchSize; j++)
        {
            TensorPrimitives.MultiplyAdd(inputs.Slice(j * n, n), labels[j] - outputs[j], sum, sum);
        }
        T scale = T.CreateTruncating(LearningRate) / T.CreateTruncating(BatchSize);
        Span<T> filter = Filter;
        ReadOnlySpan<T> m = _updateMatrix;
        for (int a = 0; a < filter.Length; a++)
        {
            filter[a] += scale * TensorPrimitives.Dot(m.Slice(a * n, n), sum);
        }
    }

    private static T[] MeanMatrix(T[] constants, SharedFilterShape shape)
    {
        int size = shape.FilterSize * shape.Inputs;
        var mean = new T[size];
        for (int i = 0; i < shape.Count; i++)
        {
            TensorPrimitives.Add(mean, constants.AsSpan(shape.ConstantOffset + i * size, size), mean);
        }
        TensorPrimitives.Divide(mean, T.CreateTruncating(shape.Count), mean);
        return mean;
    }
}
