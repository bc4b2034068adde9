namespace DslNets.PacBayes;

/// <summary>A Monte-Carlo risk certificate and the numbers it came from.</summary>
/// <param name="SampledError">Q̂_n: the mean 0-1 error of the n sampled networks on the m bound samples.</param>
/// <param name="SampledBoundedLoss">The mean bounded cross-entropy of the same draws.</param>
/// <param name="MonteCarloBound">kl⁻¹(Q̂_n, ln(2/δ′)/n): the bound on the posterior's empirical error.</param>
/// <param name="Kl">KL(Q‖P).</param>
/// <param name="Certificate">kl⁻¹(MonteCarloBound, (KL + ln(2√m/δ))/m): the bound on the true 0-1 error, with probability ≥ 1 − δ − δ′.</param>
/// <param name="WeightSamples">n.</param>
/// <param name="BoundSamples">m.</param>
public readonly record struct CertificateResult(double SampledError, double SampledBoundedLoss, double MonteCarloBound, double Kl,
    double Certificate, int WeightSamples, long BoundSamples);

/// <summary>
/// Evaluates the composed certificate L(Q) ≤ kl⁻¹(kl⁻¹(Q̂_n, ln(2/δ′)/n), (KL + ln(2√m/δ))/m) for a posterior over a
/// generated network's parameters (<see cref="PacBayesBounds.Certificate"/>), by drawing n weight vectors and
/// measuring each one's 0-1 error on all m bound samples, as Dziugaite &amp; Roy 2017 and Pérez-Ortiz et al. 2021 do.
/// </summary>
public static class PacBayesCertificate
{
    /// <summary>
    /// Draws <paramref name="weightSamples"/> networks from the posterior (overwriting the network's parameters; they
    /// are left at μ afterwards) and returns the certificate.
    /// </summary>
    /// <typeparam name="TNet">A generated network with SoftmaxCrossEntropy or Logistic loss.</typeparam>
    /// <param name="network">The network whose parameters receive the draws.</param>
    /// <param name="posterior">Q.</param>
    /// <param name="prior">P (chosen without the bound samples).</param>
    /// <param name="inputs">m × InputSize, the bound samples.</param>
    /// <param name="targets">m × OutputSize (one-hot rows, or 0/1 for one logistic output).</param>
    /// <param name="weightSamples">n ≥ 1.</param>
    /// <param name="delta">δ ∈ (0, 1) of the PAC-Bayes step.</param>
    /// <param name="deltaPrime">δ′ ∈ (0, 1) of the Monte-Carlo step.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="pMin">p_min of the reported bounded cross-entropy.</param>
    public static CertificateResult Evaluate<TNet>(TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior,
        ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int weightSamples, double delta, double deltaPrime, long seed, double pMin = 1e-5)
        where TNet : INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(prior);
        StochasticLoss.CheckSupported<TNet>();
        Guard.SameLength(TNet.ParameterCount, posterior.Length, nameof(posterior), "the network's parameters");
        Guard.Count(weightSamples, nameof(weightSamples));
        Guard.Confidence(delta, nameof(delta));
        Guard.Confidence(deltaPrime, nameof(deltaPrime));
        if (!(pMin > 0 && pMin < 1)) throw new ArgumentOutOfRangeException(nameof(pMin), pMin, $"Expected 'pMin' in (0, 1), got {pMin}.");
        int m = inputs.Length / TNet.InputSize;
        if (m == 0 || inputs.Length != m * TNet.InputSize)
            throw new ArgumentException($"Expected 'inputs' to hold a positive whole number of samples of length {TNet.InputSize}, got length {inputs.Length}.", nameof(inputs));
        if (targets.Length != m * TNet.OutputSize)
            throw new ArgumentException($"Expected 'targets' of length {m}×{TNet.OutputSize} = {m * TNet.OutputSize}, got length {targets.Length}.", nameof(targets));

        var random = new SeededRandom(seed);
        const int chunk = 256;
        double[] noise = new double[posterior.Length], outputs = new double[Math.Min(m, chunk) * TNet.OutputSize];
        double floor = Math.Log(pMin), scale = 1.0 / -floor;
        long errors = 0;
        double boundedLoss = 0.0;
        for (int k = 0; k < weightSamples; k++)
        {
            posterior.Sample(random, network.Parameters, noise);
            for (int start = 0; start < m; start += chunk)
            {
                int count = Math.Min(chunk, m - start);
                Span<double> block = outputs.AsSpan(0, count * TNet.OutputSize);
                network.ForwardBatch(inputs.Slice(start * TNet.InputSize, count * TNet.InputSize), block);
                for (int s = 0; s < count; s++)
                {
                    var output = block.Slice(s * TNet.OutputSize, TNet.OutputSize);
                    int label = StochasticLoss.Label(targets.Slice((start + s) * TNet.OutputSize, TNet.OutputSize));
                    if (StochasticLoss.Prediction(output) != label) errors++;
                    boundedLoss += -Math.Max(StochasticLoss.LogProbability(output, label), floor) * scale;
                }
            }
        }
        posterior.CopyMean(network.Parameters);
        double sampledError = errors / ((double)m * weightSamples);
        double kl = posterior.Kl(prior);
        double monteCarlo = PacBayesBounds.MonteCarloSampleBound(sampledError, weightSamples, deltaPrime);
        double certificate = PacBayesBounds.Seeger(monteCarlo, kl, m, delta);
        return new CertificateResult(sampledError, boundedLoss / ((double)m * weightSamples), monteCarlo, kl, certificate, weightSamples, m);
    }
}
