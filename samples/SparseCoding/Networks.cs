using DslNets;

namespace SparseCodingSample;

// The weight-tied autoencoder ŷ = Wᵀ ReLU(W y + b), n = 256, at five hidden widths h.

/// <summary>h = 256.</summary>
[Network(Inputs = 256, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder256
{
    [Dense(256, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(256, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>h = 512.</summary>
[Network(Inputs = 256, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder512
{
    [Dense(512, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(256, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>h = 1024.</summary>
[Network(Inputs = 256, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder1024
{
    [Dense(1024, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(256, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>h = 2048.</summary>
[Network(Inputs = 256, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder2048
{
    [Dense(2048, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(256, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>h = 4096.</summary>
[Network(Inputs = 256, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Autoencoder4096
{
    [Dense(4096, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(256, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}
