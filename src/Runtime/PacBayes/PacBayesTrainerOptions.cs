namespace DslNets.PacBayes;

/// <summary>Settings of <see cref="PacBayesTrainer{TNet}"/>; the defaults are Pérez-Ortiz et al.'s MNIST choices where they apply.</summary>
public sealed record PacBayesTrainerOptions
{
    /// <summary>The objective (quadratic by default).</summary>
    public PacBayesObjectiveKind Objective { get; init; } = PacBayesObjectiveKind.Quadratic;

    /// <summary>m: the number of samples the bound will be evaluated on (the training set, or its part not used for the prior); must be set, ≥ 8.</summary>
    public long BoundSampleCount { get; init; }

    /// <summary>δ of the objective (0.025).</summary>
    public double Delta { get; init; } = 0.025;

    /// <summary>p_min of the bounded cross-entropy (1e-5).</summary>
    public double PMin { get; init; } = 1e-5;

    /// <summary>The initial λ of the λ objective (1); updated after every step by the closed-form minimiser.</summary>
    public double InitialLambda { get; init; } = 1.0;

    /// <summary>The SGD learning rate (0.005).</summary>
    public double LearningRate { get; init; } = 0.005;

    /// <summary>The SGD momentum (0.95).</summary>
    public double Momentum { get; init; } = 0.95;

    /// <summary>c of Dziugaite &amp; Roy's prior-variance grid λ_j = c·e^{−j/b} (0.1); used by the DziugaiteRoy objective.</summary>
    public double PriorGridMaxVariance { get; init; } = 0.1;

    /// <summary>b of Dziugaite &amp; Roy's prior-variance grid (100); used by the DziugaiteRoy objective.</summary>
    public double PriorGridPrecision { get; init; } = 100.0;

    /// <summary>
    /// Builds the optimiser of each parameter group (called once per group with the group's length); a null factory (the
    /// default), or a factory returning null for a group, takes SGD with <see cref="LearningRate"/> and
    /// <see cref="Momentum"/> for it, PBB's choice. Why another: with σ ≪ 1 the gradient in ρ carries a factor
    /// sigmoid(ρ) ≈ σ, so plain SGD barely moves σ; a per-coordinate method such as <see cref="Optimizers.Adam{T}"/> or
    /// <see cref="Optimizers.RmsProp{T}"/> (Dziugaite &amp; Roy's choice) moves every ρ at about its rate per step. For μ the
    /// same normalisation gives a tiny KL gradient a full step, so SGD may suit μ better.
    /// </summary>
    public Func<PosteriorParameterGroup, int, Optimizers.IOptimizer<double>?>? CreateOptimizer { get; init; }

    /// <summary>The seed of the weight draws.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// The stream of the weight draws: <see cref="NoiseStream.Sequential"/> (the default), or <see cref="NoiseStream.CounterBased"/>,
    /// which <see cref="Gpu.DevicePacBayesTrainer{TNet}"/> always draws, so a host run with it follows a device run step for step.
    /// </summary>
    public NoiseStream Noise { get; init; } = NoiseStream.Sequential;
}
