using System.Numerics;
using DslNets.Optimizers;

namespace DslNets.Tron;

/// <summary>
/// The fair baseline of the Neuro-Tron experiments: mini-batch SGD on ½(f_θ(x) − y)² where every sample
/// contributes its own derivative, through the generated <c>GradientBatch</c> (mean over the batch), followed by
/// a plain SGD step θ ← θ − η·g. Works on any generated network. Nothing allocates after construction.
/// </summary>
public sealed class MiniBatchSgd<TNet, T> : IMiniBatchLearner<T>
    where TNet : INetwork<TNet, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _gradient = new T[TNet.ParameterCount];
    private readonly Sgd<T> _optimizer;

    /// <summary>Creates the learner; the network's parameters are the start.</summary>
    /// <param name="network">Any generated network with one output per sample.</param>
    /// <param name="learningRate">η &gt; 0.</param>
    /// <param name="batchSize">b ≥ 1.</param>
    public MiniBatchSgd(TNet network, double learningRate, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (TNet.OutputSize != 1)
            throw new ArgumentException($"The baseline learns scalar labels: expected a network with 1 output; {typeof(TNet).Name} has {TNet.OutputSize}.", nameof(network));
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Expected a finite learning rate η > 0.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a batch size b ≥ 1.");
        Network = network;
        BatchSize = batchSize;
        _optimizer = new Sgd<T>(TNet.ParameterCount, learningRate);
    }

    /// <summary>The network being trained.</summary>
    public TNet Network { get; }

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int InputSize => TNet.InputSize;

    /// <inheritdoc/>
    public T[] Parameters => Network.Parameters;

    /// <summary>Writes the mean over the batch of ∇_θ ½(f_θ(x_j) − y_j)² into <paramref name="gradient"/> and returns the mean loss.</summary>
    public T Gradient(ReadOnlySpan<T> inputs, ReadOnlySpan<T> labels, Span<T> gradient)
    {
        if (labels.Length < 1)
            throw new ArgumentException("Expected at least one label; got none.", nameof(labels));
        gradient.Clear();
        return Network.GradientBatch(inputs, labels, gradient, T.One / T.CreateTruncating(labels.Length));
    }

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<T> inputs, ReadOnlySpan<T> labels)
    {
        if (labels.Length != BatchSize)
            throw new ArgumentException($"Expected {BatchSize} labels; got {labels.Length}.", nameof(labels));
        Gradient(inputs, labels, _gradient);
        _optimizer.Step(Network.Parameters, _gradient);
    }
}
