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

    [Theory]
    [InlineData(400, 120)]
    [InlineData(84, 10)]
    [InlineData(3, 5)]
    [InlineData(17, 7)]
    public void BackwardSampleEqualsTheLoop(int inputs, int outputs)
    {
        double[] x = GemmReference.Random<double>(inputs, 4);
        double[] w = GemmReference.Random<double>(inputs * outputs, 5);
        double[] delta = GemmReference.Random<double>(outputs, 6);
        for (int o = 1; o < outputs; o += 3) delta[o] = 0; // off ReLUs: skipped
        double[] g = GemmReference.Random<double>(inputs * outputs, 7);
        double[] b = GemmReference.Random<double>(outputs, 8);
        double[] expectedG = (double[])g.Clone(), expectedB = (double[])b.Clone();
        var expectedBack = new double[inputs];
        for (int o = 0; o < outputs; o++)
        {
            expectedB[o] += delta[o];
            for (int j = 0; j < inputs; j++)
            {
                expectedG[o * inputs + j] += delta[o] * x[j];
                expectedBack[j] += w[o * inputs + j] * delta[o];
            }
        }

        double[] back = Enumerable.Repeat(9.0, inputs).ToArray();
        DenseKernels.BackwardSample<double>(delta, x, w, g, b, back);
        NetworkAssert(expectedG, g, "weight gradient");
        NetworkAssert(expectedB, b, "bias gradient");
        NetworkAssert(expectedBack, back, "input gradient");
        double[] g2 = GemmReference.Random<double>(inputs * outputs, 7);
        DenseKernels.BackwardSample<double>(delta, x, w, g2, Span<double>.Empty, Span<double>.Empty);
        NetworkAssert(expectedG, g2, "weight gradient alone");
    }

    private static void NetworkAssert(double[] expected, double[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]} against {expected[i]}");
    }
}
