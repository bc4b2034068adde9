namespace DslNets;

/// <summary>
/// A fully connected layer z = W x + b followed by <see cref="Activation"/>. W has <see cref="Outputs"/> rows
/// and as many columns as the previous layer has outputs (or the network inputs, for the first layer); it is
/// stored row-major in the flat parameter vector, followed by b.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a dense layer with <paramref name="outputs"/> neurons.</summary>
    public DenseAttribute(int outputs, Activation activation = Activation.Identity)
    {
        Outputs = outputs;
        Activation = activation;
    }

    /// <summary>The number of neurons (outputs), ≥ 1.</summary>
    public int Outputs { get; }

    /// <summary>The activation applied after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer has a trainable bias; true unless set.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>The slope α for negative inputs of <see cref="Activation.LeakyReLU"/>; 0.01 unless set; must be ≥ 0.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>
    /// Optional: the number of inputs this layer expects. 0 (the default) takes it from the previous layer;
    /// any other value is checked at compile time against what the previous layer produces.
    /// </summary>
    public int Inputs { get; set; }

    /// <summary>
    /// The name of an earlier dense layer whose weight matrix this layer uses transposed (weight tying, as in the
    /// autoencoders of sparse-coding theory). The tied layer owns only its bias. Write it with <c>nameof</c>.
    /// </summary>
    public string? TiedTo { get; set; }
}
