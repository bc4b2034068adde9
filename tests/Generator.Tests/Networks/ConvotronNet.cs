using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>A Convotron-style patch filter (stride 2) with LeakyReLU, then a dense output, hinge loss; layers declared as fields.</summary>
[Network(Inputs = 9, Loss = Loss.Hinge, Precision = Precision.Double)]
public partial class ConvotronNet
{
    [SharedFilter(3, 4, Activation.LeakyReLU, Stride = 2, LeakySlope = 0.2)] public readonly SharedFilterLayer<double> Patches;
    [Dense(1)] public readonly DenseLayer<double> Score;
}
