namespace DslNets;

/// <summary>
/// Declares a network: put it on a <c>partial</c> class whose members carry layer attributes
/// (<see cref="DenseAttribute"/>, <see cref="SharedFilterAttribute"/>) in source order.
/// The DslNets generator then writes the network's forward and backward passes with every size a constant.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The number of inputs (the length of one sample). Required, ≥ 1.</summary>
    public int Inputs { get; set; }

    /// <summary>The training loss; <see cref="Loss.SquaredError"/> unless set.</summary>
    public Loss Loss { get; set; } = Loss.SquaredError;

    /// <summary>The element type; <see cref="Precision.Single"/> (float) unless set.</summary>
    public Precision Precision { get; set; } = Precision.Single;
}
