using DslNets.Gpu;
using DslNets.PacBayes;

namespace DslNets.Runtime.Tests.PacBayes;

/// <summary>A convolution, dropout, max pooling and two dense layers: the layer kinds of PBB's MNIST CNN, small.</summary>
[Network(InputShape = [1, 6, 6], Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class TinyPbbCnn
{
    [Conv2D(2, 3, Activation.ReLU)] public partial Conv2DLayer<double> Features { get; }
    [Dropout(0.3)] public partial DropoutLayer Drop { get; }
    [MaxPool(2)] public partial PoolLayer Pool { get; }
    [Dense(4, Activation.Tanh)] public partial DenseLayer<double> Hidden { get; }
    [Dense(3)] public partial DenseLayer<double> Logits { get; }
}

/// <summary>A padded, strided convolution without bias into a second convolution, average pooling, flatten and one dense layer.</summary>
[Network(InputShape = [2, 7, 7], Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class TinyStridedCnn
{
    [Conv2D(3, 3, Activation.Tanh, Stride = 2, Padding = 1, Bias = false)] public partial Conv2DLayer<double> Strided { get; }
    [Conv2D(2, 2, Activation.LeakyReLU, LeakySlope = 0.1)] public partial Conv2DLayer<double> Second { get; }
    [AvgPool(2)] public partial PoolLayer Pool { get; }
    [Flatten] public partial FlattenLayer Flat { get; }
    [Dense(2)] public partial DenseLayer<double> Logits { get; }
}

/// <summary>A residual block: per-sample draws cannot follow the skip, so the sampler refuses it.</summary>
[Network(InputShape = [1, 4, 4], Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class TinyResidualCnn
{
    [Conv2D(1, 3, Activation.ReLU, Padding = 1)] public partial Conv2DLayer<double> A { get; }
    [Conv2D(1, 3, Activation.Identity, Padding = 1)] public partial Conv2DLayer<double> B { get; }
    [Residual(From = nameof(A))] public partial ResidualLayer Skip { get; }
    [Dense(2)] public partial DenseLayer<double> Logits { get; }
}

/// <summary>
/// PAC-Bayes on convolution nets: the per-sample sampler (convolution weights drawn whole for each input, dense layers by
/// local reparameterisation) against whole-network draws and against the generated Forward with the same draws; the
/// certificate against a naive recomputation; PAC-Bayes-by-backprop's gradients against finite differences.
/// </summary>
public class ConvolutionPacBayesTests
{
    private static DiagonalGaussianPosterior VariedPosterior(ReadOnlySpan<double> mean, long seed, double low = 0.05, double high = 0.4)
    {
        var random = new SeededRandom(seed);
        var rho = new double[mean.Length];
        for (int i = 0; i < rho.Length; i++) rho[i] = DiagonalGaussianPosterior.InverseSoftplus(low + (high - low) * random.NextDouble());
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

    private static void AssertSameDistribution(double[] a, double[] b, int width)
    {
        var (meanA, varA) = Moments(a, width);
        var (meanB, varB) = Moments(b, width);
        int n = a.Length / width;
        for (int o = 0; o < width; o++)
        {
            double meanError = 5 * Math.Sqrt((varA[o] + varB[o]) / n);
            Assert.InRange(meanA[o] - meanB[o], -meanError, meanError);
            double varianceError = 5 * Math.Sqrt(2.0 * 4 * (varA[o] * varA[o] + varB[o] * varB[o]) / n);
            Assert.InRange(varA[o] - varB[o], -varianceError, varianceError);
        }
    }

    private static double[] Repeat(double[] x, int times)
    {
        var rows = new double[x.Length * times];
        for (int d = 0; d < times; d++) x.CopyTo(rows, d * x.Length);
        return rows;
    }

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

    private static double[] Image(int length, long seed)
    {
        var x = new double[length];
        new SeededRandom(seed).FillGaussian<double>(x);
        return x;
    }

    [Fact]
    public void Per_sample_outputs_of_a_convolution_net_match_whole_network_draws()
    {
        var net = new TinyPbbCnn(3);
        var posterior = VariedPosterior(net.Parameters, 4);
        double[] x = Image(36, 5);
        const int draws = 30_000;
        var sampled = new double[draws * 3];
        LocalReparameterisation.For<TinyPbbCnn>(posterior).SampleOutputs(Repeat(x, draws), sampled, new SeededRandom(6));
        AssertSameDistribution(sampled, WholeNetworkOutputs(net, posterior, x, draws, 7), 3);
    }

    [Fact]
    public void Per_sample_outputs_of_a_strided_padded_net_with_average_pooling_match_whole_network_draws()
    {
        var net = new TinyStridedCnn(8);
        var posterior = VariedPosterior(net.Parameters, 9);
        double[] x = Image(98, 10);
        const int draws = 30_000;
        var sampled = new double[draws * 2];
        LocalReparameterisation.For<TinyStridedCnn>(posterior).SampleOutputs(Repeat(x, draws), sampled, new SeededRandom(11));
        AssertSameDistribution(sampled, WholeNetworkOutputs(net, posterior, x, draws, 12), 2);
    }

    // The counter-based draws of one trial, as NoiseStream documents them: U = the convolution's weights and bias, then
    // one per unit of Hidden and Logits; the convolution's come first.
    private static int ConvolutionDraws => TinyPbbCnn.Layers[0].WeightCount + TinyPbbCnn.Layers[0].BiasCount;

    private static int DrawsPerTrial => ConvolutionDraws + 4 + 3;

    // A posterior whose dense layers are nearly points (σ = 1e-8; their draws move an output by ~1e-8): the sampled outputs are then the generated Forward at the
    // convolution weights the stream drew, so the per-sample path is checked draw by draw, not only in distribution.
    private static DiagonalGaussianPosterior ConvolutionOnlyPosterior(TinyPbbCnn net, long seed)
    {
        var posterior = VariedPosterior(net.Parameters, seed, 0.1, 0.5);
        for (int i = TinyPbbCnn.HiddenWeightOffset; i < posterior.Length; i++) posterior.Rho[i] = DiagonalGaussianPosterior.InverseSoftplus(1e-8);
        return posterior;
    }

    // Outputs of the generated network with the convolution's weights of trial t drawn from the counter-based stream.
    private static void NaiveOutput(TinyPbbCnn probe, DiagonalGaussianPosterior posterior, ulong seed, long trial, ReadOnlySpan<double> x, Span<double> y)
    {
        posterior.CopyMean(probe.Parameters);
        int convolution = ConvolutionDraws;
        for (int j = 0; j < convolution; j++)
        {
            int i = TinyPbbCnn.FeaturesWeightOffset + j;   // weights, then the bias right after them
            probe.Parameters[i] = posterior.Mean[i] + posterior.Sigma(i) * DeviceRandom.Normal(seed, (ulong)(trial * DrawsPerTrial + j));
        }
        probe.Forward(x, y);
    }

    [Fact]
    public void Counter_based_per_sample_draws_are_the_generated_forward_at_the_drawn_convolution_weights()
    {
        Assert.Equal(TinyPbbCnn.FeaturesBiasOffset, TinyPbbCnn.FeaturesWeightOffset + TinyPbbCnn.Layers[0].WeightCount);
        var net = new TinyPbbCnn(13);
        var posterior = ConvolutionOnlyPosterior(net, 14);
        var sampler = LocalReparameterisation.For<TinyPbbCnn>(posterior);
        Assert.Equal(DrawsPerTrial, sampler.UnitCount);
        const int rows = 300;   // more than one chunk of the certificate's (256 rows)
        double[] inputs = Image(rows * 36, 15), outputs = new double[rows * 3];
        const ulong seed = 16;
        const long first = 1_000;
        sampler.SampleOutputs(inputs, outputs, seed, first);
        var probe = new TinyPbbCnn(0);
        var expected = new double[3];
        for (int r = 0; r < rows; r++)
        {
            NaiveOutput(probe, posterior, seed, first + r, inputs.AsSpan(r * 36, 36), expected);
            for (int o = 0; o < 3; o++) Assert.Equal(expected[o], outputs[r * 3 + o], 1e-6);
        }
    }

    [Fact]
    public void A_per_sample_certificate_of_a_convolution_net_is_the_naive_count_composed_by_hand()
    {
        var net = new TinyPbbCnn(17);
        var posterior = ConvolutionOnlyPosterior(net, 18);
        var prior = new GaussianPrior(net.Parameters, 0.3);
        const int m = 300, k = 3;
        const long seed = 19;
        double[] inputs = Image(m * 36, 20), targets = new double[m * 3];
        int[] labels = new int[m];
        for (int s = 0; s < m; s++)
        {
            labels[s] = inputs[s * 36 + 14] > 0.3 ? 0 : inputs[s * 36 + 21] > 0 ? 1 : 2;
            targets[s * 3 + labels[s]] = 1;
        }

        CertificateResult result = PacBayesCertificate.Evaluate(net, posterior, prior, inputs, targets, k, 0.025, 0.01, seed,
            sampling: MonteCarloSampling.PerSample, noise: NoiseStream.CounterBased);

        // Trial t·m + j is draw t of sample j: count the errors of the generated network at those convolution draws.
        var probe = new TinyPbbCnn(0);
        var y = new double[3];
        int errors = 0;
        for (int t = 0; t < k; t++)
            for (int j = 0; j < m; j++)
            {
                NaiveOutput(probe, posterior, seed, (long)t * m + j, inputs.AsSpan(j * 36, 36), y);
                int predicted = y[0] >= y[1] && y[0] >= y[2] ? 0 : y[1] >= y[2] ? 1 : 2;
                if (predicted != labels[j]) errors++;
            }
        double q = (double)errors / (m * k);
        Assert.Equal(q, result.SampledError, 12);
        Assert.InRange(q, 0.05, 0.95);   // neither trivial nor perfect, so a wrong count would show
        Assert.Equal((long)m * k, result.MonteCarloTrials);

        // KL of diagonal Gaussians, then kl⁻¹ twice by bisection: the Monte-Carlo step with m·k trials, the PAC-Bayes step with m.
        double kl = 0;
        for (int i = 0; i < posterior.Length; i++)
        {
            double s2 = Math.Pow(posterior.Sigma(i), 2), s02 = prior.Sigma[i] * prior.Sigma[i];
            kl += 0.5 * (Math.Log(s02 / s2) + Math.Pow(posterior.Mean[i] - prior.Mean[i], 2) / s02 + s2 / s02 - 1);
        }
        Assert.Equal(kl, result.Kl, 1e-9 * kl);
        double monteCarlo = BisectionKlInverse.Of(q, Math.Log(2 / 0.01) / (m * k));
        Assert.Equal(monteCarlo, result.MonteCarloBound, 1e-9);
        Assert.Equal(BisectionKlInverse.Of(monteCarlo, (kl + Math.Log(2 * Math.Sqrt(m) / 0.025)) / m), result.Certificate, 1e-9);
        Assert.True(result.Certificate > result.MonteCarloBound && result.MonteCarloBound > result.SampledError);
        Assert.Equal(posterior.Mean, net.Parameters);
    }

    [Fact]
    public void Residual_layers_are_refused_by_name_and_the_device_samples_dense_layers_only()
    {
        Assert.True(LocalReparameterisation.IsSupported<TinyPbbCnn>());
        Assert.True(LocalReparameterisation.IsSupported<TinyStridedCnn>());
        Assert.False(LocalReparameterisation.IsSupported<TinyResidualCnn>());
        var net = new TinyResidualCnn(1);
        var error = Assert.Throws<ArgumentException>(() => LocalReparameterisation.For<TinyResidualCnn>(new DiagonalGaussianPosterior(net.Parameters, 0.1)));
        Assert.Contains("'Skip'", error.Message);
        Assert.Contains("Residual", error.Message);
        var device = Assert.Throws<ArgumentException>(LocalReparameterisation.CheckDenseOnly<TinyPbbCnn>);
        Assert.Contains("'Features'", device.Message);
        LocalReparameterisation.CheckDenseOnly<ThreeLayerSoftmaxNet>();
    }

    [Theory]
    [InlineData(PacBayesObjectiveKind.Quadratic)]
    [InlineData(PacBayesObjectiveKind.Classic)]
    public void Pac_bayes_by_backprop_gradients_on_a_convolution_net_match_finite_differences_at_fixed_noise(PacBayesObjectiveKind kind)
    {
        // The trainer draws one whole network per step (no layer-wise trick), so it is generic over generated layers: its
        // gradient comes from the convolution net's generated GradientBatch, with dropout inactive.
        const int count = 24, classes = 3;
        double[] x = Image(count * 36, 31), y = new double[count * classes];
        int[] labels = new int[count];
        var random = new SeededRandom(32);
        for (int s = 0; s < count; s++) { labels[s] = random.NextInt(classes); y[s * classes + labels[s]] = 1; }
        var net = new TinyPbbCnn(33);
        var prior = new GaussianPrior(net.Parameters, 0.1);
        var posterior = new DiagonalGaussianPosterior(net.Parameters, 0.05);
        for (int i = 0; i < posterior.Length; i += 5) { posterior.Mean[i] += 0.05; posterior.Rho[i] -= 0.3; }
        var options = new PacBayesTrainerOptions { Objective = kind, BoundSampleCount = 1000, PMin = 1e-5, Seed = 34 };
        var trainer = new PacBayesTrainer<TinyPbbCnn>(net, posterior, prior, options);
        PacBayesStepResult result = trainer.ComputeGradient(x, y);
        double[] eps = trainer.Noise.ToArray();

        var probe = new TinyPbbCnn(0);
        double Objective(double[] mu, double[] rho)
        {
            double[] sigma = rho.Select(DiagonalGaussianPosterior.Softplus).ToArray();
            for (int i = 0; i < mu.Length; i++) probe.Parameters[i] = mu[i] + sigma[i] * eps[i];
            double loss = 0;
            var z = new double[classes];
            for (int s = 0; s < count; s++)
            {
                probe.Forward(x.AsSpan(s * 36, 36), z);
                loss += BoundedCrossEntropy.Loss(z, labels[s], 1e-5);
            }
            loss /= count;
            double kl = GaussianKl.Diagonal(mu, sigma, prior.Mean, prior.Sigma);
            return kind == PacBayesObjectiveKind.Classic ? PacBayesBounds.Classic(loss, kl, 1000, 0.025) : PacBayesBounds.Quadratic(loss, kl, 1000, 0.025);
        }

        double[] mean = posterior.Mean.ToArray(), rhoCopy = posterior.Rho.ToArray();
        Assert.Equal(Objective(mean, rhoCopy), result.Objective, 12);
        // Convolution weights and bias, the dense layers' weights and biases.
        int[] indices = [TinyPbbCnn.FeaturesWeightOffset, TinyPbbCnn.FeaturesWeightOffset + 10, TinyPbbCnn.FeaturesBiasOffset + 1,
            TinyPbbCnn.HiddenWeightOffset + 3, TinyPbbCnn.HiddenBiasOffset + 2, TinyPbbCnn.LogitsWeightOffset + 5, TinyPbbCnn.LogitsBiasOffset];
        const double h = 1e-6;
        foreach (int i in indices)
        {
            double[] plus = (double[])mean.Clone(), minus = (double[])mean.Clone();
            plus[i] += h; minus[i] -= h;
            double fd = (Objective(plus, rhoCopy) - Objective(minus, rhoCopy)) / (2 * h);
            Assert.True(Math.Abs(fd - trainer.MeanGradient[i]) <= 1e-6 * Math.Max(1e-2, Math.Abs(fd)), $"μ[{i}]: {trainer.MeanGradient[i]} vs {fd}");
            plus = (double[])rhoCopy.Clone(); minus = (double[])rhoCopy.Clone();
            plus[i] += h; minus[i] -= h;
            fd = (Objective(mean, plus) - Objective(mean, minus)) / (2 * h);
            Assert.True(Math.Abs(fd - trainer.RhoGradient[i]) <= 1e-6 * Math.Max(1e-2, Math.Abs(fd)), $"ρ[{i}]: {trainer.RhoGradient[i]} vs {fd}");
        }
    }
}
