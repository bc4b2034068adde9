using DslNets;

namespace NeuroTronSample;

/// <summary>f_w(x) = (1/10) Σ ReLU(wᵀ A_i x), w ∈ R^25, x ∈ R^100: the N(0,1) and Student-t experiments.</summary>
[Network(Inputs = 100, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class NeuroTron100
{
    [SharedFilter(25, 10, Activation.ReLU)] public partial SharedFilterLayer<double> Filter { get; }
}

/// <summary>The same with x ∈ R^50: the N(0,9) and Laplace experiments.</summary>
[Network(Inputs = 50, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class NeuroTron50
{
    [SharedFilter(25, 10, Activation.ReLU)] public partial SharedFilterLayer<double> Filter { get; }
}
