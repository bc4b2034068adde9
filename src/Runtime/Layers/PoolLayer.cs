namespace DslNets;

/// <summary>A max or average pooling layer (no parameters): its window, stride and shapes.</summary>
public sealed class PoolLayer
{
    /// <summary>Called by generated code.</summary>
    public PoolLayer(LayerInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Kind is not (LayerKind.MaxPool or LayerKind.AvgPool) || info.InputShape is null || info.OutputShape is null)
        {
            throw new ArgumentException($"Layer '{info.Name}' is a {info.Kind} layer, not a pooling layer on an image.", nameof(info));
        }

        Info = info;
    }

    /// <summary>The layer's shapes.</summary>
    public LayerInfo Info { get; }

    /// <summary>The layer's name.</summary>
    public string Name => Info.Name;

    /// <summary>True for max pooling, false for average pooling.</summary>
    public bool IsMax => Info.Kind == LayerKind.MaxPool;

    /// <summary>The window's side.</summary>
    public int Size => Info.KernelHeight;

    /// <summary>The step between windows.</summary>
    public int Stride => Info.Stride;

    /// <summary>The input image's shape.</summary>
    public ImageShape InputShape => Info.InputShape!.Value;

    /// <summary>The output image's shape.</summary>
    public ImageShape OutputShape => Info.OutputShape!.Value;

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {(IsMax ? "MaxPool" : "AvgPool")} {Size}, stride {Stride}, {InputShape} -> {OutputShape}";
}
