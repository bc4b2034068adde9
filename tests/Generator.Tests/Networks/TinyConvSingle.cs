using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>
/// A small float convolution net on a non-square image: a rectangular 3×2 kernel with tanh, max pooling, a padded
/// convolution with stride 2 and sigmoid, and a dense layer; squared error. Few enough units for the float checks'
/// distance from kinks.
/// </summary>
[Network(InputShape = [2, 6, 7], Loss = Loss.SquaredError)]
public partial class TinyConvSingle
{
    [Conv2D(3, 0, Activation.Tanh, KernelHeight = 3, KernelWidth = 2)] public partial Conv2DLayer Features { get; }
    [MaxPool(2)] public partial PoolLayer Pool { get; }
    [Conv2D(2, 2, Activation.Sigmoid, Stride = 2, Padding = 1)] public partial Conv2DLayer Strided { get; }
    [Dense(2)] public partial DenseLayer Out { get; }
}
