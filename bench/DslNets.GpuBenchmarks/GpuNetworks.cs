using DslNets;

namespace DslNets.GpuBenchmarks;

/// <summary>2-16-16-1, ReLU, squared error: the small network the fused device kernel is for (batch 2²⁰ and 2¹⁶).</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError)]
public partial class Tiny2x16x16x1
{
    [Dense(16, Activation.ReLU)] public partial DenseLayer Hidden1 { get; }
    [Dense(16, Activation.ReLU)] public partial DenseLayer Hidden2 { get; }
    [Dense(1)] public partial DenseLayer Prediction { get; }
}

/// <summary>784-128-10, ReLU, softmax cross-entropy (MNIST-shaped; batch 64).</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class Mnist784x128x10
{
    [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}

/// <summary>784-1024-1024-1024-10, ReLU, softmax cross-entropy (batch 8192): the large, matrix-bound case.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
public partial class Deep784x1024x3x10
{
    [Dense(1024, Activation.ReLU)] public partial DenseLayer Hidden1 { get; }
    [Dense(1024, Activation.ReLU)] public partial DenseLayer Hidden2 { get; }
    [Dense(1024, Activation.ReLU)] public partial DenseLayer Hidden3 { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}

/// <summary>The Neuro-Tron experiments' network: one ReLU shared filter, n = 100, r = 25, k = 10, double (the Tron row).</summary>
[Network(Inputs = 100, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class GpuNeuroTron100
{
    [SharedFilter(25, 10, Activation.ReLU)] public partial SharedFilterLayer<double> Filter { get; }
}

/// <summary>Pérez-Ortiz et al.'s MNIST network, 784-600-600-600-10, ReLU, softmax, double: the Monte-Carlo certificate row.</summary>
[Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class GpuPerezOrtizNet
{
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden1 { get; }
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden2 { get; }
    [Dense(600, Activation.ReLU)] public partial DenseLayer<double> Hidden3 { get; }
    [Dense(10)] public partial DenseLayer<double> Logits { get; }
}
