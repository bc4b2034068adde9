using DslNets.Gpu;
using DslNets.PacBayes;
using DslNets.Runtime.Tests.PacBayes;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// The device Monte-Carlo certificate. Its draws are the counter-based stream, so it must EQUAL the host certificate
/// evaluated with <see cref="NoiseStream.CounterBased"/> and the same seed (the same error count; the bounded loss and the
/// certificate to rounding); against the host's default sequential stream (other numbers) it must agree within the
/// Monte-Carlo confidence.
/// </summary>
public sealed class DeviceCertificateTests(ComputeDeviceFixture fixture) : IClassFixture<ComputeDeviceFixture>
{
    private const double Delta = 0.025, DeltaPrime = 0.01;

    private static (double[] Inputs, double[] Targets) Data(int m, int inputSize, int classes, long seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new double[m * inputSize];
        random.FillGaussian<double>(inputs, 0.0, 1.0);
        int width = classes == 2 ? 1 : classes;
        var targets = new double[m * width];
        for (int j = 0; j < m; j++)
        {
            int label = random.NextInt(classes);
            if (width == 1) targets[j] = label;
            else targets[j * width + label] = 1.0;
        }
        return (inputs, targets);
    }

    // σ from 0.05 to 0.6, so the draws move the predictions often.
    private static DiagonalGaussianPosterior Posterior(ReadOnlySpan<double> mean, long seed)
    {
        var random = new SeededRandom(seed);
        var rho = new double[mean.Length];
        for (int i = 0; i < rho.Length; i++) rho[i] = DiagonalGaussianPosterior.InverseSoftplus(0.05 + 0.55 * random.NextDouble());
        return new DiagonalGaussianPosterior(mean, rho);
    }

    private static void AssertSame(CertificateResult host, CertificateResult device)
    {
        Assert.Equal(host.SampledError, device.SampledError);
        Assert.Equal(host.SampledBoundedLoss, device.SampledBoundedLoss, 1e-12 * Math.Abs(host.SampledBoundedLoss));
        Assert.Equal(host.MonteCarloBound, device.MonteCarloBound, 1e-12);
        Assert.Equal(host.Kl, device.Kl);
        Assert.Equal(host.Certificate, device.Certificate, 1e-12);
        Assert.Equal(host.MonteCarloTrials, device.MonteCarloTrials);
        Assert.Equal(host.PriorGridIndex, device.PriorGridIndex);
    }

    [Theory]
    [InlineData(9, 3)]
    [InlineData(71, 4)]
    [InlineData(1000, 3)]
    public void PerSampleDrawsEqualTheHostsOnTheCounterBasedStream(int m, int draws)
    {
        var net = new ThreeLayerSoftmaxNet(seed: 2);
        var (inputs, targets) = Data(m, 4, 3, seed: 10 + m);
        DiagonalGaussianPosterior posterior = Posterior(net.Parameters, seed: 3);
        var prior = new GaussianPrior(new double[ThreeLayerSoftmaxNet.ParameterCount], 0.5);
        double[] before = (double[])net.Parameters.Clone();

        CertificateResult device = DeviceCertificate.Evaluate(fixture.Device, net, posterior, prior, inputs, targets, draws, Delta, DeltaPrime, seed: 42,
            sampling: MonteCarloSampling.PerSample);
        Assert.Equal(before, net.Parameters);
        CertificateResult host = PacBayesCertificate.Evaluate(net, posterior, prior, inputs, targets, draws, Delta, DeltaPrime, seed: 42,
            sampling: MonteCarloSampling.PerSample, noise: NoiseStream.CounterBased);
        AssertSame(host, device);
        Assert.Equal((long)m * draws, device.MonteCarloTrials);
        if (m >= 1000) Assert.InRange(device.SampledError, 0.2, 0.9); // the draws really move the predictions: not a degenerate 0 or 1
    }

    [Fact]
    public void PerSampleDrawsOfALogisticNetEqualTheHosts()
    {
        var net = new LeakyLogisticNet(seed: 5);
        var (inputs, targets) = Data(333, 3, 2, seed: 6);
        DiagonalGaussianPosterior posterior = Posterior(net.Parameters, seed: 7);
        var prior = new GaussianPrior(net.Parameters, 0.3);
        CertificateResult device = DeviceCertificate.Evaluate(fixture.Device, net, posterior, prior, inputs, targets, 5, Delta, DeltaPrime, seed: 8,
            pMin: 1e-3, sampling: MonteCarloSampling.PerSample);
        CertificateResult host = PacBayesCertificate.Evaluate(net, posterior, prior, inputs, targets, 5, Delta, DeltaPrime, seed: 8, pMin: 1e-3,
            sampling: MonteCarloSampling.PerSample, noise: NoiseStream.CounterBased);
        AssertSame(host, device);
    }

    [Fact]
    public void PassesSmallerThanTheBoundSetGiveTheSameCounts()
    {
        var net = new ThreeLayerSoftmaxNet(seed: 4);
        var (inputs, targets) = Data(500, 4, 3, seed: 11);
        DiagonalGaussianPosterior posterior = Posterior(net.Parameters, seed: 12);
        (double Error, double Loss) Run(long scratch)
        {
            using var sampler = new DeviceMonteCarlo<ThreeLayerSoftmaxNet>(fixture.Device, net, posterior, inputs, targets, MonteCarloSampling.PerSample, scratch);
            return sampler.Measure(3, 99, 1e-5);
        }
        var whole = Run(1L << 20);
        var passes = Run(6 * 37);   // 37 rows per pass, 14 passes, the last one short
        Assert.Equal(whole.Error, passes.Error);
        Assert.Equal(whole.Loss, passes.Loss, 1e-15);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WholeNetworkDrawsEqualTheHostsOnTheCounterBasedStream(bool tied)
    {
        var (inputs, targets) = Data(257, 4, tied ? 4 : 3, seed: 13);
        CertificateResult host, device;
        if (tied)
        {
            var net = new TiedSoftmaxNet(seed: 3);
            DiagonalGaussianPosterior posterior = Posterior(net.Parameters, seed: 14);
            var prior = new GaussianPrior(new double[TiedSoftmaxNet.ParameterCount], 1.0);
            device = DeviceCertificate.Evaluate(fixture.Device, net, posterior, prior, inputs, targets, 6, Delta, DeltaPrime, seed: 15);
            host = PacBayesCertificate.Evaluate(net, posterior, prior, inputs, targets, 6, Delta, DeltaPrime, seed: 15, noise: NoiseStream.CounterBased);
        }
        else
        {
            var net = new ThreeLayerSoftmaxNet(seed: 3);
            DiagonalGaussianPosterior posterior = Posterior(net.Parameters, seed: 14);
            var prior = new GaussianPrior(new double[ThreeLayerSoftmaxNet.ParameterCount], 1.0);
            device = DeviceCertificate.Evaluate(fixture.Device, net, posterior, prior, inputs, targets, 6, Delta, DeltaPrime, seed: 15);
            host = PacBayesCertificate.Evaluate(net, posterior, prior, inputs, targets, 6, Delta, DeltaPrime, seed: 15, noise: NoiseStream.CounterBased);
        }
        AssertSame(host, device);
        Assert.Equal(6, device.MonteCarloTrials);
    }

    [Theory]
    [InlineData(MonteCarloSampling.PerSample)]
    [InlineData(MonteCarloSampling.WholeNetworks)]
    public void TheDziugaiteRoyCertificateEqualsTheHosts(MonteCarloSampling sampling)
    {
        var net = new LeakyLogisticNet(seed: 9);
        var (inputs, targets) = Data(400, 3, 2, seed: 16);
        DiagonalGaussianPosterior posterior = Posterior(net.Parameters, seed: 17);
        var prior = new GaussianPrior(new double[LeakyLogisticNet.ParameterCount], 0.07);
        CertificateResult device = DeviceCertificate.EvaluateDziugaiteRoy(fixture.Device, net, posterior, prior, inputs, targets, 4, Delta, DeltaPrime, seed: 18,
            sampling: sampling);
        CertificateResult host = PacBayesCertificate.EvaluateDziugaiteRoy(net, posterior, prior, inputs, targets, 4, Delta, DeltaPrime, seed: 18,
            sampling: sampling, noise: NoiseStream.CounterBased);
        AssertSame(host, device);
        Assert.NotEqual(0, device.PriorGridIndex);
    }

    [Fact]
    public void TheDeviceAndTheHostsSequentialStreamAgreeWithinTheMonteCarloConfidence()
    {
        // Different random numbers: the two sampled errors are means of N = m·k independent trials each, so each has variance
        // at most 1/(4N) about the same Q̂_S, and their difference at most 1/(2N); five such standard deviations.
        var net = new ThreeLayerSoftmaxNet(seed: 6);
        var (inputs, targets) = Data(2000, 4, 3, seed: 19);
        DiagonalGaussianPosterior posterior = Posterior(net.Parameters, seed: 20);
        var prior = new GaussianPrior(net.Parameters, 0.5);
        const int draws = 5;
        CertificateResult device = DeviceCertificate.Evaluate(fixture.Device, net, posterior, prior, inputs, targets, draws, Delta, DeltaPrime, seed: 21,
            sampling: MonteCarloSampling.PerSample);
        CertificateResult sequential = PacBayesCertificate.Evaluate(net, posterior, prior, inputs, targets, draws, Delta, DeltaPrime, seed: 21,
            sampling: MonteCarloSampling.PerSample);
        double n = 2000.0 * draws;
        Assert.NotEqual(sequential.SampledError, device.SampledError);   // they really are other draws
        Assert.InRange(device.SampledError - sequential.SampledError, -5 * Math.Sqrt(1 / (2 * n)), 5 * Math.Sqrt(1 / (2 * n)));
    }

    [Fact]
    public void BadInputIsRefusedWithBothSizes()
    {
        var net = new ThreeLayerSoftmaxNet(seed: 1);
        var posterior = new DiagonalGaussianPosterior(net.Parameters, 0.1);
        var prior = new GaussianPrior(net.Parameters, 0.1);
        var error = Assert.Throws<ArgumentException>(() =>
            DeviceCertificate.Evaluate(fixture.Device, net, posterior, prior, new double[4 * 10], new double[3 * 9], 2, Delta, DeltaPrime, 1));
        Assert.Contains("10×3 = 30", error.Message);
        Assert.Contains("27", error.Message);
        error = Assert.Throws<ArgumentException>(() =>
            DeviceCertificate.Evaluate(fixture.Device, net, posterior, prior, new double[4 * 10 + 1], new double[30], 2, Delta, DeltaPrime, 1));
        Assert.Contains("41", error.Message);
        error = Assert.Throws<ArgumentException>(() =>
            DeviceCertificate.Evaluate(fixture.Device, net, posterior, prior, new double[4 * 7], new double[3 * 7], 2, Delta, DeltaPrime, 1));
        Assert.Contains("at least 8 bound samples", error.Message);
        Assert.Contains("got 7", error.Message);
        var tied = new TiedSoftmaxNet(seed: 1);
        error = Assert.Throws<ArgumentException>(() => DeviceCertificate.Evaluate(fixture.Device, tied, new DiagonalGaussianPosterior(tied.Parameters, 0.1),
            new GaussianPrior(tied.Parameters, 0.1), new double[8], new double[8], 2, Delta, DeltaPrime, 1, sampling: MonteCarloSampling.PerSample));
        Assert.Contains("tied", error.Message);
    }
}
