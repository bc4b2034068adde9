namespace DslNets.Runtime.Tests.SparseCoding;

/// <summary>The weight-tied autoencoder ŷ = Wᵀ ReLU(W y + b), n = 32, h = 48.</summary>
[Network(Inputs = 32, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class TiedAutoencoder32x48
{
    [Dense(48, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(32, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>An untied autoencoder, which the tied-autoencoder routines must refuse.</summary>
[Network(Inputs = 4, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class UntiedAutoencoder
{
    [Dense(6, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(4, Bias = false)] public partial DenseLayer<double> Decoder { get; }
}
