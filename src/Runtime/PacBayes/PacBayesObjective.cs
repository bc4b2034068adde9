namespace DslNets.PacBayes;

/// <summary>
/// The PAC-Bayes-by-backprop objectives as functions of (L̂, KL, m, δ) with their partial derivatives, so a
/// trainer can scale the loss gradient by ∂f/∂L̂ and the KL gradient by ∂f/∂KL. L̂ is the empirical bounded loss
/// (in [0, 1]) of a sampled network on a mini-batch, m the number of samples the bound will be evaluated on.
/// </summary>
public static class PacBayesObjective
{
    /// <summary>
    /// The objective f and ∂f/∂L̂, ∂f/∂KL. Classic: ∂f/∂L̂ = 1, ∂f/∂KL = 1/(4m√B) with B = (KL + ln(2√m/δ))/(2m).
    /// Quadratic: with a = √(L̂ + B), b = √B, f = (a + b)², ∂f/∂L̂ = (a + b)/a, ∂f/∂KL = (a + b)(1/a + 1/b)/(2m).
    /// Lambda: ∂f/∂L̂ = 1/(1 − λ/2), ∂f/∂KL = 1/(mλ(1 − λ/2)).
    /// </summary>
    /// <param name="kind">Which objective.</param>
    /// <param name="loss">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of bound samples, ≥ 8.</param>
    /// <param name="delta">δ ∈ (0, 1).</param>
    /// <param name="lambda">λ ∈ (0, 2), used only by <see cref="PacBayesObjectiveKind.Lambda"/>.</param>
    /// <param name="lossDerivative">∂f/∂L̂.</param>
    /// <param name="klDerivative">∂f/∂KL.</param>
    public static double Evaluate(PacBayesObjectiveKind kind, double loss, double kl, long m, double delta, double lambda,
        out double lossDerivative, out double klDerivative)
    {
        Guard.Probability(loss, nameof(loss));
        double complexity = PacBayesBounds.Complexity(kl, m, delta);
        switch (kind)
        {
            case PacBayesObjectiveKind.Classic:
            {
                double b = complexity / (2.0 * m), root = Math.Sqrt(b);
                lossDerivative = 1.0;
                klDerivative = 1.0 / (2.0 * root) / (2.0 * m);
                return loss + root;
            }
            case PacBayesObjectiveKind.Quadratic:
            {
                double b = complexity / (2.0 * m);
                double a = Math.Sqrt(loss + b), r = Math.Sqrt(b);
                lossDerivative = (a + r) / a;
                klDerivative = (a + r) * (1.0 / a + 1.0 / r) / (2.0 * m);
                return (a + r) * (a + r);
            }
            case PacBayesObjectiveKind.Lambda:
            {
                PacBayesBounds.CheckLambda(lambda);
                double half = 1.0 - 0.5 * lambda;
                lossDerivative = 1.0 / half;
                klDerivative = 1.0 / (m * lambda * half);
                return loss / half + complexity * klDerivative;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Expected Classic, Quadratic or Lambda (DziugaiteRoy has its own method), got {kind}.");
        }
    }

    /// <summary>
    /// The λ step of alternating minimisation for the λ objective: the exact minimiser
    /// 2/(√(2mL̂/(KL + ln(2√m/δ)) + 1) + 1) of the λ-bound for the current L̂ and KL (Thiemann et al. 2017).
    /// </summary>
    /// <param name="loss">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of bound samples, ≥ 8.</param>
    /// <param name="delta">δ ∈ (0, 1).</param>
    public static double UpdateLambda(double loss, double kl, long m, double delta) => PacBayesBounds.OptimalLambda(loss, kl, m, delta);

    /// <summary>
    /// Dziugaite &amp; Roy's training objective (2017, §4; pacbayes-opt network.py <c>PACB_objective</c>):
    /// f = L̂ + √(B/2) with B = (KL + 2 ln(b·t) + ln(π² m/(6δ)))/(m − 1), t = max(ln(c/σ₀²), 0.01) = max(ln c − 2 ln σ₀, 0.01)
    /// (b·t is the real-valued grid index j of the prior variance σ₀² = c·e^{−j/b}; the floor at 0.01 is theirs).
    /// Returns f with ∂f/∂L̂ = 1, ∂f/∂KL = 1/(4(m − 1)√(B/2)) and the explicit ∂f/∂ln σ₀ = ∂f/∂KL·(−4/t) (0 on the floor);
    /// the KL's own dependence on σ₀ is added by the caller (<see cref="DiagonalGaussianPosterior.PriorLogSigmaGradient"/>).
    /// </summary>
    /// <param name="loss">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of bound samples, ≥ 2.</param>
    /// <param name="delta">δ ∈ (0, 1).</param>
    /// <param name="priorLogSigma">ln σ₀ of the scalar prior scale.</param>
    /// <param name="klDerivative">∂f/∂KL.</param>
    /// <param name="priorLogSigmaDerivative">The explicit ∂f/∂ln σ₀ (through the 2 ln j term).</param>
    /// <param name="c">The largest prior variance of the grid (0.1).</param>
    /// <param name="b">The grid precision (100).</param>
    public static double DziugaiteRoy(double loss, double kl, long m, double delta, double priorLogSigma,
        out double klDerivative, out double priorLogSigmaDerivative, double c = 0.1, double b = 100.0)
    {
        Guard.Probability(loss, nameof(loss));
        Guard.NonNegative(kl, nameof(kl));
        Guard.Count(m, nameof(m), 2);
        Guard.Confidence(delta, nameof(delta));
        Guard.Finite(priorLogSigma, nameof(priorLogSigma));
        Guard.Positive(c, nameof(c));
        Guard.Positive(b, nameof(b));
        double t = Math.Log(c) - 2.0 * priorLogSigma;
        bool floored = t < 0.01;
        if (floored) t = 0.01;
        double budget = (kl + 2.0 * Math.Log(b * t) + Math.Log(Math.PI * Math.PI * m / (6.0 * delta))) / (m - 1);
        if (budget <= 0.0) budget = double.Epsilon; // only for absurd b·t < 1 with tiny KL; keeps the root defined
        double root = Math.Sqrt(0.5 * budget);
        double dBudget = 1.0 / (4.0 * root);
        klDerivative = dBudget / (m - 1);
        priorLogSigmaDerivative = floored ? 0.0 : klDerivative * (-4.0 / t);
        return loss + root;
    }
}
