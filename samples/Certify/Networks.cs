using DslNets;

namespace Certify;

/// <summary>Dziugaite and Roy's network: one hidden layer of 600 ReLUs and a logistic output (label: digit ≥ 5).</summary>
[Network(Inputs = 784, Loss = Loss.Logistic, Precision = Precision.Double)]
public partial class BinaryMnistNet
{
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Logit { get; }
}

/// <summary>Pérez-Ortiz et al.'s network: three hidden layers of 600 ReLUs and ten softmax outputs.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class DeepMnistNet
{
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden1 { get; }
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden2 { get; }
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden3 { get; }
    [Dense(10)] public partial DenseLayer<double> Logits { get; }
}
