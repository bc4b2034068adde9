using DslNets.Generator.Tests.Networks;
using DslNets.Generator.Tests.Reference;

namespace DslNets.Generator.Tests.ImageLayers;

/// <summary>
/// Batches of 16 or more samples of the convolution nets take the grouped im2col path; they must equal the naive reference
/// and the per-sample kernels: forward, loss, parameter and input gradients, with dropout draws, across group boundaries
/// (PbbMnistCnn's groups hold 30 samples, and its convolution's im2col groups fewer).
/// </summary>
public sealed class ImageBatchPathTests
{
    [Fact]
    public void LeNet5BatchesEqualTheReferenceAndTheSamples()
    {
        var net = new LeNet5(11);
        NetworkChecks.AssertForwardMatchesReference(net, 211, samples: 21);
        NetworkChecks.AssertGradientBatchIsSumOfSamples(net, 212, batch: 19);
        NetworkChecks.AssertGradientBatchInputGradientMatchesSamples(net, 213, batch: 17);
        NetworkChecks.AssertGradientBatchInputGradientMatchesFiniteDifferences(net, 214, batch: 16, maxInputs: 48);
    }

    [Fact]
    public void SmallResNetBatchesEqualTheReferenceAndTheSamples()
    {
        var net = new SmallResNet(12);
        NetworkChecks.AssertForwardMatchesReference(net, 221, samples: 33);
        NetworkChecks.AssertGradientBatchIsSumOfSamples(net, 222, batch: 40);
        NetworkChecks.AssertGradientBatchInputGradientMatchesSamples(net, 223, batch: 16);
        NetworkChecks.AssertGradientBatchInputGradientMatchesFiniteDifferences(net, 224, batch: 16, maxInputs: 96);
    }

    [Fact]
    public void PbbMnistCnnBatchesAcrossGroupsEqualTheSamples()
    {
        var net = new PbbMnistCnn(13);
        NetworkChecks.AssertForwardMatchesReference(net, 231, samples: 16);
        NetworkChecks.AssertGradientBatchIsSumOfSamples(net, 232, batch: 37);
        NetworkChecks.AssertGradientBatchInputGradientMatchesSamples(net, 233, batch: 31);
    }

    [Fact]
    public void ABatchWithADrawEqualsItsSamplesDrawsOnTheGroupedPath()
    {
        var net = new SmallResNet(14);
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(241);
        const int batch = 23;
        int n = SmallResNet.InputSize, m = SmallResNet.OutputSize;
        var inputs = new double[batch * n];
        var targets = new double[batch * m];
        var expected = new double[SmallResNet.ParameterCount];
        double expectedLoss = 0;
        for (int s = 0; s < batch; s++)
        {
            (double[] input, double[] target) = NetworkChecks.Sample(reference, random);
            input.CopyTo(inputs, s * n);
            target.CopyTo(targets, s * m);
            expectedLoss += net.Gradient(input, target, expected, 0.25, new DropoutDraw(3, 9, 100 + s));
        }

        var actual = new double[SmallResNet.ParameterCount];
        double loss = net.GradientBatch(inputs, targets, actual, 0.25, new DropoutDraw(3, 9, 100));
        NetworkChecks.AssertClose("grouped batch loss with a draw", [expectedLoss], [loss], NetworkChecks.ForwardTolerance);
        NetworkChecks.AssertClose("grouped batch gradient with a draw", expected, actual, NetworkChecks.GradientTolerance);
    }

    [Fact]
    public void FloatBatchesEqualTheSamples()
    {
        var net = new TinyConvSingle(15);
        const int batch = 24;
        int n = TinyConvSingle.InputSize, m = TinyConvSingle.OutputSize;
        var random = new SeededRandom(251);
        var inputs = new float[batch * n];
        var targets = new float[batch * m];
        random.FillGaussian<float>(inputs);
        random.FillGaussian<float>(targets);
        var outputs = new float[batch * m];
        net.ForwardBatch(inputs, outputs);
        var expectedOutputs = new float[batch * m];
        var expectedGradient = new float[TinyConvSingle.ParameterCount];
        var expectedInputGradient = new float[batch * n];
        float expectedLoss = 0;
        for (int s = 0; s < batch; s++)
        {
            net.Forward(inputs.AsSpan(s * n, n), expectedOutputs.AsSpan(s * m, m));
            expectedLoss += net.Gradient(inputs.AsSpan(s * n, n), targets.AsSpan(s * m, m), expectedGradient, expectedInputGradient.AsSpan(s * n, n), 0.5f);
        }

        var gradient = new float[TinyConvSingle.ParameterCount];
        var inputGradient = new float[batch * n];
        float loss = net.GradientBatch(inputs, targets, gradient, inputGradient, 0.5f);
        static double[] Wide(float[] values) => values.Select(v => (double)v).ToArray();
        NetworkChecks.AssertClose("TinyConvSingle.ForwardBatch (float)", Wide(expectedOutputs), Wide(outputs), 1e-5);
        NetworkChecks.AssertClose("TinyConvSingle.GradientBatch loss (float)", [expectedLoss], [loss], 1e-5);
        NetworkChecks.AssertClose("TinyConvSingle.GradientBatch parameter gradient (float)", Wide(expectedGradient), Wide(gradient), 1e-5);
        NetworkChecks.AssertClose("TinyConvSingle.GradientBatch input gradient (float)", Wide(expectedInputGradient), Wide(inputGradient), 1e-5);
    }
}
