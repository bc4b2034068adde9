using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>Tanh and sigmoid layers on the loop path, softmax cross-entropy in double.</summary>
[Network(Inputs = 40, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class WideSoftmax
{
    [Dense(24, Activation.Tanh)] public partial DenseLayer<double> Features { get; }
    [Dense(12, Activation.Sigmoid)] public partial DenseLayer<double> Gates { get; }
    [Dense(3, Activation.LeakyReLU)] public partial DenseLayer<double> Scores { get; }
}
