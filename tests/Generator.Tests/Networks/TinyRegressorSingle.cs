using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>2-16-16-1 in float (the benchmark's network).</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError)]
public partial class TinyRegressorSingle
{
    [Dense(16, Activation.ReLU)] public partial DenseLayer Hidden1 { get; }
    [Dense(16, Activation.ReLU)] public partial DenseLayer Hidden2 { get; }
    [Dense(1)] public partial DenseLayer Prediction { get; }
}
