namespace DslNets.PacBayes;

/// <summary>How a Monte-Carlo certificate draws classifiers from the posterior.</summary>
public enum MonteCarloSampling
{
    /// <summary>n whole weight vectors, each evaluated on every bound sample (Dziugaite &amp; Roy; Pérez-Ortiz et al.): n trials.</summary>
    WholeNetworks = 0,

    /// <summary>k weight draws of its own for every bound sample (<see cref="LocalReparameterisation"/>): m·k independent trials; dense, convolution, pooling, flatten and dropout layers (dense only on a device).</summary>
    PerSample = 1,
}
