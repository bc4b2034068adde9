namespace DslNets;

/// <summary>A flatten layer (no parameters, no computation): an image read as a vector.</summary>
public sealed class FlattenLayer
{
    /// <summary>Called by generated code.</summary>
    public FlattenLayer(LayerInfo info) => Info = info ?? throw new ArgumentNullException(nameof(info));

    /// <summary>The layer's shapes.</summary>
    public LayerInfo Info { get; }

    /// <summary>The layer's name.</summary>
    public string Name => Info.Name;

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: Flatten {(Info.InputShape?.ToString() ?? Info.Inputs.ToString(System.Globalization.CultureInfo.InvariantCulture))} -> {Info.Outputs}";
}
