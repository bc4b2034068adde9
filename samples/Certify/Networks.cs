using DslNets;

namespace Certify;

/// <summary>Dziugaite and Roy's network: one hidden layer of 600 ReLUs and a logistic output (label: digit ≥ 5).</summary>
[Network(Inputs = 784, Loss = Loss.Logistic, Precision = Precision.Double)]
public partial class BinaryMnistNet
{
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Logit { get; }
}

/// <summary>Pérez-Ortiz et al.'s network: three hidden layers of 600 ReLUs and ten softmax outputs.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class DeepMnistNet
{
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden1 { get; }
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden2 { get; }
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden3 { get; }
    [Dense(10)] public partial DenseLayer<double> Logits { get; }
}

/// <summary>
/// <see cref="DeepMnistNet"/> in single precision, with dropout 0.2 after each hidden layer (their NNet4l as its prior is
/// trained) and the same parameter layout: the prior's SGD of <c>--prior-recipe pbb</c> runs on it (dropout only in passes
/// given a <see cref="DropoutDraw"/>), and its weights are then copied into <see cref="DeepMnistNet"/>.
/// </summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class DeepMnistNetSingle
{
    [Dense(600, Activation.ReLU)] public partial DenseLayer Hidden1 { get; }
    [Dropout(0.2)] public partial DropoutLayer Drop1 { get; }
    [Dense(600, Activation.ReLU)] public partial DenseLayer Hidden2 { get; }
    [Dropout(0.2)] public partial DropoutLayer Drop2 { get; }
    [Dense(600, Activation.ReLU)] public partial DenseLayer Hidden3 { get; }
    [Dropout(0.2)] public partial DropoutLayer Drop3 { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}

/// <summary>
/// Pérez-Ortiz et al.'s MNIST CNN (CNNet4l in their code): conv 32 3×3, conv 64 3×3 (ReLU), max pool 2, dense 128 (ReLU),
/// dense 10, with dropout 0.2 after each of the first three, as their prior is trained. Dropout is active only in the
/// prior's SGD (passes given a <see cref="DropoutDraw"/>); PAC-Bayes-by-backprop and the certificates see the identity,
/// as their probabilistic CNN has none. Element-wise dropout, where their code uses Dropout2d.
/// </summary>
[Network(InputShape = [1, 28, 28], Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class PerezCnn
{
    [Conv2D(32, 3, Activation.ReLU)] public partial Conv2DLayer<double> conv1 { get; }
    [Dropout(0.2)] public partial DropoutLayer drop1 { get; }
    [Conv2D(64, 3, Activation.ReLU)] public partial Conv2DLayer<double> conv2 { get; }
    [Dropout(0.2)] public partial DropoutLayer drop2 { get; }
    [MaxPool(2)] public partial PoolLayer pool { get; }
    [Dense(128, Activation.ReLU)] public partial DenseLayer<double> fc1 { get; }
    [Dropout(0.2)] public partial DropoutLayer drop3 { get; }
    [Dense(10)] public partial DenseLayer<double> fc2 { get; }
}

/// <summary>
/// <see cref="PerezCnn"/> in single precision, with the same parameter layout: the prior's SGD runs on it, about twice as
/// fast on the CPU as double, and its weights are then copied into <see cref="PerezCnn"/>, where the posterior and the
/// certificate stay in double.
/// </summary>
[Network(InputShape = [1, 28, 28], Loss = Loss.SoftmaxCrossEntropy)]
public partial class PerezCnnSingle
{
    [Conv2D(32, 3, Activation.ReLU)] public partial Conv2DLayer conv1 { get; }
    [Dropout(0.2)] public partial DropoutLayer drop1 { get; }
    [Conv2D(64, 3, Activation.ReLU)] public partial Conv2DLayer conv2 { get; }
    [Dropout(0.2)] public partial DropoutLayer drop2 { get; }
    [MaxPool(2)] public partial PoolLayer pool { get; }
    [Dense(128, Activation.ReLU)] public partial DenseLayer fc1 { get; }
    [Dropout(0.2)] public partial DropoutLayer drop3 { get; }
    [Dense(10)] public partial DenseLayer fc2 { get; }
}
