using DslNets.Gpu;
using DslNets.Optimizers;
using DslNets.PacBayes;
using DslNets.Runtime.Tests.PacBayes;

namespace DslNets.Runtime.Tests.Gpu;

[Network(Inputs = 5, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class WidePacBayesNet
{
    [Dense(40, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(30, Activation.Tanh)] public partial DenseLayer<double> Middle { get; }
    [Dense(4)] public partial DenseLayer<double> Logits { get; }
}

/// <summary>
/// The device PAC-Bayes-by-backprop trainer against the host trainer run on the same counter-based draws and the same
/// batches: μ, ρ, the prior scale and every step's objective, loss and KL equal to 1e-9 relative over 20 steps, on every
/// objective, with SGD and Adam, on the fused, layer-wise and per-sample gradient paths, and with samples on the floor.
/// </summary>
public sealed class DevicePacBayesTrainerTests(ComputeDeviceFixture fixture) : IClassFixture<ComputeDeviceFixture>
{
    private const int Steps = 20;

    private static (double[] Inputs, double[] Targets) Data(int m, int inputSize, int outputs, long seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new double[m * inputSize];
        random.FillGaussian<double>(inputs, 0.0, 1.0);
        var targets = new double[m * outputs];
        for (int j = 0; j < m; j++)
        {
            // A learnable rule (the sign pattern of the first inputs) so the loss moves.
            int label = outputs == 1 ? (inputs[j * inputSize] > 0 ? 1 : 0) : (inputs[j * inputSize] > 0 ? 1 : 0) + (inputs[j * inputSize + 1] > 0 ? 2 : 0);
            if (outputs == 1) targets[j] = label;
            else targets[j * outputs + label % outputs] = 1.0;
        }
        return (inputs, targets);
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1.0, Math.Abs(expected[i]))))
                Assert.Fail($"{what}[{i}]: host {expected[i]:R}, device {actual[i]:R}.");
    }

    private static void AssertCloseScalar(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1.0, Math.Abs(expected)), $"{what}: host {expected:R}, device {actual:R}.");

    // Runs host and device side by side on the same batches (rows drawn with replacement from a seeded generator).
    private int Compare<TNet>(Func<TNet> create, PacBayesTrainerOptions options, int batch, double priorSigma, double posteriorSigma,
        DeviceNetworkOptions? networkOptions = null, bool throughDeviceSamples = false)
        where TNet : IDeviceNetwork<TNet, double>
    {
        TNet hostNet = create(), deviceNet = create();
        var (inputs, targets) = Data(300, TNet.InputSize, TNet.OutputSize, seed: 77);
        var hostPosterior = new DiagonalGaussianPosterior(hostNet.Parameters, posteriorSigma);
        var devicePosterior = new DiagonalGaussianPosterior(hostNet.Parameters, posteriorSigma);
        var hostPrior = new GaussianPrior(new double[TNet.ParameterCount], priorSigma);
        var devicePrior = new GaussianPrior(new double[TNet.ParameterCount], priorSigma);
        var host = new PacBayesTrainer<TNet>(hostNet, hostPosterior, hostPrior, options with { Noise = NoiseStream.CounterBased });
        using var device = new DevicePacBayesTrainer<TNet>(fixture.Device, deviceNet, devicePosterior, devicePrior, options, networkOptions);
        using DeviceSamples samples = DeviceSamples.Upload(fixture.Device, inputs, TNet.InputSize, targets, TNet.OutputSize);
        var random = new SeededRandom(5);
        int[] rows = new int[batch];
        double[] x = new double[batch * TNet.InputSize], y = new double[batch * TNet.OutputSize];
        int floored = 0;
        for (int step = 0; step < Steps; step++)
        {
            for (int r = 0; r < batch; r++)
            {
                rows[r] = random.NextInt(300);
                inputs.AsSpan(rows[r] * TNet.InputSize, TNet.InputSize).CopyTo(x.AsSpan(r * TNet.InputSize));
                targets.AsSpan(rows[r] * TNet.OutputSize, TNet.OutputSize).CopyTo(y.AsSpan(r * TNet.OutputSize));
            }
            PacBayesStepResult expected = host.Step(x, y);
            PacBayesStepResult actual = throughDeviceSamples ? device.Step(samples, rows) : device.Step(x, y);
            floored += device.LastFlooredCount;
            AssertCloseScalar(expected.Objective, actual.Objective, $"objective at step {step}");
            AssertCloseScalar(expected.Loss, actual.Loss, $"loss at step {step}");
            AssertCloseScalar(expected.Kl, actual.Kl, $"KL at step {step}");
            AssertCloseScalar(expected.Lambda, actual.Lambda, $"λ at step {step}");
            AssertCloseScalar(host.PriorLogSigma, device.PriorLogSigma, $"ln σ₀ after step {step}");
        }
        device.DownloadPosterior();
        AssertClose(hostPosterior.Mean, devicePosterior.Mean, 1e-9, "μ");
        AssertClose(hostPosterior.Rho, devicePosterior.Rho, 1e-9, "ρ");
        AssertClose(hostPrior.Sigma, devicePrior.Sigma, 1e-12, "σ₀");
        // The run really moved: μ is no longer the start.
        Assert.True(hostPosterior.Mean.Zip(create().Parameters).Max(p => Math.Abs(p.First - p.Second)) > 1e-4);
        return floored;
    }

    [Theory]
    [InlineData(PacBayesObjectiveKind.Quadratic, 7)]
    [InlineData(PacBayesObjectiveKind.Classic, 64)]
    [InlineData(PacBayesObjectiveKind.Lambda, 33)]
    public void TheFusedPathFollowsTheHostTrainer(PacBayesObjectiveKind objective, int batch)
    {
        var options = new PacBayesTrainerOptions { Objective = objective, BoundSampleCount = 300, LearningRate = 0.05, Momentum = 0.9, InitialLambda = 0.8, Seed = 11 };
        Compare(() => new ThreeLayerSoftmaxNet(seed: 3), options, batch, priorSigma: 0.3, posteriorSigma: 0.1);
    }

    [Fact]
    public void AdamOnAllGroupsAndSamplesOnTheFloorFollowTheHostTrainer()
    {
        var options = new PacBayesTrainerOptions
        {
            Objective = PacBayesObjectiveKind.Quadratic, BoundSampleCount = 300, PMin = 0.35, Seed = 12,
            CreateOptimizer = (_, n) => new Adam<double>(n, 0.01),
        };
        int floored = Compare(() => new LeakyLogisticNet(seed: 4), options, 50, priorSigma: 0.5, posteriorSigma: 0.3, throughDeviceSamples: true);
        Assert.True(floored > 0, "Expected samples on the probability floor with p_min = 0.35.");
    }

    [Fact]
    public void TheDziugaiteRoyObjectiveLearnsThePriorScaleAsTheHostDoes()
    {
        var options = new PacBayesTrainerOptions
        {
            Objective = PacBayesObjectiveKind.DziugaiteRoy, BoundSampleCount = 300, PMin = 0.1, LearningRate = 0.01, Momentum = 0.9, Seed = 13,
            CreateOptimizer = (group, n) => group == PosteriorParameterGroup.Mean ? null : new Adam<double>(n, 1e-2),
        };
        Compare(() => new ThreeLayerSoftmaxNet(seed: 5), options, 40, priorSigma: 0.1, posteriorSigma: 0.1, throughDeviceSamples: true);
    }

    [Theory]
    [InlineData(GradientPath.Layerwise)]
    [InlineData(GradientPath.PerSample)]
    public void TheOtherGradientPathsFollowTheHostTrainer(GradientPath path)
    {
        var options = new PacBayesTrainerOptions { Objective = PacBayesObjectiveKind.Quadratic, BoundSampleCount = 300, LearningRate = 0.02, Seed = 14 };
        Compare(() => new WidePacBayesNet(seed: 6), options, 70, priorSigma: 0.2, posteriorSigma: 0.05, new DeviceNetworkOptions { Path = path });
    }

    [Fact]
    public void ATiedNetworkTrainsOnTheDeviceAsOnTheHost()
    {
        var options = new PacBayesTrainerOptions { Objective = PacBayesObjectiveKind.Classic, BoundSampleCount = 300, LearningRate = 0.05, Seed = 15 };
        Compare(() => new TiedSoftmaxNet(seed: 7), options, 25, priorSigma: 0.3, posteriorSigma: 0.1);
    }

    [Fact]
    public void BadBatchesAreRefusedWithBothSizes()
    {
        var net = new ThreeLayerSoftmaxNet(seed: 1);
        using var trainer = new DevicePacBayesTrainer<ThreeLayerSoftmaxNet>(fixture.Device, net, new DiagonalGaussianPosterior(net.Parameters, 0.1),
            new GaussianPrior(net.Parameters, 0.1), new PacBayesTrainerOptions { BoundSampleCount = 100 });
        var error = Assert.Throws<ArgumentException>(() => trainer.Step(new double[4 * 5], new double[3 * 4]));
        Assert.Contains("5×3 = 15", error.Message);
        Assert.Contains("12", error.Message);
        error = Assert.Throws<ArgumentException>(() => trainer.Step(new double[9], new double[6]));
        Assert.Contains("length 9", error.Message);
        using DeviceSamples samples = DeviceSamples.Upload(fixture.Device, new double[4 * 10], 4, new double[3 * 10], 3);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Step(samples, [0, 10]));
        Assert.Contains("[0, 10)", range.Message);
        using DeviceSamples wrong = DeviceSamples.Upload(fixture.Device, new double[5 * 10], 5, new double[3 * 10], 3);
        Assert.Contains("4 inputs and 3 targets but got 5 and 3", Assert.Throws<ArgumentException>(() => trainer.Step(wrong, [0])).Message);
        Assert.Contains("3×2 = 6", Assert.Throws<ArgumentException>(() => DeviceSamples.Upload(fixture.Device, new double[12], 4, new double[5], 2)).Message);
    }
}
