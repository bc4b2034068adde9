using DslNets;

namespace Quickstart;

/// <summary>The network this quickstart trains: 8×8 digit images in, ten class scores out.</summary>
[Network(Inputs = 64, Loss = Loss.SoftmaxCrossEntropy)]
public partial class DigitsNet
{
    [Dense(32, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(10)] public partial DenseLayer Scores { get; }
}
