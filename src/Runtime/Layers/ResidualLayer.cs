namespace DslNets;

/// <summary>A skip connection (no parameters): act(previous + the output of <see cref="From"/>).</summary>
public sealed class ResidualLayer
{
    /// <summary>Called by generated code.</summary>
    public ResidualLayer(LayerInfo info) => Info = info ?? throw new ArgumentNullException(nameof(info));

    /// <summary>The layer's shape.</summary>
    public LayerInfo Info { get; }

    /// <summary>The layer's name.</summary>
    public string Name => Info.Name;

    /// <summary>The earlier layer whose output is added.</summary>
    public string From => Info.ResidualFrom ?? "";

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: Residual from {From}, {Info.Activation}";
}
