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
    public double Lambda { get; private set; }

    /// <summary>ln σ₀ of the prior (learnt, and written back into <see cref="Prior"/>, by the DziugaiteRoy objective).</summary>
    public double PriorLogSigma { get; private set; }

    /// <summary>∂f/∂ln σ₀ of the last <see cref="ComputeGradient"/> (DziugaiteRoy objective; 0 otherwise).</summary>
    public double PriorLogSigmaGradient { get; private set; }

    private readonly Optimizers.IOptimizer<double> _meanOptimizer, _rhoOptimizer, _priorOptimizer;
    private readonly double[] _priorParameter = new double[1], _priorGradient = new double[1];

    /// <summary>Creates a trainer; the posterior and prior must have the network's parameter count.</summary>
    /// <param name="network">The network whose parameters receive the weight draws.</param>
    /// <param name="posterior">Q, trained in place.</param>
    /// <param name="prior">P.</param>
    /// <param name="options">The settings.</param>
    public PacBayesTrainer(TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior, PacBayesTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
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

        _network = network;
        PriorLogSigma = prior.Length > 0 ? Math.Log(prior.Sigma[0]) : 0.0;
        Posterior = posterior;
        Prior = prior;
        Options = options;
        Lambda = options.InitialLambda;
        _random = new SeededRandom(options.Seed);
        int n = TNet.ParameterCount;
        _noise = new double[n];
        _weightGradient = new double[n];
        _sigma = new double[n];
        _slope = new double[n];
        MeanGradient = new double[n];
        RhoGradient = new double[n];
        _meanOptimizer = CreateOptimizer(options, PosteriorParameterGroup.Mean, n);
        _rhoOptimizer = CreateOptimizer(options, PosteriorParameterGroup.Rho, n);
        _priorOptimizer = CreateOptimizer(options, PosteriorParameterGroup.PriorLogSigma, 1);
    }

    private static Optimizers.IOptimizer<double> CreateOptimizer(PacBayesTrainerOptions options, PosteriorParameterGroup group, int length)
    {
        Optimizers.IOptimizer<double>? optimizer = options.CreateOptimizer?.Invoke(group, length);
        if (optimizer is null) return new Optimizers.Sgd<double>(length, options.LearningRate, options.Momentum);
        if (optimizer.ParameterCount != length)
            throw new ArgumentException($"Expected 'CreateOptimizer({group}, {length})' to build an optimiser for {length} parameters, got one for {optimizer.ParameterCount}.");
        return optimizer;
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
        double kl = Posterior.SampleForTraining(_random, _network.Parameters, _noise, Prior, _sigma, _slope);
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
        double clipped = Math.Min(loss, 1.0), objective, lossDerivative, klDerivative;
        if (Options.Objective == PacBayesObjectiveKind.DziugaiteRoy)
        {
            objective = PacBayesObjective.DziugaiteRoy(clipped, kl, Options.BoundSampleCount, Options.Delta, PriorLogSigma,
                out klDerivative, out double explicitPrior, Options.PriorGridMaxVariance, Options.PriorGridPrecision);
            lossDerivative = 1.0;
            PriorLogSigmaGradient = explicitPrior + klDerivative * Posterior.PriorLogSigmaGradient(Prior);
        }
        else
        {
            objective = PacBayesObjective.Evaluate(Options.Objective, clipped, kl, Options.BoundSampleCount, Options.Delta, Lambda,
                out lossDerivative, out klDerivative);
        }
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
        if (Options.Objective == PacBayesObjectiveKind.DziugaiteRoy)
        {
            _priorParameter[0] = PriorLogSigma;
            _priorGradient[0] = PriorLogSigmaGradient;
            _priorOptimizer.Step(_priorParameter, _priorGradient);
            PriorLogSigma = _priorParameter[0];
            Prior.SetScalarSigma(Math.Exp(PriorLogSigma));
        }
        if (Options.Objective == PacBayesObjectiveKind.Lambda)
            Lambda = PacBayesObjective.UpdateLambda(Math.Min(result.Loss, 1.0), result.Kl, Options.BoundSampleCount, Options.Delta);
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
