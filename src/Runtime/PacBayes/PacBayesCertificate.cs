namespace DslNets.PacBayes;

/// <summary>
/// Evaluates the composed certificate L(Q) ≤ kl⁻¹(kl⁻¹(Q̂_n, ln(2/δ′)/n), (KL + ln(2√m/δ))/m) for a posterior over a
/// generated network's parameters (<see cref="PacBayesBounds.Certificate"/>), by drawing n weight vectors and
/// measuring each one's 0-1 error on all m bound samples, as Dziugaite &amp; Roy 2017 and Pérez-Ortiz et al. 2021 do
/// (<see cref="MonteCarloSampling.WholeNetworks"/>), or by giving every bound sample k weight draws of its own
/// (<see cref="MonteCarloSampling.PerSample"/>, through <see cref="LocalReparameterisation"/>).
/// </summary>
/// <remarks>
/// Why per-sample draws are sound: given the sample S, the m·k indicators 1[h_{j,t}(x_j) ≠ y_j] with h_{j,t} ~ Q
/// independent are independent Bernoulli variables whose means average to Q̂_S = E_{h~Q} L̂_S(h). Hoeffding's
/// Theorem 1 (1963) gives the kl-Chernoff tail for independent, not necessarily identical, [0, 1] variables, so
/// Q̂_S ≤ kl⁻¹(X̄, ln(2/δ′)/(m·k)) with probability ≥ 1 − δ′ over the draws: the Langford–Caruana step with m·k trials.
/// </remarks>
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
    /// <param name="sampling">Whole networks (n = <paramref name="weightSamples"/> trials per sample, n independent networks) or
    /// per-sample draws (<paramref name="weightSamples"/> = k draws of each sample's own, m·k independent trials).</param>
    /// <param name="noise">The Gaussian stream of the draws: <see cref="NoiseStream.CounterBased"/> draws what the device certificate
    /// (<see cref="Gpu.DeviceCertificate"/>) draws for the same seed.</param>
    public static CertificateResult Evaluate<TNet>(TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior,
        ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int weightSamples, double delta, double deltaPrime, long seed, double pMin = 1e-5,
        MonteCarloSampling sampling = MonteCarloSampling.WholeNetworks, NoiseStream noise = NoiseStream.Sequential)
        where TNet : INetwork<TNet, double>
    {
        int m = Validate<TNet>(network, posterior, prior, inputs, targets, weightSamples, delta, deltaPrime, pMin, sampling, noise);
        var (sampledError, boundedLoss) = SampleErrors(network, posterior, inputs, targets, m, weightSamples, seed, pMin, sampling, noise);
        return Compose(posterior, prior, sampledError, boundedLoss, m, weightSamples, delta, deltaPrime, sampling);
    }

    /// <summary>The certificate of a measured Monte-Carlo error: the host's and the device's last step.</summary>
    internal static CertificateResult Compose(DiagonalGaussianPosterior posterior, GaussianPrior prior, double sampledError, double boundedLoss,
        int m, int weightSamples, double delta, double deltaPrime, MonteCarloSampling sampling)
    {
        double kl = posterior.Kl(prior);
        double monteCarlo = PacBayesBounds.MonteCarloSampleBound(sampledError, Trials(weightSamples, m, sampling), deltaPrime);
        double certificate = PacBayesBounds.Seeger(monteCarlo, kl, m, delta);
        return new CertificateResult(sampledError, boundedLoss, monteCarlo, kl, certificate, weightSamples, m, 0, sampling);
    }

    /// <summary>
    /// Dziugaite &amp; Roy's certificate: the Monte-Carlo step as in <see cref="Evaluate{TNet}"/>, then
    /// <see cref="PacBayesBounds.DziugaiteRoy"/> with the prior's scalar variance σ₀² rounded to the grid
    /// c·e^{−j/b} (both neighbouring j tried, the smaller bound kept, as in their code). Holds with probability
    /// ≥ 1 − δ − δ′. The prior must have one standard deviation for every parameter; it is not modified.
    /// </summary>
    /// <typeparam name="TNet">A generated network with SoftmaxCrossEntropy or Logistic loss.</typeparam>
    /// <param name="network">The network whose parameters receive the draws (left at μ).</param>
    /// <param name="posterior">Q.</param>
    /// <param name="prior">P with a learnt scalar σ₀ (its mean chosen without the data).</param>
    /// <param name="inputs">m × InputSize.</param>
    /// <param name="targets">m × OutputSize.</param>
    /// <param name="weightSamples">n ≥ 1.</param>
    /// <param name="delta">δ ∈ (0, 1), shared by the union over the grid.</param>
    /// <param name="deltaPrime">δ′ ∈ (0, 1).</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="c">The grid's largest variance (0.1).</param>
    /// <param name="b">The grid precision (100).</param>
    /// <param name="pMin">p_min of the reported bounded cross-entropy.</param>
    /// <param name="sampling">Whole networks or per-sample draws, as in <see cref="Evaluate{TNet}"/>.</param>
    /// <param name="noise">The Gaussian stream of the draws, as in <see cref="Evaluate{TNet}"/>.</param>
    public static CertificateResult EvaluateDziugaiteRoy<TNet>(TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior,
        ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int weightSamples, double delta, double deltaPrime, long seed,
        double c = 0.1, double b = 100.0, double pMin = 1e-5, MonteCarloSampling sampling = MonteCarloSampling.WholeNetworks,
        NoiseStream noise = NoiseStream.Sequential)
        where TNet : INetwork<TNet, double>
    {
        int m = ValidateDziugaiteRoy<TNet>(network, posterior, prior, inputs, targets, weightSamples, delta, deltaPrime, pMin, sampling, noise);
        var (sampledError, boundedLoss) = SampleErrors(network, posterior, inputs, targets, m, weightSamples, seed, pMin, sampling, noise);
        return ComposeDziugaiteRoy(posterior, prior, sampledError, boundedLoss, m, weightSamples, delta, deltaPrime, c, b, sampling);
    }

    /// <summary>The Dziugaite–Roy checks beside <see cref="Validate"/>: m ≥ 2 and one prior standard deviation.</summary>
    internal static int ValidateDziugaiteRoy<TNet>(TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior,
        ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int weightSamples, double delta, double deltaPrime, double pMin, MonteCarloSampling sampling, NoiseStream noise)
        where TNet : INetwork<TNet, double>
    {
        int m = Validate<TNet>(network, posterior, prior, inputs, targets, weightSamples, delta, deltaPrime, pMin, sampling, noise, 2, "the bound divides by m − 1");
        foreach (double sigma in prior.Sigma)
            if (sigma != prior.Sigma[0])
                throw new ArgumentException($"Expected a prior with one standard deviation for every parameter, got {prior.Sigma[0]} and {sigma}.", nameof(prior));
        return m;
    }

    /// <summary>The Dziugaite–Roy certificate of a measured Monte-Carlo error: the host's and the device's last step.</summary>
    internal static CertificateResult ComposeDziugaiteRoy(DiagonalGaussianPosterior posterior, GaussianPrior prior, double sampledError, double boundedLoss,
        int m, int weightSamples, double delta, double deltaPrime, double c, double b, MonteCarloSampling sampling)
    {
        double monteCarlo = PacBayesBounds.MonteCarloSampleBound(sampledError, Trials(weightSamples, m, sampling), deltaPrime);
        var (below, above) = PacBayesBounds.DziugaiteRoyGridIndices(prior.Sigma[0] * prior.Sigma[0], c, b);
        var gridPrior = new GaussianPrior(prior.Mean, prior.Sigma[0]);
        double best = double.PositiveInfinity, bestKl = 0.0;
        long bestJ = below;
        foreach (long j in new[] { below, above })
        {
            gridPrior.SetScalarSigma(Math.Sqrt(PacBayesBounds.DziugaiteRoyPriorVariance(j, c, b)));
            double kl = posterior.Kl(gridPrior);
            double value = PacBayesBounds.DziugaiteRoy(monteCarlo, kl, m, delta, j);
            if (value < best) { best = value; bestKl = kl; bestJ = j; }
        }
        return new CertificateResult(sampledError, boundedLoss, monteCarlo, bestKl, best, weightSamples, m, bestJ, sampling);
    }

    /// <summary>Checks the arguments of a certificate (host or device); returns m.</summary>
    internal static int Validate<TNet>(TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior,
        ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int weightSamples, double delta, double deltaPrime, double pMin, MonteCarloSampling sampling, NoiseStream noise,
        int minimumSamples = 8, string whyMinimum = "the bound's ln(2√m/δ) term assumes m ≥ 8")
        where TNet : INetwork<TNet, double>
    {
        if (noise is not (NoiseStream.Sequential or NoiseStream.CounterBased))
            throw new ArgumentOutOfRangeException(nameof(noise), noise, $"Expected Sequential or CounterBased, got {noise}.");
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(posterior);
        ArgumentNullException.ThrowIfNull(prior);
        StochasticLoss.CheckSupported<TNet>();
        if (sampling == MonteCarloSampling.PerSample) LocalReparameterisation.CheckSupported<TNet>();
        else if (sampling != MonteCarloSampling.WholeNetworks)
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling, $"Expected WholeNetworks or PerSample, got {sampling}.");
        Guard.SameLength(TNet.ParameterCount, posterior.Length, nameof(posterior), "the network's parameters");
        Guard.SameLength(TNet.ParameterCount, prior.Length, nameof(prior), "the network's parameters");
        Guard.Count(weightSamples, nameof(weightSamples));
        Guard.Confidence(delta, nameof(delta));
        Guard.Confidence(deltaPrime, nameof(deltaPrime));
        if (!(pMin > 0 && pMin < 1)) throw new ArgumentOutOfRangeException(nameof(pMin), pMin, $"Expected 'pMin' in (0, 1), got {pMin}.");
        int m = inputs.Length / TNet.InputSize;
        if (m == 0 || inputs.Length != m * TNet.InputSize)
            throw new ArgumentException($"Expected 'inputs' to hold a positive whole number of samples of length {TNet.InputSize}, got length {inputs.Length}.", nameof(inputs));
        if (targets.Length != m * TNet.OutputSize)
            throw new ArgumentException($"Expected 'targets' of length {m}×{TNet.OutputSize} = {m * TNet.OutputSize}, got length {targets.Length}.", nameof(targets));
        // Checked before any draw, so a device does not run first.
        if (m < minimumSamples) throw new ArgumentException($"Expected at least {minimumSamples} bound samples ({whyMinimum}), got {m}.", nameof(inputs));
        return m;
    }

    private static long Trials(int weightSamples, int m, MonteCarloSampling sampling) =>
        sampling == MonteCarloSampling.PerSample ? (long)weightSamples * m : weightSamples;

    // Mean 0-1 error and mean bounded cross-entropy over all trials; leaves the network at μ.
    private static (double Error, double BoundedLoss) SampleErrors<TNet>(TNet network, DiagonalGaussianPosterior posterior,
        ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int m, int weightSamples, long seed, double pMin, MonteCarloSampling sampling, NoiseStream noise)
        where TNet : INetwork<TNet, double>
    {
        var random = new SeededRandom(seed);
        bool counter = noise == NoiseStream.CounterBased;
        ulong stream = unchecked((ulong)seed);
        const int chunk = 256;
        double[] outputs = new double[Math.Min(m, chunk) * TNet.OutputSize];
        double floor = Math.Log(pMin), scale = 1.0 / -floor;
        long errors = 0;
        double boundedLoss = 0.0;
        LocalReparameterisation? sampler = sampling == MonteCarloSampling.PerSample ? LocalReparameterisation.For<TNet>(posterior) : null;
        double[] draws = sampler is null ? new double[posterior.Length] : [];
        for (int k = 0; k < weightSamples; k++)
        {
            if (sampler is null && counter) posterior.Sample(stream, (ulong)k * (ulong)posterior.Length, network.Parameters, draws);
            else if (sampler is null) posterior.Sample(random, network.Parameters, draws);
            for (int start = 0; start < m; start += chunk)
            {
                int count = Math.Min(chunk, m - start);
                Span<double> block = outputs.AsSpan(0, count * TNet.OutputSize);
                ReadOnlySpan<double> x = inputs.Slice(start * TNet.InputSize, count * TNet.InputSize);
                if (sampler is null) network.ForwardBatch(x, block);
                else if (counter) sampler.SampleOutputs(x, block, stream, (long)k * m + start);
                else sampler.SampleOutputs(x, block, random);
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
        double total = (double)m * weightSamples;
        return (errors / total, boundedLoss / total);
    }
}
