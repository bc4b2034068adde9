using DslNets.Kernels;

namespace DslNets.Runtime.Tests.Kernels;

/// <summary>
/// The one-sample dense kernel (four neurons per pass, a scalar tail past the last whole vector, a dot product per
/// leftover neuron) against plain loops, and the SIMD ReLU backward step against its scalar rule.
/// </summary>
public class SampleKernelsTests
{
    [Theory]
    [InlineData(400, 120)]
    [InlineData(84, 10)]
    [InlineData(3, 5)]
    [InlineData(17, 7)]
    public void ForwardSampleEqualsTheLoop(int inputs, int outputs)
    {
        double[] x = GemmReference.Random<double>(inputs, 1);
        double[] w = GemmReference.Random<double>(inputs * outputs, 2);
        double[] b = GemmReference.Random<double>(outputs, 3);
        var y = new double[outputs];
        var noBias = new double[outputs];
        DenseKernels.ForwardSample<double>(x, w, b, y);
        DenseKernels.ForwardSample<double>(x, w, ReadOnlySpan<double>.Empty, noBias);
        for (int o = 0; o < outputs; o++)
        {
            double z = 0;
            for (int j = 0; j < inputs; j++) z += w[o * inputs + j] * x[j];
            Assert.True(Math.Abs(z + b[o] - y[o]) <= 1e-12 * (1 + Math.Abs(z)), $"y[{o}]: {y[o]} against {z + b[o]}");
            Assert.True(Math.Abs(z - noBias[o]) <= 1e-12 * (1 + Math.Abs(z)), $"y[{o}] without bias: {noBias[o]} against {z}");
        }

        float[] xf = x.Select(v => (float)v).ToArray(), wf = w.Select(v => (float)v).ToArray(), bf = b.Select(v => (float)v).ToArray();
        var yf = new float[outputs];
        DenseKernels.ForwardSample<float>(xf, wf, bf, yf);
        for (int o = 0; o < outputs; o++) Assert.True(Math.Abs(yf[o] - y[o]) <= 1e-4 * (1 + Math.Abs(y[o])), $"float y[{o}]: {yf[o]} against {y[o]}");
        Assert.Throws<ArgumentException>(() => DenseKernels.ForwardSample<double>(x, w.AsSpan(1), b, y));
    }

    [Fact]
    public void ReluBackwardZeroesTheDeltaOfEveryUnitThatIsOff()
    {
        float[] activations = [1f, 0f, -0f, float.NaN, 2f, 0.5f, 0f, 3f, 4f, -1f, 7f];
        float[] delta = [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f];
        ActivationKernels.ReluBackward<float>(activations, delta);
        Assert.Equal([1f, 0f, 0f, 0f, 5f, 6f, 0f, 8f, 9f, 0f, 11f], delta);
        Assert.Throws<ArgumentException>(() => ActivationKernels.ReluBackward<float>(activations, new float[3]));
    }
}
