using System.Numerics;

namespace DslNets.Tron;

/// <summary>An iterative learner that updates a network's parameters from one mini-batch of (input, label) pairs.</summary>
public interface IMiniBatchLearner<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of samples one <see cref="Step"/> takes.</summary>
    int BatchSize { get; }

    /// <summary>The length of one input sample.</summary>
    int InputSize { get; }

    /// <summary>The parameters being learned (the network's flat parameter vector).</summary>
    T[] Parameters { get; }

    /// <summary>One update from <paramref name="inputs"/> (BatchSize×InputSize, row-major) and their <paramref name="labels"/>.</summary>
    void Step(ReadOnlySpan<T> inputs, ReadOnlySpan<T> labels);
}
