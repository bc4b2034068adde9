using System.Numerics;

namespace DslNets.Training;

/// <summary>
/// What a <see cref="Trainer{TNet, T}"/> trains on: inputs and the targets the loss compares the outputs with, as
/// flat row-major arrays (<see cref="Inputs"/> is Count×InputSize, <see cref="Targets"/> Count×OutputSize), used as
/// given (not copied). A labelled <see cref="Data.Dataset{T}"/> (MNIST, CSV) becomes one with
/// <see cref="Data.Dataset{T}.ToTrainingSet()"/> (one-hot targets) or
/// <see cref="Data.Dataset{T}.ToTrainingSet(Func{int, T})"/> (one number per sample, computed from its label).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed record TrainingSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Wraps the arrays after checking that they hold the same whole number of samples.</summary>
    /// <param name="inputs">Count×<paramref name="inputSize"/> numbers.</param>
    /// <param name="targets">Count×<paramref name="outputSize"/> numbers.</param>
    /// <param name="inputSize">The length of one input (positive).</param>
    /// <param name="outputSize">The length of one target (positive).</param>
    public TrainingSet(T[] inputs, T[] targets, int inputSize, int outputSize)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"TrainingSet: expected a positive input size but got {inputSize}.");
        if (outputSize <= 0) throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, $"TrainingSet: expected a positive output size but got {outputSize}.");
        if (inputs.Length % inputSize != 0)
            throw new ArgumentException($"TrainingSet: expected 'inputs' to hold whole samples of length {inputSize} but got length {inputs.Length}.", nameof(inputs));
        if (targets.Length % outputSize != 0)
            throw new ArgumentException($"TrainingSet: expected 'targets' to hold whole samples of length {outputSize} but got length {targets.Length}.", nameof(targets));
        int count = inputs.Length / inputSize;
        if (targets.Length / outputSize != count)
            throw new ArgumentException(
                $"TrainingSet: expected {count} targets (one per input) of length {outputSize}, i.e. length {count * outputSize}, but got length {targets.Length} ({targets.Length / outputSize} targets).",
                nameof(targets));
        Inputs = inputs;
        Targets = targets;
        InputSize = inputSize;
        OutputSize = outputSize;
        Count = count;
    }

    /// <summary>The inputs, Count×InputSize row-major.</summary>
    public T[] Inputs { get; }

    /// <summary>The targets, Count×OutputSize row-major.</summary>
    public T[] Targets { get; }

    /// <summary>The length of one input.</summary>
    public int InputSize { get; }

    /// <summary>The length of one target.</summary>
    public int OutputSize { get; }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Input <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> Input(int index) => Inputs.AsSpan(index * InputSize, InputSize);

    /// <summary>Target <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> Target(int index) => Targets.AsSpan(index * OutputSize, OutputSize);
}
