using DslNets.PacBayes;

namespace DslNets.Gpu;

/// <summary>
/// The Monte-Carlo PAC-Bayes certificates of <see cref="PacBayesCertificate"/> with the draws made and scored on a device:
/// the bound samples are uploaded once, every weight draw (<see cref="MonteCarloSampling.WholeNetworks"/>) or per-sample
/// pre-activation draw (<see cref="MonteCarloSampling.PerSample"/>, the local reparameterisation) is made by a kernel, and
/// only two numbers come back: the error count and the bounded loss. The Gaussian draws are the counter-based stream, so
/// for the same seed a device certificate equals the host one evaluated with <see cref="NoiseStream.CounterBased"/> (to the
/// rounding of the matrix products: the counts agree unless a draw lands within rounding of a decision boundary).
/// </summary>
/// <remarks>
/// Per sample and draw the error and bounded loss are added into per-sample accumulators (each sample is one thread's, so
/// no atomics), and the m accumulators are summed once at the end by <see cref="DeviceSum"/>: the count is exact, the
/// bounded loss the same on every run. The bound arithmetic (kl⁻¹, the Dziugaite–Roy grid) runs on the host, as there.
/// </remarks>
public static class DeviceCertificate
{
    /// <summary>
    /// <see cref="PacBayesCertificate.Evaluate{TNet}"/> on <paramref name="device"/>, with the counter-based draws. The network's
    /// parameters are not changed.
    /// </summary>
    /// <typeparam name="TNet">A generated network with SoftmaxCrossEntropy or Logistic loss (dense layers that own their weights for per-sample draws).</typeparam>
    /// <param name="device">Where the draws run.</param>
    /// <param name="network">The network (its constants and shape).</param>
    /// <param name="posterior">Q.</param>
    /// <param name="prior">P (chosen without the bound samples).</param>
    /// <param name="inputs">m × InputSize, the bound samples.</param>
    /// <param name="targets">m × OutputSize (one-hot rows, or 0/1 for one logistic output).</param>
    /// <param name="weightSamples">n whole networks, or k draws per sample.</param>
    /// <param name="delta">δ ∈ (0, 1) of the PAC-Bayes step.</param>
    /// <param name="deltaPrime">δ′ ∈ (0, 1) of the Monte-Carlo step.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="pMin">p_min of the reported bounded cross-entropy.</param>
    /// <param name="sampling">Whole networks or per-sample draws.</param>
    /// <exception cref="ArgumentException">As the host certificate: wrong lengths, an unsupported network or layer, a bad δ.</exception>
    /// <exception cref="DeviceOutOfMemoryException">The device cannot hold the bound samples or the scratch matrices; the message names the sizes.</exception>
    public static CertificateResult Evaluate<TNet>(ComputeDevice device, TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior,
        ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int weightSamples, double delta, double deltaPrime, long seed, double pMin = 1e-5,
        MonteCarloSampling sampling = MonteCarloSampling.WholeNetworks)
        where TNet : IDeviceNetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(device);
        int m = PacBayesCertificate.Validate(network, posterior, prior, inputs, targets, weightSamples, delta, deltaPrime, pMin, sampling, NoiseStream.CounterBased);
        if (sampling == MonteCarloSampling.PerSample) LocalReparameterisation.CheckDenseOnly<TNet>();
        var (error, boundedLoss) = Measure(device, network, posterior, inputs, targets, weightSamples, seed, pMin, sampling);
        return PacBayesCertificate.Compose(posterior, prior, error, boundedLoss, m, weightSamples, delta, deltaPrime, sampling);
    }

    /// <summary>
    /// <see cref="PacBayesCertificate.EvaluateDziugaiteRoy{TNet}"/> on <paramref name="device"/>, with the counter-based draws.
    /// The network's parameters are not changed.
    /// </summary>
    /// <typeparam name="TNet">A generated network with SoftmaxCrossEntropy or Logistic loss.</typeparam>
    /// <param name="device">Where the draws run.</param>
    /// <param name="network">The network (its constants and shape).</param>
    /// <param name="posterior">Q.</param>
    /// <param name="prior">P with a learnt scalar σ₀ (its mean chosen without the data).</param>
    /// <param name="inputs">m × InputSize.</param>
    /// <param name="targets">m × OutputSize.</param>
    /// <param name="weightSamples">n whole networks, or k draws per sample.</param>
    /// <param name="delta">δ ∈ (0, 1), shared by the union over the grid.</param>
    /// <param name="deltaPrime">δ′ ∈ (0, 1).</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="c">The grid's largest variance (0.1).</param>
    /// <param name="b">The grid precision (100).</param>
    /// <param name="pMin">p_min of the reported bounded cross-entropy.</param>
    /// <param name="sampling">Whole networks or per-sample draws.</param>
    /// <exception cref="ArgumentException">As the host certificate.</exception>
    /// <exception cref="DeviceOutOfMemoryException">The device cannot hold the bound samples or the scratch matrices.</exception>
    public static CertificateResult EvaluateDziugaiteRoy<TNet>(ComputeDevice device, TNet network, DiagonalGaussianPosterior posterior, GaussianPrior prior,
        ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int weightSamples, double delta, double deltaPrime, long seed,
        double c = 0.1, double b = 100.0, double pMin = 1e-5, MonteCarloSampling sampling = MonteCarloSampling.WholeNetworks)
        where TNet : IDeviceNetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(device);
        int m = PacBayesCertificate.ValidateDziugaiteRoy(network, posterior, prior, inputs, targets, weightSamples, delta, deltaPrime, pMin, sampling, NoiseStream.CounterBased);
        if (sampling == MonteCarloSampling.PerSample) LocalReparameterisation.CheckDenseOnly<TNet>();
        var (error, boundedLoss) = Measure(device, network, posterior, inputs, targets, weightSamples, seed, pMin, sampling);
        return PacBayesCertificate.ComposeDziugaiteRoy(posterior, prior, error, boundedLoss, m, weightSamples, delta, deltaPrime, c, b, sampling);
    }

    private static (double Error, double BoundedLoss) Measure<TNet>(ComputeDevice device, TNet network, DiagonalGaussianPosterior posterior,
        ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int weightSamples, long seed, double pMin, MonteCarloSampling sampling)
        where TNet : IDeviceNetwork<TNet, double>
    {
        using var sampler = new DeviceMonteCarlo<TNet>(device, network, posterior, inputs, targets, sampling);
        return sampler.Measure(weightSamples, unchecked((ulong)seed), pMin);
    }
}
