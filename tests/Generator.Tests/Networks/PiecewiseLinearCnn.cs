using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>
/// A piecewise-linear convolution net: ReLU, a residual with LeakyReLU, average pooling, dropout (the identity outside
/// training), dense ReLU and identity layers; double. Its activation pattern covers the convolution's and the residual's
/// units, so the region enumerators take it.
/// </summary>
[Network(InputShape = [1, 6, 6], Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class PiecewiseLinearCnn
{
    [Conv2D(2, 3, Activation.ReLU, Padding = 1)] public partial Conv2DLayer<double> Conv1 { get; }
    [Conv2D(2, 3, Padding = 1)] public partial Conv2DLayer<double> Conv2 { get; }
    [Residual(Activation.LeakyReLU, From = nameof(Conv1), LeakySlope = 0.2)] public partial ResidualLayer Skip { get; }
    [AvgPool(2)] public partial PoolLayer Pool { get; }
    [Dropout(0.1)] public partial DropoutLayer Drop { get; }
    [Dense(4, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(2)] public partial DenseLayer<double> Out { get; }
}
