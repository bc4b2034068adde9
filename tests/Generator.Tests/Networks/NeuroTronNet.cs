using DslNets;

namespace DslNets.Generator.Tests.Networks;

/// <summary>The Neuro-Tron net f(x) = (1/k) Σ ReLU(wᵀ A_i x) with fixed matrices supplied at construction.</summary>
[Network(Inputs = 8, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class NeuroTronNet
{
    [SharedFilter(5, 4, Activation.ReLU)] public partial SharedFilterLayer<double> Filter { get; }
}
