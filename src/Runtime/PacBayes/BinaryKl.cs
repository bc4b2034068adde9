namespace DslNets.PacBayes;

/// <summary>
/// The binary (Bernoulli) Kullback–Leibler divergence kl(q‖p) = q ln(q/p) + (1−q) ln((1−q)/(1−p)) and its upper
/// inverse kl⁻¹(q, c) = sup{p ∈ [q, 1] : kl(q‖p) ≤ c}, the two pieces every kl-form PAC-Bayes bound is built from
/// (Langford &amp; Seeger 2001; Maurer 2004; Langford &amp; Caruana 2002).
/// </summary>
public static class BinaryKl
{
    /// <summary>
    /// kl(q‖p) = q ln(q/p) + (1−q) ln((1−q)/(1−p)), with 0 ln 0 = 0; +∞ when p ∈ {0, 1} and q ≠ p.
    /// Near p = q the two logarithms are taken through log1p so that small divergences keep their relative accuracy.
    /// </summary>
    /// <param name="q">The first Bernoulli parameter (an empirical risk), in [0, 1].</param>
    /// <param name="p">The second Bernoulli parameter (a true risk), in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">q or p is outside [0, 1] or NaN.</exception>
    public static double Divergence(double q, double p)
    {
        Guard.Probability(q, nameof(q));
        Guard.Probability(p, nameof(p));
        return Unchecked(q, p);
    }

    internal static double Unchecked(double q, double p)
    {
        if (q == p) return 0.0;
        if (q == 0.0) return p == 1.0 ? double.PositiveInfinity : -AccurateMath.LogOnePlus(-p);
        if (q == 1.0) return p == 0.0 ? double.PositiveInfinity : -Math.Log(p);
        if (p == 0.0 || p == 1.0) return double.PositiveInfinity;

        double d = p - q;
        double result;
        if (Math.Abs(d) <= 0.5 * q && Math.Abs(d) <= 0.5 * (1.0 - q))
        {
            // ln(q/p) = −log1p((p−q)/q), ln((1−q)/(1−p)) = −log1p((q−p)/(1−q)): no cancellation inside the logs.
            result = -q * AccurateMath.LogOnePlus(d / q) - (1.0 - q) * AccurateMath.LogOnePlus(-d / (1.0 - q));
        }
        else
        {
            result = q * (Math.Log(q) - Math.Log(p)) + (1.0 - q) * (AccurateMath.LogOnePlus(-q) - AccurateMath.LogOnePlus(-p));
        }
        return result > 0.0 ? result : 0.0;
    }

    /// <summary>
    /// kl⁻¹(q, c) = sup{p ∈ [q, 1] : kl(q‖p) ≤ c}: the largest true risk consistent with empirical risk q and a
    /// kl-budget c. Closed forms: kl⁻¹(0, c) = 1 − e^{−c} (from kl(0‖p) = −ln(1−p)); kl⁻¹(q, 0) = q; kl⁻¹(1, c) = 1;
    /// kl⁻¹(q, +∞) = 1. Otherwise bisection on [q, 1] (geometric midpoints while the bracket spans more than a factor
    /// of two, arithmetic after), run until the bracket holds two adjacent doubles.
    /// <para>Tolerance: the result is the upper end p̂ of that final bracket, so kl(q‖p̂) ≥ c as computed and
    /// p̂ exceeds the exact supremum by at most one unit in the last place (plus the rounding of kl itself): the
    /// returned value is never smaller than the true inverse, which keeps certificates conservative. When the exact
    /// supremum is within an ulp of 1 (for instance q near 1 with c of order 1), the result is 1.</para>
    /// </summary>
    /// <param name="q">The empirical risk, in [0, 1].</param>
    /// <param name="c">The budget, ≥ 0 (+∞ allowed).</param>
    /// <exception cref="ArgumentOutOfRangeException">q outside [0, 1], c negative, or either NaN.</exception>
    public static double InverseUpper(double q, double c)
    {
        Guard.Probability(q, nameof(q));
        Guard.NonNegativeOrInfinity(c, nameof(c));
        if (c == 0.0) return q;
        if (q == 1.0 || double.IsPositiveInfinity(c)) return 1.0;
        if (q == 0.0) return -AccurateMath.ExpMinusOne(-c);

        double lo = q, hi = 1.0; // kl(q‖lo) = 0 < c, kl(q‖hi) = +∞ > c
        for (int iteration = 0; iteration < 4000; iteration++)
        {
            double mid = hi > 2.0 * lo ? Math.Sqrt(lo * hi) : lo + 0.5 * (hi - lo);
            if (mid <= lo || mid >= hi) break;
            if (Unchecked(q, mid) > c) hi = mid; else lo = mid;
        }
        return hi;
    }
}
