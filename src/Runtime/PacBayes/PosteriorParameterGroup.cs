namespace DslNets.PacBayes;

/// <summary>The parameter vectors a <see cref="PacBayesTrainer{TNet}"/> optimises, each with an optimiser of its own.</summary>
public enum PosteriorParameterGroup
{
    /// <summary>μ, the posterior mean (one entry per network parameter).</summary>
    Mean = 0,

    /// <summary>ρ with σ = softplus(ρ) (one entry per network parameter).</summary>
    Rho = 1,

    /// <summary>ln σ₀ of the prior (one entry; learnt by the Dziugaite–Roy objective only).</summary>
    PriorLogSigma = 2,
}
