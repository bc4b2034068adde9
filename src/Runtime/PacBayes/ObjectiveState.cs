namespace DslNets.PacBayes;

/// <summary>
/// The scalar state of PAC-Bayes-by-backprop beside μ and ρ, shared by the host and the device trainer: λ of the λ objective,
/// and ln σ₀ of a learnt prior scale with its own optimiser (the DziugaiteRoy objective). It evaluates the step's objective
/// and its derivatives, then advances λ or ln σ₀ after the step.
/// </summary>
internal sealed class ObjectiveState
{
    private readonly PacBayesTrainerOptions _options;
    private readonly Optimizers.IOptimizer<double> _priorOptimizer;
    private readonly double[] _priorParameter = new double[1], _priorGradient = new double[1];

    public ObjectiveState(PacBayesTrainerOptions options, GaussianPrior prior)
    {
        _options = options;
        Lambda = options.InitialLambda;
        PriorLogSigma = prior.Length > 0 ? Math.Log(prior.Sigma[0]) : 0.0;
        _priorOptimizer = CreateOptimizer(options, PosteriorParameterGroup.PriorLogSigma, 1);
    }

    /// <summary>The current λ (λ objective).</summary>
    public double Lambda { get; private set; }

    /// <summary>ln σ₀ of the prior (learnt by the DziugaiteRoy objective).</summary>
    public double PriorLogSigma { get; private set; }

    /// <summary>∂f/∂ln σ₀ of the last <see cref="Evaluate"/> (DziugaiteRoy; 0 otherwise).</summary>
    public double PriorLogSigmaGradient { get; private set; }

    /// <summary>
    /// The objective f(L̂, KL) of a step with ∂f/∂L̂ and ∂f/∂KL; with the DziugaiteRoy objective also ∂f/∂ln σ₀, from
    /// <paramref name="klPriorLogSigmaGradient"/> = ∂KL/∂ln σ₀ (asked for only then, as it costs a pass over the parameters).
    /// </summary>
    public double Evaluate(double loss, double kl, Func<double> klPriorLogSigmaGradient, out double lossDerivative, out double klDerivative)
    {
        double clipped = Math.Min(loss, 1.0);
        if (_options.Objective == PacBayesObjectiveKind.DziugaiteRoy)
        {
            double objective = PacBayesObjective.DziugaiteRoy(clipped, kl, _options.BoundSampleCount, _options.Delta, PriorLogSigma,
                out klDerivative, out double explicitPrior, _options.PriorGridMaxVariance, _options.PriorGridPrecision);
            lossDerivative = 1.0;
            PriorLogSigmaGradient = explicitPrior + klDerivative * klPriorLogSigmaGradient();
            return objective;
        }

        return PacBayesObjective.Evaluate(_options.Objective, clipped, kl, _options.BoundSampleCount, _options.Delta, Lambda, out lossDerivative, out klDerivative);
    }

    /// <summary>
    /// After μ and ρ have stepped: the DziugaiteRoy objective steps ln σ₀ and writes σ₀ into <paramref name="prior"/> (returns
    /// true: the caller's copies of σ₀ must follow); the λ objective sets λ to the minimiser for the step's L̂ and KL.
    /// </summary>
    public bool Advance(PacBayesStepResult step, GaussianPrior prior)
    {
        if (_options.Objective == PacBayesObjectiveKind.Lambda)
            Lambda = PacBayesObjective.UpdateLambda(Math.Min(step.Loss, 1.0), step.Kl, _options.BoundSampleCount, _options.Delta);
        if (_options.Objective != PacBayesObjectiveKind.DziugaiteRoy) return false;
        _priorParameter[0] = PriorLogSigma;
        _priorGradient[0] = PriorLogSigmaGradient;
        _priorOptimizer.Step(_priorParameter, _priorGradient);
        PriorLogSigma = _priorParameter[0];
        prior.SetScalarSigma(Math.Exp(PriorLogSigma));
        return true;
    }

    /// <summary>The optimiser of one parameter group, as <see cref="PacBayesTrainerOptions.CreateOptimizer"/> says.</summary>
    public static Optimizers.IOptimizer<double> CreateOptimizer(PacBayesTrainerOptions options, PosteriorParameterGroup group, int length)
    {
        Optimizers.IOptimizer<double>? optimizer = options.CreateOptimizer?.Invoke(group, length);
        if (optimizer is null) return new Optimizers.Sgd<double>(length, options.LearningRate, options.Momentum);
        if (optimizer.ParameterCount != length)
            throw new ArgumentException($"Expected 'CreateOptimizer({group}, {length})' to build an optimiser for {length} parameters, got one for {optimizer.ParameterCount}.");
        return optimizer;
    }
}
