namespace DslNets;

/// <summary>
/// A skip connection: out = act(previous + from), the previous layer's output plus the output of the earlier layer
/// named by <see cref="From"/>, which must have the same shape, then <see cref="Activation"/> (ResNet's
/// relu(F(x) + x) is <c>[Residual(Activation.ReLU, From = nameof(Block))]</c>). No parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class ResidualAttribute : Attribute
{
    /// <summary>Declares a skip connection followed by <paramref name="activation"/>; set <see cref="From"/>.</summary>
    public ResidualAttribute(Activation activation = Activation.Identity) => Activation = activation;

    /// <summary>The activation applied to the sum.</summary>
    public Activation Activation { get; }

    /// <summary>The earlier layer whose output is added; write it with <c>nameof</c>. Required.</summary>
    public string? From { get; set; }

    /// <summary>The slope α for negative inputs of <see cref="Activation.LeakyReLU"/>; 0.01 unless set; must be ≥ 0.</summary>
    public double LeakySlope { get; set; } = 0.01;
}
