namespace DslNets.PacBayes;

/// <summary>A Monte-Carlo risk certificate and the numbers it came from.</summary>
/// <param name="SampledError">Q̂_n: the mean 0-1 error of the n sampled networks on the m bound samples.</param>
/// <param name="SampledBoundedLoss">The mean bounded cross-entropy of the same draws.</param>
/// <param name="MonteCarloBound">kl⁻¹(Q̂_n, ln(2/δ′)/n): the bound on the posterior's empirical error.</param>
/// <param name="Kl">KL(Q‖P).</param>
/// <param name="Certificate">kl⁻¹(MonteCarloBound, (KL + ln(2√m/δ))/m): the bound on the true 0-1 error, with probability ≥ 1 − δ − δ′.</param>
/// <param name="WeightSamples">n.</param>
/// <param name="BoundSamples">m.</param>
/// <param name="PriorGridIndex">j of the prior variance c·e^{−j/b} for Dziugaite–Roy certificates; 0 otherwise.</param>
public readonly record struct CertificateResult(double SampledError, double SampledBoundedLoss, double MonteCarloBound, double Kl,
    double Certificate, int WeightSamples, long BoundSamples, long PriorGridIndex = 0);
