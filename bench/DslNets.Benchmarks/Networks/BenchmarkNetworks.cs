using DslNets;

namespace DslNets.Benchmarks.Networks;

/// <summary>The 2-16-16-1 network of DESIGN.md's peer table.</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError)]
public partial class Small2x16x16x1
{
    [Dense(16, Activation.ReLU)] public partial DenseLayer Hidden1 { get; }
    [Dense(16, Activation.ReLU)] public partial DenseLayer Hidden2 { get; }
    [Dense(1)] public partial DenseLayer Prediction { get; }
}

/// <summary>The 784-128-10 MNIST network of DESIGN.md's peer table.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class Mnist784x128x10
{
    [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}
