using DslNets;

namespace AdamVsNesterov;

// The study's networks: fully connected MNIST autoencoders with ReLU hidden layers, a sigmoid output and the squared
// error ½‖ŷ − x‖², the setting of De, Mukherjee and Ullah (arXiv 1807.06766, section on autoencoders). Widths are
// ours, near the usual deep-autoencoder shapes (784-1000-500-250-30 and its mirror, Hinton and Salakhutdinov).

/// <summary>Three hidden layers: 784-1000-500-1000-784.</summary>
[Network(Inputs = 784, Loss = Loss.SquaredError)]
public partial class Autoencoder3
{
    [Dense(1000, Activation.ReLU)] public partial DenseLayer Encoder1 { get; }
    [Dense(500, Activation.ReLU)] public partial DenseLayer Code { get; }
    [Dense(1000, Activation.ReLU)] public partial DenseLayer Decoder1 { get; }
    [Dense(784, Activation.Sigmoid)] public partial DenseLayer Reconstruction { get; }
}

/// <summary>Five hidden layers: 784-1000-500-250-500-1000-784.</summary>
[Network(Inputs = 784, Loss = Loss.SquaredError)]
public partial class Autoencoder5
{
    [Dense(1000, Activation.ReLU)] public partial DenseLayer Encoder1 { get; }
    [Dense(500, Activation.ReLU)] public partial DenseLayer Encoder2 { get; }
    [Dense(250, Activation.ReLU)] public partial DenseLayer Code { get; }
    [Dense(500, Activation.ReLU)] public partial DenseLayer Decoder2 { get; }
    [Dense(1000, Activation.ReLU)] public partial DenseLayer Decoder1 { get; }
    [Dense(784, Activation.Sigmoid)] public partial DenseLayer Reconstruction { get; }
}

/// <summary>Seven hidden layers: 784-1000-500-250-30 (a linear code) and its mirror.</summary>
[Network(Inputs = 784, Loss = Loss.SquaredError)]
public partial class Autoencoder7
{
    [Dense(1000, Activation.ReLU)] public partial DenseLayer Encoder1 { get; }
    [Dense(500, Activation.ReLU)] public partial DenseLayer Encoder2 { get; }
    [Dense(250, Activation.ReLU)] public partial DenseLayer Encoder3 { get; }
    [Dense(30, Activation.Identity)] public partial DenseLayer Code { get; }
    [Dense(250, Activation.ReLU)] public partial DenseLayer Decoder3 { get; }
    [Dense(500, Activation.ReLU)] public partial DenseLayer Decoder2 { get; }
    [Dense(1000, Activation.ReLU)] public partial DenseLayer Decoder1 { get; }
    [Dense(784, Activation.Sigmoid)] public partial DenseLayer Reconstruction { get; }
}
