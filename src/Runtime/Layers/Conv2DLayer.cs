using System.Numerics;

namespace DslNets;

/// <summary>
/// A view of one convolution layer inside a network's flat parameter vector: its weights
/// (filters×channels×height×width, row-major, as PyTorch's Conv2d stores them) and bias. Writing through
/// <see cref="Weights"/> or <see cref="Bias"/> changes the network.
/// </summary>
public class Conv2DLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;

    /// <summary>Called by generated code.</summary>
    public Conv2DLayer(T[] parameters, LayerInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.InputShape is null || info.OutputShape is null)
        {
            throw new ArgumentException($"Layer '{info.Name}' has no image shapes; a convolution needs them.", nameof(info));
        }

        _parameters = parameters;
        Info = info;
    }

    /// <summary>The layer's shapes and layout.</summary>
    public LayerInfo Info { get; }

    /// <summary>The layer's name.</summary>
    public string Name => Info.Name;

    /// <summary>The input image's shape.</summary>
    public ImageShape InputShape => Info.InputShape!.Value;

    /// <summary>The output image's shape (filters × rows × columns).</summary>
    public ImageShape OutputShape => Info.OutputShape!.Value;

    /// <summary>The number of filters (output channels).</summary>
    public int Filters => OutputShape.Channels;

    /// <summary>The window's height.</summary>
    public int KernelHeight => Info.KernelHeight;

    /// <summary>The window's width.</summary>
    public int KernelWidth => Info.KernelWidth;

    /// <summary>The weights, filters×channels×KernelHeight×KernelWidth row-major.</summary>
    public Span<T> Weights => _parameters.AsSpan(Info.WeightOffset, Info.WeightCount);

    /// <summary>The bias, one per filter (empty when the layer has none).</summary>
    public Span<T> Bias => Info.BiasOffset < 0 ? Span<T>.Empty : _parameters.AsSpan(Info.BiasOffset, Info.BiasCount);

    /// <summary>The weight of filter <paramref name="filter"/> on input channel <paramref name="channel"/> at window position (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public ref T Weight(int filter, int channel, int row, int column)
    {
        if ((uint)filter >= (uint)Filters) throw new ArgumentOutOfRangeException(nameof(filter), filter, $"Layer '{Name}' has {Filters} filters.");
        if ((uint)channel >= (uint)InputShape.Channels) throw new ArgumentOutOfRangeException(nameof(channel), channel, $"Layer '{Name}' has {InputShape.Channels} input channels.");
        if ((uint)row >= (uint)KernelHeight) throw new ArgumentOutOfRangeException(nameof(row), row, $"Layer '{Name}' has a window of {KernelHeight} rows.");
        if ((uint)column >= (uint)KernelWidth) throw new ArgumentOutOfRangeException(nameof(column), column, $"Layer '{Name}' has a window of {KernelWidth} columns.");
        return ref _parameters[Info.WeightOffset + ((filter * InputShape.Channels + channel) * KernelHeight + row) * KernelWidth + column];
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: Conv2D {Filters} {KernelHeight}×{KernelWidth}, stride {Info.Stride}, padding {Info.Padding}, {InputShape} -> {OutputShape}, {Info.Activation}";
}

/// <summary>A convolution layer of a single-precision network (the default precision).</summary>
public sealed class Conv2DLayer : Conv2DLayer<float>
{
    /// <summary>Called by generated code.</summary>
    public Conv2DLayer(float[] parameters, LayerInfo info) : base(parameters, info)
    {
    }
}
