namespace DslNets;

/// <summary>A dropout layer (no parameters): its probability, active only in passes given a <see cref="DropoutDraw"/>.</summary>
public sealed class DropoutLayer
{
    /// <summary>Called by generated code.</summary>
    public DropoutLayer(LayerInfo info) => Info = info ?? throw new ArgumentNullException(nameof(info));

    /// <summary>The layer's shape.</summary>
    public LayerInfo Info { get; }

    /// <summary>The layer's name.</summary>
    public string Name => Info.Name;

    /// <summary>The probability p of zeroing a unit in training.</summary>
    public double Probability => Info.DropoutProbability;

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: Dropout p = {Probability.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
