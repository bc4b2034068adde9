namespace DslNets;

/// <summary>
/// Dropout with probability <see cref="Probability"/>: in training each unit is zeroed with probability p and the others
/// are scaled by 1/(1 − p) (inverted dropout, as PyTorch's <c>nn.Dropout</c>); everywhere else (<c>Forward</c>,
/// <c>ComputeLoss</c>, the plain <c>Gradient</c>) it is the identity. Training passes that want it active take a
/// <see cref="DropoutDraw"/> (the <see cref="Training.Trainer{TNet, T}"/> passes one per step), which fixes every mask, so
/// a step can be repeated exactly. No parameters; the output has the input's shape.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>Declares dropout that zeroes each unit with probability <paramref name="probability"/>, in [0, 1).</summary>
    public DropoutAttribute(double probability) => Probability = probability;

    /// <summary>The probability p of zeroing a unit in training, 0 ≤ p &lt; 1.</summary>
    public double Probability { get; }
}
