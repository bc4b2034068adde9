using DslNets;

namespace SparseCodingSample;

// The weight-tied autoencoder ŷ = Wᵀ ReLU(W y + b), n = 128, at five hidden widths h.

/// <summary>h = 128.</summary>
[Network(Inputs = 128, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder128
{
    [Dense(128, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(128, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>h = 256.</summary>
[Network(Inputs = 128, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder256
{
    [Dense(256, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(128, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>h = 512.</summary>
[Network(Inputs = 128, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder512
{
    [Dense(512, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(128, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>h = 1024.</summary>
[Network(Inputs = 128, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder1024
{
    [Dense(1024, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(128, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>h = 2048.</summary>
[Network(Inputs = 128, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder2048
{
    [Dense(2048, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(128, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}
