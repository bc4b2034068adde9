namespace DslNets.Runtime.Tests.Concurrency;

/// <summary>A float classifier large enough to take the loop (not unrolled) and batch matrix-product paths.</summary>
[Network(Inputs = 64, Loss = Loss.SoftmaxCrossEntropy)]
public partial class SharedClassifier
{
    [Dense(32, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(10)] public partial DenseLayer Logits { get; }
}

/// <summary>A small double regressor whose layers are unrolled into straight-line code.</summary>
[Network(Inputs = 3, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class SharedRegressor
{
    [Dense(4, Activation.Tanh)] public partial DenseLayer<double> Hidden { get; }
    [Dense(2)] public partial DenseLayer<double> Out { get; }
}
