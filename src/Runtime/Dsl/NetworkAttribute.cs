namespace DslNets;

/// <summary>
/// Declares a network: put it on a <c>partial</c> class whose members carry layer attributes
/// (<see cref="DenseAttribute"/>, <see cref="SharedFilterAttribute"/>, <see cref="Conv2DAttribute"/>,
/// <see cref="MaxPoolAttribute"/>, <see cref="AvgPoolAttribute"/>, <see cref="FlattenAttribute"/>,
/// <see cref="DropoutAttribute"/>, <see cref="ResidualAttribute"/>) in source order.
/// The DslNets generator then writes the network's forward and backward passes with every size a constant.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The number of inputs (the length of one sample). Required, ≥ 1, unless <see cref="InputShape"/> is set.</summary>
    public int Inputs { get; set; }

    /// <summary>
    /// The input as an image, three sizes ≥ 1: channels, height, width (<c>InputShape = [1, 28, 28]</c>), stored
    /// channel by channel, each row-major (PyTorch's C×H×W). Convolution and pooling layers need it. <see cref="Inputs"/>
    /// may then be left out; if set, it must equal channels·height·width.
    /// </summary>
    public int[]? InputShape { get; set; }

    /// <summary>The training loss; <see cref="Loss.SquaredError"/> unless set.</summary>
    public Loss Loss { get; set; } = Loss.SquaredError;

    /// <summary>The element type; <see cref="Precision.Single"/> (float) unless set.</summary>
    public Precision Precision { get; set; } = Precision.Single;
}
