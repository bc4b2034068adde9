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

/// <summary>A small Neuro-Tron net, n = 12, r = 4, k = 6: quick device runs (convergence, general matrices).</summary>
[Network(Inputs = 12, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class SmallNeuroTron
{
    [SharedFilter(4, 6, Activation.ReLU)] public partial SharedFilterLayer<double> Filter { get; }
}

/// <summary>Not a Neuro-Tron net: a shared filter with fixed matrices but LeakyReLU.</summary>
[Network(Inputs = 12, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class LeakyFilterNet
{
    [SharedFilter(4, 6, Activation.LeakyReLU)] public partial SharedFilterLayer<double> Filter { get; }
}

/// <summary>The single ReLU gate in single precision.</summary>
[Network(Inputs = 10, Loss = Loss.SquaredError, Precision = Precision.Single)]
public partial class ReluGate10Single
{
    [Dense(1, Activation.ReLU, Bias = false)] public partial DenseLayer Gate { get; }
}

/// <summary>A single LeakyReLU gate (slope 0.1), no bias.</summary>
[Network(Inputs = 10, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class LeakyGate10
{
    [Dense(1, Activation.LeakyReLU, Bias = false, LeakySlope = 0.1)] public partial DenseLayer<double> Gate { get; }
}

/// <summary>A single linear gate (Identity), no bias: GLM-Tron is then least squares by gradient steps.</summary>
[Network(Inputs = 10, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class LinearGate10
{
    [Dense(1, Activation.Identity, Bias = false)] public partial DenseLayer<double> Gate { get; }
}

/// <summary>Not a GLM-Tron net: a gate with a bias.</summary>
[Network(Inputs = 10, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class BiasedGate10
{
    [Dense(1, Activation.ReLU)] public partial DenseLayer<double> Gate { get; }
}
