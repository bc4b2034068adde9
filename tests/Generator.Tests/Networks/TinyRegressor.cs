using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>2-16-16-1 ReLU regression in double: every layer small enough to be unrolled.</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class TinyRegressor
{
    [Dense(16, Activation.ReLU)] public partial DenseLayer<double> Hidden1 { get; }
    [Dense(16, Activation.ReLU)] public partial DenseLayer<double> Hidden2 { get; }
    [Dense(1)] public partial DenseLayer<double> Prediction { get; }
}
