using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>A small tied autoencoder with LeakyReLU and absolute error: tied weights unrolled, the input size checked explicitly.</summary>
[Network(Inputs = 3, Loss = Loss.AbsoluteError, Precision = Precision.Double)]
public partial class TiedLeaky
{
    [Dense(4, Activation.LeakyReLU, LeakySlope = 0.1, Inputs = 3)] internal partial DenseLayer<double> Down { get; }
    [Dense(3, Activation.Identity, TiedTo = nameof(Down))] internal partial DenseLayer<double> Up { get; }
}
