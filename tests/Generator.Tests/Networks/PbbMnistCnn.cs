using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>
/// The MNIST CNN of Pérez-Ortiz et al. (2021), CNNet4l in their code: conv 32 3×3, conv 64 3×3 (ReLU), max pool 2, dense
/// 128 (ReLU), dense 10; the image is flattened implicitly before fc1. Members carry their modules' names (conv1, conv2,
/// fc1, fc2), so their state_dict's tensors are this network's. One sample's activations outgrow the stack, so it also
/// covers the per-thread activation buffer.
/// </summary>
[Network(InputShape = [1, 28, 28], Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class PbbMnistCnn
{
    [Conv2D(32, 3, Activation.ReLU)] public partial Conv2DLayer<double> conv1 { get; }
    [Conv2D(64, 3, Activation.ReLU)] public partial Conv2DLayer<double> conv2 { get; }
    [MaxPool(2)] public partial PoolLayer pool { get; }
    [Dense(128, Activation.ReLU)] public partial DenseLayer<double> fc1 { get; }
    [Dense(10)] public partial DenseLayer<double> fc2 { get; }
}
