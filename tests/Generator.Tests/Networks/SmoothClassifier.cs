using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>Sigmoid and tanh layers (unrolled) with the logistic loss.</summary>
[Network(Inputs = 5, Loss = Loss.Logistic, Precision = Precision.Double)]
public partial class SmoothClassifier
{
    [Dense(6, Activation.Sigmoid)] public partial DenseLayer<double> First { get; }
    [Dense(4, Activation.Tanh)] public partial DenseLayer<double> Second { get; }
    [Dense(1)] public partial DenseLayer<double> Logit { get; }
}
