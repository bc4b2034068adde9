namespace DslNets.Runtime.Tests.Tron;

/// <summary>The Neuro-Tron net of the experiments: n = 100, r = 25, k = 10, double.</summary>
[Network(Inputs = 100, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class NeuroTron100
{
    [SharedFilter(25, 10, Activation.ReLU)] public partial SharedFilterLayer<double> Filter { get; }
}

/// <summary>The same net in single precision.</summary>
[Network(Inputs = 100, Loss = Loss.SquaredError, Precision = Precision.Single)]
public partial class NeuroTron100Single
{
    [SharedFilter(25, 10, Activation.ReLU)] public partial SharedFilterLayer Filter { get; }
}

/// <summary>A Convotron net: r = 5, k = 4 patches at stride 3 of a 14-long input.</summary>
[Network(Inputs = 14, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class ConvotronPatches
{
    [SharedFilter(5, 4, Activation.ReLU, Stride = 3)] public partial SharedFilterLayer<double> Filter { get; }
}

/// <summary>A single ReLU gate x ↦ ReLU(wᵀx), no bias.</summary>
[Network(Inputs = 10, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class ReluGate10
{
    [Dense(1, Activation.ReLU, Bias = false)] public partial DenseLayer<double> Gate { get; }
}

/// <summary>Not a Neuro-Tron net: two dense layers.</summary>
[Network(Inputs = 4, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class TwoDense
{
    [Dense(3, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}
