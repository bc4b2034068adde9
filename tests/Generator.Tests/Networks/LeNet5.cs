using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>
/// A LeNet-5-like net on 28×28 MNIST images: conv 6 5×5 (padding 2), max pool 2, conv 16 5×5, max pool 2, dense 120, 84,
/// 10; ReLU, softmax cross-entropy, double. Members are named as a PyTorch module's attributes would be.
/// </summary>
[Network(InputShape = [1, 28, 28], Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class LeNet5
{
    [Conv2D(6, 5, Activation.ReLU, Padding = 2)] public partial Conv2DLayer<double> conv1 { get; }
    [MaxPool(2)] public partial PoolLayer pool1 { get; }
    [Conv2D(16, 5, Activation.ReLU)] public partial Conv2DLayer<double> conv2 { get; }
    [MaxPool(2)] public partial PoolLayer pool2 { get; }
    [Dense(120, Activation.ReLU)] public partial DenseLayer<double> fc1 { get; }
    [Dense(84, Activation.ReLU)] public partial DenseLayer<double> fc2 { get; }
    [Dense(10)] public partial DenseLayer<double> fc3 { get; }
}
