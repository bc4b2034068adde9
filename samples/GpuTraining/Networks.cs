using DslNets;

namespace GpuTraining;

/// <summary>784-128-10: the small MNIST MLP.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class SmallMlp
{
    [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}

/// <summary>784-512-512-10: a wider one.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class WideMlp
{
    [Dense(512, Activation.ReLU)] public partial DenseLayer First { get; }
    [Dense(512, Activation.ReLU)] public partial DenseLayer Second { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}
