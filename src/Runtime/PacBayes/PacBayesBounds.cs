namespace DslNets.PacBayes;

/// <summary>
/// PAC-Bayes upper bounds on the risk L(Q) = E_{w∼Q} L(w) of a posterior Q, given its empirical risk L̂ on m i.i.d.
/// samples, KL = KL(Q‖P) for a prior P chosen before seeing them, and a confidence δ: each holds for all Q at once
/// with probability ≥ 1 − δ over the sample, for losses in [0, 1]. All work in double precision; none is clipped at
/// 1, so a value above 1 means the bound is vacuous.
/// <para>The shared confidence term ln(2√m/δ) is Maurer's (2004) sharpening of Langford–Seeger, as used by
/// Pérez-Ortiz, Rivasplata, Shawe-Taylor &amp; Szepesvári (2021, "Tighter risk certificates for neural networks");
/// the classic, quadratic and λ forms below are checked against the objectives in their code (PBB, bounds.py:
/// <c>fclassic</c>, <c>fquad</c>, <c>flamb</c>).</para>
/// </summary>
public static class PacBayesBounds
{
    /// <summary>The numerator shared by the bounds: KL + ln(2√m/δ).</summary>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of samples the empirical risk is measured on, ≥ 8 (Maurer's theorem, which gives the
    /// ln(2√m/δ) term, assumes m ≥ 8).</param>
    /// <param name="delta">The confidence δ ∈ (0, 1).</param>
    public static double Complexity(double kl, long m, double delta)
    {
        Guard.NonNegative(kl, nameof(kl));
        Guard.Count(m, nameof(m), 8);
        Guard.Confidence(delta, nameof(delta));
        return kl + Math.Log(2.0 * Math.Sqrt(m) / delta);
    }

    /// <summary>
    /// Maurer / Langford–Seeger: kl(L̂‖L) ≤ (KL + ln(2√m/δ))/m, hence L ≤ kl⁻¹(L̂, (KL + ln(2√m/δ))/m).
    /// Source: Langford &amp; Seeger 2001 ("Bounds for averaging classifiers"), with the ln(2√m/δ) term of Maurer 2004
    /// ("A note on the PAC Bayesian theorem"), valid for m ≥ 8 in Maurer's statement (enforced here and in every
    /// bound built on the same term). The tightest of the forms here.
    /// </summary>
    /// <param name="empiricalRisk">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of samples, ≥ 8.</param>
    /// <param name="delta">The confidence δ ∈ (0, 1).</param>
    public static double Seeger(double empiricalRisk, double kl, long m, double delta)
    {
        Guard.Probability(empiricalRisk, nameof(empiricalRisk));
        return BinaryKl.InverseUpper(empiricalRisk, Complexity(kl, m, delta) / m);
    }

    /// <summary>
    /// The classic (McAllester) form, from the kl bound by Pinsker's inequality kl(q‖p) ≥ 2(p − q)²:
    /// L ≤ L̂ + √((KL + ln(2√m/δ))/(2m)). Source: McAllester 1999 in Maurer's constants; PBB <c>fclassic</c>.
    /// </summary>
    /// <param name="empiricalRisk">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of samples, ≥ 8.</param>
    /// <param name="delta">The confidence δ ∈ (0, 1).</param>
    public static double Classic(double empiricalRisk, double kl, long m, double delta)
    {
        Guard.Probability(empiricalRisk, nameof(empiricalRisk));
        return empiricalRisk + Math.Sqrt(Complexity(kl, m, delta) / (2.0 * m));
    }

    /// <summary>
    /// The quadratic form: L ≤ (√(L̂ + B) + √B)², B = (KL + ln(2√m/δ))/(2m). Source: Pérez-Ortiz et al. 2021
    /// (the "f_quad" objective; derived from the kl bound by the refined Pinsker inequality); PBB <c>fquad</c>.
    /// </summary>
    /// <param name="empiricalRisk">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of samples, ≥ 8.</param>
    /// <param name="delta">The confidence δ ∈ (0, 1).</param>
    public static double Quadratic(double empiricalRisk, double kl, long m, double delta)
    {
        Guard.Probability(empiricalRisk, nameof(empiricalRisk));
        double b = Complexity(kl, m, delta) / (2.0 * m);
        double root = Math.Sqrt(empiricalRisk + b) + Math.Sqrt(b);
        return root * root;
    }

    /// <summary>
    /// The λ-bound: L ≤ L̂/(1 − λ/2) + (KL + ln(2√m/δ))/(m λ (1 − λ/2)) for any fixed λ ∈ (0, 2) — and, by Thiemann,
    /// Igel, Wintenberger &amp; Seldin 2017 ("A strongly quasiconvex PAC-Bayesian bound"), for all λ ∈ (0, 2)
    /// simultaneously, so λ may be optimised on the data. PBB <c>flamb</c>.
    /// </summary>
    /// <param name="empiricalRisk">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of samples, ≥ 8.</param>
    /// <param name="delta">The confidence δ ∈ (0, 1).</param>
    /// <param name="lambda">λ ∈ (0, 2).</param>
    public static double Lambda(double empiricalRisk, double kl, long m, double delta, double lambda)
    {
        Guard.Probability(empiricalRisk, nameof(empiricalRisk));
        CheckLambda(lambda);
        double half = 1.0 - 0.5 * lambda;
        return empiricalRisk / half + Complexity(kl, m, delta) / (m * lambda * half);
    }

    /// <summary>
    /// The λ minimising <see cref="Lambda"/> for fixed L̂ and KL: λ* = 2/(√(2mL̂/(KL + ln(2√m/δ)) + 1) + 1)
    /// (Thiemann et al. 2017; it solves L̂λ²/2 + Bλ − B = 0 with B = (KL + ln(2√m/δ))/m). This is the λ update of
    /// alternating minimisation in PAC-Bayes-by-backprop with the λ objective. Always in (0, 1].
    /// </summary>
    /// <param name="empiricalRisk">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of samples, ≥ 8.</param>
    /// <param name="delta">The confidence δ ∈ (0, 1).</param>
    public static double OptimalLambda(double empiricalRisk, double kl, long m, double delta)
    {
        Guard.Probability(empiricalRisk, nameof(empiricalRisk));
        double complexity = Complexity(kl, m, delta);
        return 2.0 / (Math.Sqrt(2.0 * m * empiricalRisk / complexity + 1.0) + 1.0);
    }

    /// <summary>
    /// Catoni's bound for one fixed C &gt; 0: L ≤ (1 − exp(−C L̂ − (KL + ln(1/δ))/m)) / (1 − e^{−C}).
    /// Source: Catoni 2007 ("PAC-Bayesian supervised classification", Theorem 1.2.6) in the form of Germain, Lacasse,
    /// Laviolette &amp; Marchand 2009 ("PAC-Bayesian learning of linear classifiers", Theorem 2.2); checked against
    /// two independent implementations of that formula. Computed with expm1 so that small exponents keep precision.
    /// </summary>
    /// <param name="empiricalRisk">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of samples, ≥ 1.</param>
    /// <param name="delta">The confidence δ ∈ (0, 1).</param>
    /// <param name="c">Catoni's parameter C &gt; 0, chosen before seeing the data.</param>
    public static double Catoni(double empiricalRisk, double kl, long m, double delta, double c)
    {
        Guard.Probability(empiricalRisk, nameof(empiricalRisk));
        Guard.NonNegative(kl, nameof(kl));
        Guard.Count(m, nameof(m));
        Guard.Confidence(delta, nameof(delta));
        Guard.Positive(c, nameof(c));
        double exponent = c * empiricalRisk + (kl + Math.Log(1.0 / delta)) / m;
        return AccurateMath.ExpMinusOne(-exponent) / AccurateMath.ExpMinusOne(-c);
    }

    /// <summary>
    /// Catoni's bound made uniform over a grid C₁, …, C_k fixed in advance by the union bound: each C_i gets
    /// confidence δ/k, so with probability ≥ 1 − δ the minimum over the grid of
    /// (1 − exp(−C_i L̂ − (KL + ln(k/δ))/m)) / (1 − e^{−C_i}) bounds L.
    /// </summary>
    /// <param name="empiricalRisk">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of samples, ≥ 1.</param>
    /// <param name="delta">The total confidence δ ∈ (0, 1).</param>
    /// <param name="grid">The values of C, each &gt; 0, fixed before seeing the data; not empty.</param>
    /// <param name="bestC">The grid value attaining the minimum.</param>
    public static double CatoniGrid(double empiricalRisk, double kl, long m, double delta, ReadOnlySpan<double> grid, out double bestC)
    {
        if (grid.IsEmpty) throw new ArgumentException("Expected a non-empty grid of Catoni parameters C, got an empty one.", nameof(grid));
        Guard.Confidence(delta, nameof(delta));
        double perPoint = delta / grid.Length;
        double best = double.PositiveInfinity;
        bestC = grid[0];
        foreach (double c in grid)
        {
            double value = Catoni(empiricalRisk, kl, m, perPoint, c);
            if (value < best) { best = value; bestC = c; }
        }
        return best;
    }

    /// <summary>
    /// The Langford–Caruana Monte-Carlo sample bound: if Q̂_n is the mean empirical risk of n weight vectors drawn
    /// i.i.d. from Q, then with probability ≥ 1 − δ′ over the draws L̂(Q) ≤ kl⁻¹(Q̂_n, ln(2/δ′)/n).
    /// Source: Langford &amp; Caruana 2002 ("(Not) bounding the true error"), as used by Dziugaite &amp; Roy 2017 and
    /// by PBB (<c>compute_final_stats_risk</c>: <c>inv_kl(error, log(2/delta_test)/mc_samples)</c>).
    /// </summary>
    /// <param name="sampledRisk">Q̂_n ∈ [0, 1].</param>
    /// <param name="n">The number of weight draws, ≥ 1.</param>
    /// <param name="deltaPrime">δ′ ∈ (0, 1).</param>
    public static double MonteCarloSampleBound(double sampledRisk, long n, double deltaPrime)
    {
        Guard.Probability(sampledRisk, nameof(sampledRisk));
        Guard.Count(n, nameof(n));
        Guard.Confidence(deltaPrime, nameof(deltaPrime));
        return BinaryKl.InverseUpper(sampledRisk, Math.Log(2.0 / deltaPrime) / n);
    }

    /// <summary>
    /// The composed risk certificate: L(Q) ≤ kl⁻¹(kl⁻¹(Q̂_n, ln(2/δ′)/n), (KL + ln(2√m/δ))/m), holding with
    /// probability ≥ 1 − δ − δ′ over the sample and the n weight draws (the Monte-Carlo bound, then Maurer's bound,
    /// which is monotone in L̂). Source: Dziugaite &amp; Roy 2017 and Pérez-Ortiz et al. 2021 (PBB's risk_01).
    /// </summary>
    /// <param name="sampledRisk">Q̂_n ∈ [0, 1]: the mean risk over n sampled weight vectors on the m bound samples.</param>
    /// <param name="n">The number of weight draws, ≥ 1.</param>
    /// <param name="deltaPrime">δ′ ∈ (0, 1) for the Monte-Carlo step.</param>
    /// <param name="kl">KL(Q‖P), finite and ≥ 0.</param>
    /// <param name="m">The number of samples, ≥ 8.</param>
    /// <param name="delta">δ ∈ (0, 1) for the PAC-Bayes step.</param>
    public static double Certificate(double sampledRisk, long n, double deltaPrime, double kl, long m, double delta) =>
        Seeger(MonteCarloSampleBound(sampledRisk, n, deltaPrime), kl, m, delta);

    /// <summary>
    /// Dziugaite &amp; Roy's bound with the prior variance chosen from the grid λ_j = c·exp(−j/b), j = 1, 2, … by a
    /// union bound with weights 6/(π² j²): L ≤ kl⁻¹(L̂, (KL + 2 ln j + ln(π² m/(6δ)))/(m − 1)).
    /// Source: Dziugaite &amp; Roy 2017 ("Computing nonvacuous generalization bounds for deep (stochastic) neural
    /// networks…"), built on the Langford–Seeger form kl ≤ (KL + ln(m/δ))/(m − 1) with δ_j = 6δ/(π² j²); checked
    /// against their code (pacbayes-opt, network.py: <c>Bquad = KL + log(π² m/(6δ)) + 2 log(j)</c>, divided by
    /// m − 1, with j = b·ln(c/λ) rounded to an integer and c = 0.1, b = 100).
    /// </summary>
    /// <param name="empiricalRisk">L̂ ∈ [0, 1].</param>
    /// <param name="kl">KL(Q‖P) for the prior with variance λ_j, finite and ≥ 0.</param>
    /// <param name="m">The number of samples, ≥ 2.</param>
    /// <param name="delta">δ ∈ (0, 1).</param>
    /// <param name="j">The grid index of the prior variance, ≥ 1.</param>
    public static double DziugaiteRoy(double empiricalRisk, double kl, long m, double delta, long j)
    {
        Guard.Probability(empiricalRisk, nameof(empiricalRisk));
        Guard.NonNegative(kl, nameof(kl));
        Guard.Count(m, nameof(m), 2);
        Guard.Confidence(delta, nameof(delta));
        Guard.Count(j, nameof(j));
        double budget = (kl + 2.0 * Math.Log(j) + Math.Log(Math.PI * Math.PI * m / (6.0 * delta))) / (m - 1);
        return BinaryKl.InverseUpper(empiricalRisk, budget);
    }

    /// <summary>The prior variance of grid point j in Dziugaite &amp; Roy's union bound: λ_j = c·exp(−j/b) (0.1 and 100 in their paper).</summary>
    /// <param name="j">The grid index, ≥ 1.</param>
    /// <param name="c">The largest variance c &gt; 0.</param>
    /// <param name="b">The grid precision b &gt; 0.</param>
    public static double DziugaiteRoyPriorVariance(long j, double c = 0.1, double b = 100.0)
    {
        Guard.Count(j, nameof(j));
        Guard.Positive(c, nameof(c));
        Guard.Positive(b, nameof(b));
        return c * Math.Exp(-j / b);
    }

    /// <summary>
    /// The two grid indices around a learnt prior variance λ (the real index is b·ln(c/λ)): evaluate the bound at
    /// both and keep the smaller, as Dziugaite &amp; Roy do. Both are ≥ 1.
    /// </summary>
    /// <param name="variance">The learnt prior variance λ, in (0, c·e^{−1/b}] so that the index is ≥ 1 (smaller indices are clamped to 1).</param>
    /// <param name="c">The largest variance c &gt; 0.</param>
    /// <param name="b">The grid precision b &gt; 0.</param>
    public static (long Below, long Above) DziugaiteRoyGridIndices(double variance, double c = 0.1, double b = 100.0)
    {
        Guard.Positive(variance, nameof(variance));
        Guard.Positive(c, nameof(c));
        Guard.Positive(b, nameof(b));
        double index = b * Math.Log(c / variance);
        long below = Math.Max(1L, (long)Math.Floor(index));
        long above = Math.Max(1L, (long)Math.Ceiling(index));
        return (below, above);
    }

    internal static void CheckLambda(double lambda)
    {
        if (!(lambda > 0.0 && lambda < 2.0))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, $"Expected 'lambda' in (0, 2), got {lambda}.");
    }
}
