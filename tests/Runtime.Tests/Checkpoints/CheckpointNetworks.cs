namespace DslNets.Runtime.Tests.Checkpoints;

/// <summary>A small generated float network to save and load.</summary>
[Network(Inputs = 4, Loss = Loss.SquaredError)]
public partial class CheckpointNet
{
    [Dense(5, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(3)] public partial DenseLayer Out { get; }
}

/// <summary>The same architecture in double.</summary>
[Network(Inputs = 4, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class CheckpointNetDouble
{
    [Dense(5, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(3)] public partial DenseLayer<double> Out { get; }
}

/// <summary>The network tests/tools/write_safetensors_reference.py writes a checkpoint for: 3 → 2 → 1, all linear.</summary>
[Network(Inputs = 3, Loss = Loss.SquaredError)]
public partial class ReferenceNet
{
    [Dense(2)] public partial DenseLayer Hidden { get; }
    [Dense(1)] public partial DenseLayer Out { get; }
}

/// <summary>A tied autoencoder: the decoder owns no weights, so the checkpoint holds the encoder's tensors only.</summary>
[Network(Inputs = 6, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class CheckpointTiedNet
{
    [Dense(3, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(6, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>A shared-filter (Neuro-Tron) network: a trainable filter and fixed matrices supplied at construction.</summary>
[Network(Inputs = 5, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class CheckpointFilterNet
{
    [SharedFilter(3, 2, Activation.ReLU)] public partial SharedFilterLayer<double> Filter { get; }
}
