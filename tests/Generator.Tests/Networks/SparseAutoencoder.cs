using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>The weight-tied autoencoder of sparse-coding theory, ŷ = Wᵀ ReLU(W y + b): tied weights on the loop path.</summary>
[Network(Inputs = 20, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class SparseAutoencoder
{
    [Dense(40, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(20, TiedTo = nameof(Encoder), Bias = false)] public partial DenseLayer<double> Decoder { get; }
}
