using DslNets;

namespace DslNets.Benchmarks.Training;

/// <summary>784-128-10, trained at batch 64 (DESIGN.md's peer table).</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class Mlp784x128x10
{
    [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}

/// <summary>784-512-512-10, trained at batch 256.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class Mlp784x512x512x10
{
    [Dense(512, Activation.ReLU)] public partial DenseLayer Hidden1 { get; }
    [Dense(512, Activation.ReLU)] public partial DenseLayer Hidden2 { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}

/// <summary>784-1024-1024-1024-10, trained at batch 512.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class Mlp784x1024x3x10
{
    [Dense(1024, Activation.ReLU)] public partial DenseLayer Hidden1 { get; }
    [Dense(1024, Activation.ReLU)] public partial DenseLayer Hidden2 { get; }
    [Dense(1024, Activation.ReLU)] public partial DenseLayer Hidden3 { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}
