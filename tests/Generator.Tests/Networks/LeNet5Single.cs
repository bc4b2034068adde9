using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>
/// LeNet5 in float, as samples/MnistCnn and the benchmarks run it: its 28-wide max pool takes the runtime's float SIMD
/// row kernel in the per-sample code, which the double nets never reach.
/// </summary>
[Network(InputShape = [1, 28, 28], Loss = Loss.SoftmaxCrossEntropy)]
public partial class LeNet5Single
{
    [Conv2D(6, 5, Activation.ReLU, Padding = 2)] public partial Conv2DLayer conv1 { get; }
    [MaxPool(2)] public partial PoolLayer pool1 { get; }
    [Conv2D(16, 5, Activation.ReLU)] public partial Conv2DLayer conv2 { get; }
    [MaxPool(2)] public partial PoolLayer pool2 { get; }
    [Dense(120, Activation.ReLU)] public partial DenseLayer fc1 { get; }
    [Dense(84, Activation.ReLU)] public partial DenseLayer fc2 { get; }
    [Dense(10)] public partial DenseLayer fc3 { get; }
}
