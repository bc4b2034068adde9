namespace DslNets.PacBayes;

/// <summary>
/// KL divergence between diagonal Gaussians Q = N(μ, diag s²) and P = N(μ₀, diag s₀²):
/// KL(Q‖P) = ½ Σ_i [ln(s₀ᵢ²/sᵢ²) + (μᵢ − μ₀ᵢ)²/s₀ᵢ² + sᵢ²/s₀ᵢ² − 1] (the standard closed form; Dziugaite &amp; Roy
/// 2017, eq. for KL(Q‖P); PBB's <c>compute_kl</c>). The variance part is summed as r − 1 − ln r with r = s²/s₀²,
/// each term ≥ 0, so no cancellation between large sums.
/// </summary>
public static class GaussianKl
{
    /// <summary>KL(N(μ, diag σ²) ‖ N(μ₀, diag σ₀²)); all four spans have the same length and every σ is &gt; 0.</summary>
    /// <param name="mean">μ.</param>
    /// <param name="sigma">σ (standard deviations, &gt; 0).</param>
    /// <param name="priorMean">μ₀.</param>
    /// <param name="priorSigma">σ₀ (standard deviations, &gt; 0).</param>
    public static double Diagonal(ReadOnlySpan<double> mean, ReadOnlySpan<double> sigma, ReadOnlySpan<double> priorMean, ReadOnlySpan<double> priorSigma)
    {
        Guard.SameLength(mean.Length, sigma.Length, nameof(sigma), nameof(mean));
        Guard.SameLength(mean.Length, priorMean.Length, nameof(priorMean), nameof(mean));
        Guard.SameLength(mean.Length, priorSigma.Length, nameof(priorSigma), nameof(mean));
        double sum = 0.0;
        for (int i = 0; i < mean.Length; i++) sum += Term(mean[i], sigma[i], priorMean[i], priorSigma[i]);
        return 0.5 * sum;
    }

    /// <summary>KL(N(μ, diag σ²) ‖ N(μ₀, σ₀² I)) with one prior standard deviation for every coordinate.</summary>
    /// <param name="mean">μ.</param>
    /// <param name="sigma">σ (standard deviations, &gt; 0).</param>
    /// <param name="priorMean">μ₀.</param>
    /// <param name="priorSigma">σ₀ &gt; 0.</param>
    public static double Diagonal(ReadOnlySpan<double> mean, ReadOnlySpan<double> sigma, ReadOnlySpan<double> priorMean, double priorSigma)
    {
        Guard.SameLength(mean.Length, sigma.Length, nameof(sigma), nameof(mean));
        Guard.SameLength(mean.Length, priorMean.Length, nameof(priorMean), nameof(mean));
        double sum = 0.0;
        for (int i = 0; i < mean.Length; i++) sum += Term(mean[i], sigma[i], priorMean[i], priorSigma);
        return 0.5 * sum;
    }

    /// <summary>Twice the KL of one coordinate: ln(s₀²/s²) + (μ − μ₀)²/s₀² + s²/s₀² − 1.</summary>
    internal static double Term(double mean, double sigma, double priorMean, double priorSigma)
    {
        if (!(sigma > 0.0) || double.IsPositiveInfinity(sigma))
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"Expected every posterior standard deviation finite and > 0, got {sigma}.");
        if (!(priorSigma > 0.0) || double.IsPositiveInfinity(priorSigma))
            throw new ArgumentOutOfRangeException(nameof(priorSigma), priorSigma, $"Expected every prior standard deviation finite and > 0, got {priorSigma}.");
        double ratio = sigma / priorSigma;
        double d = (mean - priorMean) / priorSigma;
        if (!double.IsFinite(d))
            throw new ArgumentOutOfRangeException(nameof(mean), mean, $"Expected finite means, got μ = {mean}, μ₀ = {priorMean}.");
        // r − 1 − ln r with r = (1 + t)², t = σ/σ₀ − 1 (exact near 1): t(t + 2) − 2 ln(1 + t) keeps r ≈ 1 precise.
        double t = ratio - 1.0;
        double variancePart = t * (t + 2.0) - 2.0 * AccurateMath.LogOnePlus(t);
        return d * d + (variancePart > 0.0 ? variancePart : 0.0);
    }
}
