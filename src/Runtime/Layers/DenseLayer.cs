using System.Numerics;

namespace DslNets;

/// <summary>
/// A view of one dense layer inside a network's flat parameter vector. Writing through
/// <see cref="Weights"/> or <see cref="Bias"/> changes the network.
/// </summary>
public class DenseLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;

    /// <summary>Called by generated code.</summary>
    public DenseLayer(T[] parameters, LayerInfo info, int weightOffset)
    {
        _parameters = parameters;
        Info = info;
        WeightOffset = weightOffset;
    }

    /// <summary>The layer's shape and layout.</summary>
    public LayerInfo Info { get; }

    /// <summary>The layer's name.</summary>
    public string Name => Info.Name;

    /// <summary>The number of inputs.</summary>
    public int Inputs => Info.Inputs;

    /// <summary>The number of outputs.</summary>
    public int Outputs => Info.Outputs;

    /// <summary>Where the weight matrix this layer uses starts (another layer's, when tied).</summary>
    public int WeightOffset { get; }

    /// <summary>True when the layer uses the transpose of another layer's weights.</summary>
    public bool IsTied => Info.TiedTo is not null;

    /// <summary>
    /// The weight matrix the layer uses, row-major: Outputs×Inputs, or for a tied layer the other layer's
    /// Inputs×Outputs matrix, which this layer applies transposed.
    /// </summary>
    public Span<T> Weights => _parameters.AsSpan(WeightOffset, Info.Inputs * Info.Outputs);

    /// <summary>The bias (empty when the layer has none).</summary>
    public Span<T> Bias => Info.BiasOffset < 0 ? Span<T>.Empty : _parameters.AsSpan(Info.BiasOffset, Info.BiasCount);

    /// <summary>The weight from input <paramref name="input"/> to output <paramref name="output"/>.</summary>
    public ref T Weight(int output, int input)
    {
        if ((uint)output >= (uint)Info.Outputs) throw new ArgumentOutOfRangeException(nameof(output), output, $"Layer '{Name}' has {Info.Outputs} outputs.");
        if ((uint)input >= (uint)Info.Inputs) throw new ArgumentOutOfRangeException(nameof(input), input, $"Layer '{Name}' has {Info.Inputs} inputs.");
        int index = IsTied ? input * Info.Outputs + output : output * Info.Inputs + input;
        return ref _parameters[WeightOffset + index];
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: Dense {Inputs} -> {Outputs}, {Info.Activation}{(IsTied ? $", tied to {Info.TiedTo}" : "")}";
}

/// <summary>A dense layer of a single-precision network (the default precision).</summary>
public sealed class DenseLayer : DenseLayer<float>
{
    /// <summary>Called by generated code.</summary>
    public DenseLayer(float[] parameters, LayerInfo info, int weightOffset) : base(parameters, info, weightOffset)
    {
    }
}
