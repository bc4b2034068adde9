using DslNets.PacBayes;
using Xunit;

namespace DslNets.Runtime.Tests.PacBayes;

[Network(Inputs = 4, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class ThreeLayerSoftmaxNet
{
    [Dense(6, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(5, Activation.Tanh)] public partial DenseLayer<double> Squash { get; }
    [Dense(3)] public partial DenseLayer<double> Logits { get; }
}

[Network(Inputs = 3, Loss = Loss.Logistic, Precision = Precision.Double)]
public partial class LeakyLogisticNet
{
    [Dense(4, Activation.LeakyReLU, LeakySlope = 0.2)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1, Bias = false)] public partial DenseLayer<double> Logit { get; }
}

[Network(Inputs = 3, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class OneLayerSoftmaxNet
{
    [Dense(2)] public partial DenseLayer<double> Logits { get; }
}

[Network(Inputs = 4, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class TiedSoftmaxNet
{
    [Dense(3, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(4, TiedTo = nameof(Encoder))] public partial DenseLayer<double> Decoder { get; }
}

public class LocalReparameterisationTests
{
    // A posterior with varied σ (0.05 … 0.6) around the network's initial weights, so the output distribution is far from a point.
    private static DiagonalGaussianPosterior VariedPosterior(ReadOnlySpan<double> mean, long seed)
    {
        var random = new SeededRandom(seed);
        var rho = new double[mean.Length];
        for (int i = 0; i < rho.Length; i++) rho[i] = DiagonalGaussianPosterior.InverseSoftplus(0.05 + 0.55 * random.NextDouble());
        return new DiagonalGaussianPosterior(mean, rho);
    }

    private static (double[] Mean, double[] Variance) Moments(double[] rows, int width)
    {
        int n = rows.Length / width;
        double[] mean = new double[width], variance = new double[width];
        for (int r = 0; r < n; r++) for (int o = 0; o < width; o++) mean[o] += rows[r * width + o] / n;
        for (int r = 0; r < n; r++) for (int o = 0; o < width; o++) variance[o] += Math.Pow(rows[r * width + o] - mean[o], 2) / (n - 1);
        return (mean, variance);
    }

    // Outputs of `draws` whole networks drawn from the posterior, all on the single input x.
    private static double[] WholeNetworkOutputs<TNet>(TNet net, DiagonalGaussianPosterior posterior, double[] x, int draws, long seed)
        where TNet : INetwork<TNet, double>
    {
        var random = new SeededRandom(seed);
        var noise = new double[posterior.Length];
        var outputs = new double[draws * TNet.OutputSize];
        for (int d = 0; d < draws; d++)
        {
            posterior.Sample(random, net.Parameters, noise);
            net.Forward(x, outputs.AsSpan(d * TNet.OutputSize, TNet.OutputSize));
        }
        return outputs;
    }

    private static double[] PerSampleOutputs<TNet>(DiagonalGaussianPosterior posterior, double[] x, int draws, long seed)
        where TNet : INetwork<TNet, double>
    {
        var inputs = new double[draws * TNet.InputSize];
        for (int d = 0; d < draws; d++) x.CopyTo(inputs, d * TNet.InputSize);
        var outputs = new double[draws * TNet.OutputSize];
        LocalReparameterisation.For<TNet>(posterior).SampleOutputs(inputs, outputs, new SeededRandom(seed));
        return outputs;
    }

    private static void AssertSameDistribution(double[] a, double[] b, int width)
    {
        var (meanA, varA) = Moments(a, width);
        var (meanB, varB) = Moments(b, width);
        int n = a.Length / width;
        for (int o = 0; o < width; o++)
        {
            // Five standard errors of the difference of two means, and of two variances (fourth moments bounded by 3σ⁴ + slack).
            double meanError = 5 * Math.Sqrt((varA[o] + varB[o]) / n);
            Assert.InRange(meanA[o] - meanB[o], -meanError, meanError);
            double varianceError = 5 * Math.Sqrt(2.0 * 4 * (varA[o] * varA[o] + varB[o] * varB[o]) / n);
            Assert.InRange(varA[o] - varB[o], -varianceError, varianceError);
        }
    }

    [Fact]
    public void A_dense_layer_has_the_closed_form_mean_and_variance()
    {
        var net = new OneLayerSoftmaxNet(3);
        var posterior = VariedPosterior(net.Parameters, 11);
        double[] x = [0.7, -1.3, 2.1];
        const int draws = 40_000;
        var (mean, variance) = Moments(PerSampleOutputs<OneLayerSoftmaxNet>(posterior, x, draws, 5), 2);
        for (int o = 0; o < 2; o++)
        {
            double expectedMean = posterior.Mean[OneLayerSoftmaxNet.LogitsBiasOffset + o], expectedVariance = Math.Pow(posterior.Sigma(OneLayerSoftmaxNet.LogitsBiasOffset + o), 2);
            for (int i = 0; i < 3; i++)
            {
                int w = OneLayerSoftmaxNet.LogitsWeightOffset + o * 3 + i;
                expectedMean += posterior.Mean[w] * x[i];
                expectedVariance += Math.Pow(posterior.Sigma(w) * x[i], 2);
            }
            Assert.InRange(mean[o], expectedMean - 5 * Math.Sqrt(expectedVariance / draws), expectedMean + 5 * Math.Sqrt(expectedVariance / draws));
            Assert.InRange(variance[o], expectedVariance * (1 - 5 * Math.Sqrt(2.0 / draws)), expectedVariance * (1 + 5 * Math.Sqrt(2.0 / draws)));
        }
    }

    [Fact]
    public void Per_sample_outputs_of_a_deep_network_match_whole_network_draws()
    {
        var net = new ThreeLayerSoftmaxNet(7);
        var posterior = VariedPosterior(net.Parameters, 12);
        double[] x = [1.0, -0.5, 0.25, 2.0];
        const int draws = 30_000;
        AssertSameDistribution(PerSampleOutputs<ThreeLayerSoftmaxNet>(posterior, x, draws, 1), WholeNetworkOutputs(net, posterior, x, draws, 2), 3);
    }

    [Fact]
    public void Per_sample_outputs_of_a_leaky_network_without_output_bias_match_whole_network_draws()
    {
        var net = new LeakyLogisticNet(8);
        var posterior = VariedPosterior(net.Parameters, 13);
        double[] x = [-1.5, 0.5, 1.0];
        const int draws = 30_000;
        AssertSameDistribution(PerSampleOutputs<LeakyLogisticNet>(posterior, x, draws, 3), WholeNetworkOutputs(net, posterior, x, draws, 4), 1);
    }

    [Fact]
    public void A_posterior_with_tiny_variance_gives_the_mean_network()
    {
        var net = new ThreeLayerSoftmaxNet(9);
        var posterior = new DiagonalGaussianPosterior(net.Parameters, 1e-12);
        double[] inputs = new double[300 * 4];
        new SeededRandom(1).FillGaussian<double>(inputs);
        double[] sampled = new double[300 * 3], exact = new double[300 * 3];
        LocalReparameterisation.For<ThreeLayerSoftmaxNet>(posterior).SampleOutputs(inputs, sampled, new SeededRandom(2));
        net.ForwardBatch(inputs, exact);
        for (int i = 0; i < exact.Length; i++) Assert.Equal(exact[i], sampled[i], 1e-9);
    }

    [Fact]
    public void The_same_seed_gives_the_same_draws_and_another_seed_other_draws()
    {
        var net = new ThreeLayerSoftmaxNet(1);
        var sampler = LocalReparameterisation.For<ThreeLayerSoftmaxNet>(VariedPosterior(net.Parameters, 2));
        double[] inputs = new double[500 * 4];
        new SeededRandom(3).FillGaussian<double>(inputs);
        double[] a = new double[1500], b = new double[1500], c = new double[1500];
        sampler.SampleOutputs(inputs, a, new SeededRandom(4));
        sampler.SampleOutputs(inputs, b, new SeededRandom(4));
        sampler.SampleOutputs(inputs, c, new SeededRandom(5));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Tied_layers_and_wrong_lengths_are_refused_with_what_was_expected()
    {
        var tied = new TiedSoftmaxNet(1);
        var error = Assert.Throws<ArgumentException>(() => LocalReparameterisation.For<TiedSoftmaxNet>(new DiagonalGaussianPosterior(tied.Parameters, 0.1)));
        Assert.Contains("'Decoder'", error.Message);
        Assert.Contains("tied to 'Encoder'", error.Message);
        Assert.False(LocalReparameterisation.IsSupported<TiedSoftmaxNet>());

        var net = new OneLayerSoftmaxNet(1);
        var sampler = LocalReparameterisation.For<OneLayerSoftmaxNet>(new DiagonalGaussianPosterior(net.Parameters, 0.1));
        var lengths = Assert.Throws<ArgumentException>(() => sampler.SampleOutputs(new double[6], new double[5], new SeededRandom(1)));
        Assert.Contains("2×2 = 4", lengths.Message);
        Assert.Contains("got length 5", lengths.Message);
        Assert.Throws<ArgumentException>(() => LocalReparameterisation.For<OneLayerSoftmaxNet>(new DiagonalGaussianPosterior(new double[3], 0.1)));
    }

    [Fact]
    public void A_per_sample_certificate_counts_m_times_k_trials_and_estimates_the_same_error()
    {
        var net = new ThreeLayerSoftmaxNet(21);
        var posterior = VariedPosterior(net.Parameters, 22);
        var prior = new GaussianPrior(net.Parameters, 0.3);
        const int m = 400, k = 25;
        var random = new SeededRandom(23);
        double[] inputs = new double[m * 4], targets = new double[m * 3];
        random.FillGaussian<double>(inputs);
        for (int s = 0; s < m; s++) targets[s * 3 + (inputs[s * 4] > 0 ? 0 : inputs[s * 4 + 1] > 0 ? 1 : 2)] = 1;

        CertificateResult perSample = PacBayesCertificate.Evaluate(net, posterior, prior, inputs, targets, k, 0.025, 0.01, 24, sampling: MonteCarloSampling.PerSample);
        CertificateResult whole = PacBayesCertificate.Evaluate(net, posterior, prior, inputs, targets, 2_000, 0.025, 0.01, 25);

        Assert.Equal((long)m * k, perSample.MonteCarloTrials);
        Assert.Equal(2_000, whole.MonteCarloTrials);
        // Both estimate Q̂_S; the per-sample estimate has m·k independent trials, the whole-network one 2,000 networks.
        double tolerance = 5 * Math.Sqrt(0.25 / (m * k)) + 5 * Math.Sqrt(0.25 / 2_000);
        Assert.InRange(perSample.SampledError - whole.SampledError, -tolerance, tolerance);
        // The Monte-Carlo step uses n = m·k: the largest p with kl(Q̂‖p) ≤ ln(2/δ′)/(m·k), found here by bisection.
        Assert.Equal(BisectionKlInverse.Of(perSample.SampledError, Math.Log(2 / 0.01) / (m * k)), perSample.MonteCarloBound, 1e-9);
        Assert.True(perSample.MonteCarloBound - perSample.SampledError < whole.MonteCarloBound - whole.SampledError);
        // The network is left at μ.
        Assert.Equal(posterior.Mean, net.Parameters);
    }
}
