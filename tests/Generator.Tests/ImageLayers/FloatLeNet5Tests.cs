using DslNets.Generator.Tests.Networks;
using DslNets.Generator.Tests.Reference;

namespace DslNets.Generator.Tests.ImageLayers;

/// <summary>
/// LeNet5 in float (LeNet5Single, as samples/MnistCnn and the benchmarks run it): its per-sample Forward, where the 28-wide
/// max pool takes the runtime's float SIMD row kernel, matches the double reference; its batched forward and gradient
/// (the direct convolution on both cores) match the per-sample ones to float accuracy. Too many kinks for the generic
/// float gradient check, which looks for samples far from every kink.
/// </summary>
public sealed class FloatLeNet5Tests
{
    [Fact]
    public void ForwardMatchesTheReferenceAndBatchesMatchTheSamples()
    {
        var net = new LeNet5Single(21);
        NetworkChecks.AssertSingleForwardMatchesReference(net, 301, samples: 8);
        const int batch = 37;
        int n = LeNet5Single.InputSize, m = LeNet5Single.OutputSize;
        var random = new SeededRandom(302);
        var inputs = new float[batch * n];
        var targets = new float[batch * m];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        for (int s = 0; s < batch; s++) targets[s * m + random.NextInt(m)] = 1f;

        var outputs = new float[batch * m];
        net.ForwardBatch(inputs, outputs);
        var one = new float[m];
        var expectedGradient = new double[LeNet5Single.ParameterCount];
        var sampleGradient = new float[LeNet5Single.ParameterCount];
        double expectedLoss = 0;
        for (int s = 0; s < batch; s++)
        {
            net.Forward(inputs.AsSpan(s * n, n), one);
            NetworkChecks.AssertClose($"batched forward, sample {s}", one.Select(v => (double)v).ToArray(), outputs.AsSpan(s * m, m).ToArray().Select(v => (double)v).ToArray(), 1e-5);
            Array.Clear(sampleGradient);
            expectedLoss += net.Gradient(inputs.AsSpan(s * n, n), targets.AsSpan(s * m, m), sampleGradient, 0.5f);
            for (int k = 0; k < sampleGradient.Length; k++) expectedGradient[k] += sampleGradient[k];
        }

        var gradient = new float[LeNet5Single.ParameterCount];
        float loss = net.GradientBatch(inputs, targets, gradient, 0.5f);
        NetworkChecks.AssertClose("batched loss", [expectedLoss], [loss], 1e-5);
        NetworkChecks.AssertClose("batched gradient", expectedGradient, gradient.Select(v => (double)v).ToArray(), 1e-4);
    }
}
