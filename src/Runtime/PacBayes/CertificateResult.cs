namespace DslNets.PacBayes;

/// <summary>A Monte-Carlo risk certificate and the numbers it came from.</summary>
/// <param name="SampledError">Q̂_n: the mean 0-1 error over the Monte-Carlo trials on the m bound samples.</param>
/// <param name="SampledBoundedLoss">The mean bounded cross-entropy of the same draws.</param>
/// <param name="MonteCarloBound">kl⁻¹(Q̂_n, ln(2/δ′)/n) with n = <see cref="MonteCarloTrials"/>: the bound on the posterior's empirical error.</param>
/// <param name="Kl">KL(Q‖P).</param>
/// <param name="Certificate">kl⁻¹(MonteCarloBound, (KL + ln(2√m/δ))/m): the bound on the true 0-1 error, with probability ≥ 1 − δ − δ′.</param>
/// <param name="WeightSamples">Whole networks drawn, or draws per sample with <see cref="MonteCarloSampling.PerSample"/>.</param>
/// <param name="BoundSamples">m.</param>
/// <param name="PriorGridIndex">j of the prior variance c·e^{−j/b} for Dziugaite–Roy certificates; 0 otherwise.</param>
/// <param name="Sampling">How the Monte-Carlo trials were drawn.</param>
public readonly record struct CertificateResult(double SampledError, double SampledBoundedLoss, double MonteCarloBound, double Kl,
    double Certificate, int WeightSamples, long BoundSamples, long PriorGridIndex = 0, MonteCarloSampling Sampling = MonteCarloSampling.WholeNetworks)
{
    /// <summary>The independent Bernoulli trials behind <see cref="MonteCarloBound"/>: n whole networks, or m·k per-sample draws.</summary>
    public long MonteCarloTrials => Sampling == MonteCarloSampling.PerSample ? WeightSamples * BoundSamples : WeightSamples;
}
