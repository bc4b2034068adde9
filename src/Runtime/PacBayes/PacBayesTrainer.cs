namespace DslNets.PacBayes;

/// <summary>
/// PAC-Bayes-by-backprop (Pérez-Ortiz et al. 2021) over a generated network: each step draws w = μ + σ⊙ε from the
/// posterior into the network's <c>Parameters</c>, takes the gradient of the mean bounded cross-entropy with the
/// network's own <c>GradientBatch</c> (scaled by 1/ln(1/p_min) and skipped where the probability floor is active, which is
/// exactly the gradient of the bounded loss), maps it to μ and ρ by the reparameterisation trick, adds the KL term's
/// gradient scaled by ∂f/∂KL, and takes an optimiser step on μ and ρ (SGD with momentum unless
/// <see cref="PacBayesTrainerOptions.CreateOptimizer"/> says otherwise). The network's parameters hold the
/// last sample after a step. Allocates only at construction and when a batch is larger than any before.
/// </summary>
/// <typeparam name="TNet">A generated network with SoftmaxCrossEntropy or Logistic loss.</typeparam>
public sealed class PacBayesTrainer<TNet> where TNet : INetwork<TNet, double>
{
    private readonly TNet _network;
    private readonly SeededRandom _random;
    private readonly double[] _noise, _weightGradient, _sigma, _slope;
    private double[] _batchOutputs = [];
    private long _draws;

    /// <summary>The posterior being trained (its μ and ρ are updated in place).</summary>
    public DiagonalGaussianPosterior Posterior { get; }

    /// <summary>The prior of the bound.</summary>
    public GaussianPrior Prior { get; }

    /// <summary>The settings.</summary>
    public PacBayesTrainerOptions Options { get; }

    /// <summary>∂f/∂μ of the last <see cref="ComputeGradient"/>.</summary>
    public double[] MeanGradient { get; }

    /// <summary>∂f/∂ρ of the last <see cref="ComputeGradient"/>.</summary>
    public double[] RhoGradient { get; }

    /// <summary>ε of the last weight draw.</summary>
    public ReadOnlySpan<double> Noise => _noise;

    /// <summary>The current λ (λ objective).</summary>
    public double Lambda => _state.Lambda;

    /// <summary>ln σ₀ of the prior (learnt, and written back into <see cref="Prior"/>, by the DziugaiteRoy objective).</summary>
    public double PriorLogSigma => _state.PriorLogSigma;

    /// <summary>∂f/∂ln σ₀ of the last <see cref="ComputeGradient"/> (DziugaiteRoy objective; 0 otherwise).</summary>
    public double PriorLogSigmaGradient => _state.PriorLogSigmaGradient;

    private readonly Optimizers.IOptimizer<double> _meanOptimizer, _rhoOptimizer;
    private readonly ObjectiveState _state;

    /// <summary>Creates a trainer; the posterior and prior must have the network's parameter count.</summary>
    /// <param name="network">The network whose parameters receive the weight draws.</param>
    /// <param name="posterior">Q, trained in place.</param>
    /// <param name="prior">P.</param>
    /// <param name="options">The settings.</param>
    public PacBayesTrainer(TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior, PacBayesTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        Validate(posterior, prior, options);
        _network = network;
        Posterior = posterior;
        Prior = prior;
        Options = options;
        _random = new SeededRandom(options.Seed);
        int n = TNet.ParameterCount;
        _noise = new double[n];
        _weightGradient = new double[n];
        _sigma = new double[n];
        _slope = new double[n];
        MeanGradient = new double[n];
        RhoGradient = new double[n];
        _meanOptimizer = ObjectiveState.CreateOptimizer(options, PosteriorParameterGroup.Mean, n);
        _rhoOptimizer = ObjectiveState.CreateOptimizer(options, PosteriorParameterGroup.Rho, n);
        _state = new ObjectiveState(options, prior);
    }

    /// <summary>Checks a posterior, prior and options for <typeparamref name="TNet"/> (the host and the device trainer).</summary>
    internal static void Validate(DiagonalGaussianPosterior posterior, GaussianPrior prior, PacBayesTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(options);
        StochasticLoss.CheckSupported<TNet>();
        Guard.SameLength(TNet.ParameterCount, posterior.Length, nameof(posterior), "the network's parameters");
        Guard.SameLength(TNet.ParameterCount, prior.Length, nameof(prior), "the network's parameters");
        Guard.Count(options.BoundSampleCount, nameof(options.BoundSampleCount), 8);
        Guard.Confidence(options.Delta, nameof(options.Delta));
        if (!(options.PMin > 0 && options.PMin < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.PMin, $"Expected 'PMin' in (0, 1), got {options.PMin}.");
        PacBayesBounds.CheckLambda(options.InitialLambda);
        if (options.Noise is not (NoiseStream.Sequential or NoiseStream.CounterBased))
            throw new ArgumentOutOfRangeException(nameof(options), options.Noise, $"Expected 'Noise' Sequential or CounterBased, got {options.Noise}.");
        Guard.Positive(options.LearningRate, nameof(options.LearningRate));
        if (!(options.Momentum >= 0 && options.Momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.Momentum, $"Expected 'Momentum' in [0, 1), got {options.Momentum}.");

        if (options.Objective == PacBayesObjectiveKind.DziugaiteRoy)
        {
            Guard.Count(options.BoundSampleCount, nameof(options.BoundSampleCount), 2);
            foreach (double sigma in prior.Sigma)
                if (sigma != prior.Sigma[0])
                    throw new ArgumentException($"Expected a prior with one standard deviation for every parameter (the DziugaiteRoy objective learns that scalar), got {prior.Sigma[0]} and {sigma}.", nameof(prior));
        }
    }

    /// <summary>
    /// Draws one weight vector and fills <see cref="MeanGradient"/> and <see cref="RhoGradient"/> with the gradient
    /// of the objective f(L̂_batch, KL) with respect to μ and ρ at that draw.
    /// </summary>
    /// <param name="inputs">batch × InputSize, row-major.</param>
    /// <param name="targets">batch × OutputSize, row-major (one-hot rows, or 0/1 for one logistic output).</param>
    public PacBayesStepResult ComputeGradient(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        int batch = BatchSize(inputs, targets);
        if (Options.Noise == NoiseStream.CounterBased) Gpu.DeviceRandom.FillNormal(_noise, unchecked((ulong)Options.Seed), (ulong)_draws * (ulong)_noise.Length);
        else DiagonalGaussianPosterior.FillStandardNormal(_random, _noise);
        _draws++;
        double kl = Posterior.SampleForTraining(_network.Parameters, _noise, Prior, _sigma, _slope);
        Array.Clear(_weightGradient);
        double floor = Math.Log(Options.PMin), scale = 1.0 / -floor;
        if (_batchOutputs.Length < batch * TNet.OutputSize) _batchOutputs = new double[batch * TNet.OutputSize];
        Span<double> outputs = _batchOutputs.AsSpan(0, batch * TNet.OutputSize);
        _network.ForwardBatch(inputs, outputs);
        double loss = 0.0;
        int floored = 0;
        for (int s = 0; s < batch; s++)
        {
            int label = StochasticLoss.Label(targets.Slice(s * TNet.OutputSize, TNet.OutputSize));
            double logP = StochasticLoss.LogProbability(outputs.Slice(s * TNet.OutputSize, TNet.OutputSize), label);
            if (logP <= floor) { loss += 1.0; floored++; } else loss -= logP * scale;
        }
        if (floored == 0)
        {
            // The common case: no probability on the floor, so the bounded loss's gradient is the scaled log-loss's.
            _network.GradientBatch(inputs, targets, _weightGradient, scale);
        }
        else
        {
            // Samples on the floor contribute loss 1 and gradient 0: take the others one by one.
            for (int s = 0; s < batch; s++)
            {
                var t = targets.Slice(s * TNet.OutputSize, TNet.OutputSize);
                double logP = StochasticLoss.LogProbability(outputs.Slice(s * TNet.OutputSize, TNet.OutputSize), StochasticLoss.Label(t));
                if (logP > floor) _network.Gradient(inputs.Slice(s * TNet.InputSize, TNet.InputSize), t, _weightGradient, scale);
            }
        }
        loss /= batch;
        double objective = _state.Evaluate(loss, kl, () => Posterior.PriorLogSigmaGradient(Prior), out double lossDerivative, out double klDerivative);
        Posterior.SetTrainingGradient(Prior, _weightGradient, _noise, _sigma, _slope, MeanGradient, RhoGradient, lossDerivative / batch, klDerivative);
        return new PacBayesStepResult(objective, loss, kl, Lambda);
    }

    /// <summary>
    /// One step: <see cref="ComputeGradient"/>, then an optimiser step on μ and ρ (and ln σ₀ with the DziugaiteRoy
    /// objective): SGD with momentum (b ← momentum·b + g, θ ← θ − rate·b), or those of <see cref="PacBayesTrainerOptions.CreateOptimizer"/>;
    /// with the λ objective, λ is then set to the minimiser for the step's L̂ and KL.
    /// </summary>
    /// <param name="inputs">batch × InputSize, row-major.</param>
    /// <param name="targets">batch × OutputSize, row-major.</param>
    public PacBayesStepResult Step(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        PacBayesStepResult result = ComputeGradient(inputs, targets);
        _meanOptimizer.Step(Posterior.Mean, MeanGradient);
        _rhoOptimizer.Step(Posterior.Rho, RhoGradient);
        _state.Advance(result, Prior);
        return result;
    }

    private static int BatchSize(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        int batch = inputs.Length / TNet.InputSize;
        if (batch == 0 || inputs.Length != batch * TNet.InputSize)
            throw new ArgumentException($"Expected 'inputs' to hold a positive whole number of samples of length {TNet.InputSize}, got length {inputs.Length}.", nameof(inputs));
        if (targets.Length != batch * TNet.OutputSize)
            throw new ArgumentException($"Expected 'targets' of length {batch}×{TNet.OutputSize} = {batch * TNet.OutputSize}, got length {targets.Length}.", nameof(targets));
        return batch;
    }
}
