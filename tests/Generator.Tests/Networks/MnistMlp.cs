using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>784-128-10 in float with softmax cross-entropy: the loop (SIMD) path.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class MnistMlp
{
    [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(10)] public partial DenseLayer<float> Logits { get; }
}
