using DslNets;

namespace MnistCnn;

/// <summary>
/// A LeNet-5-like net for 28×28 MNIST digits: conv 6 5×5 (padding 2, so the first feature maps keep 28×28), max pool 2,
/// conv 16 5×5, max pool 2, dense 120, 84, 10; ReLU, softmax cross-entropy, float. 61,706 parameters.
/// </summary>
[Network(InputShape = [1, 28, 28], Loss = Loss.SoftmaxCrossEntropy)]
public partial class LeNet5
{
    [Conv2D(6, 5, Activation.ReLU, Padding = 2)] public partial Conv2DLayer conv1 { get; }
    [MaxPool(2)] public partial PoolLayer pool1 { get; }
    [Conv2D(16, 5, Activation.ReLU)] public partial Conv2DLayer conv2 { get; }
    [MaxPool(2)] public partial PoolLayer pool2 { get; }
    [Dense(120, Activation.ReLU)] public partial DenseLayer fc1 { get; }
    [Dense(84, Activation.ReLU)] public partial DenseLayer fc2 { get; }
    [Dense(10)] public partial DenseLayer fc3 { get; }
}
