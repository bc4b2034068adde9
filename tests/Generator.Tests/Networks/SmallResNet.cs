using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>
/// A small residual net: a stem, a block whose output is added to the stem's (ReLU after the sum), overlapping max
/// pooling, a strided and padded LeakyReLU convolution, average pooling with stride 1, an explicit flatten, dropout and a
/// dense readout; double.
/// </summary>
[Network(InputShape = [2, 12, 12], Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class SmallResNet
{
    [Conv2D(4, 3, Activation.ReLU, Padding = 1)] public partial Conv2DLayer<double> Stem { get; }
    [Conv2D(4, 3, Activation.ReLU, Padding = 1)] public partial Conv2DLayer<double> Inner { get; }
    [Conv2D(4, 3, Padding = 1, Bias = false)] public partial Conv2DLayer<double> Outer { get; }
    [Residual(Activation.ReLU, From = nameof(Stem))] public partial ResidualLayer Skip { get; }
    [MaxPool(3, Stride = 2)] public partial PoolLayer Overlap { get; }
    [Conv2D(6, 3, Activation.LeakyReLU, Stride = 2, Padding = 1, LeakySlope = 0.1)] public partial Conv2DLayer<double> Down { get; }
    [AvgPool(2, Stride = 1)] public partial PoolLayer Mean { get; }
    [Flatten] public partial FlattenLayer Flat { get; }
    [Dropout(0.25)] public partial DropoutLayer Drop { get; }
    [Dense(3)] public partial DenseLayer<double> Logits { get; }
}
