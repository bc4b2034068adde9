using DslNets.Kernels;

namespace DslNets.Runtime.Tests.Kernels;

/// <summary>Max and average pooling of a batch against naive loops: values, the gradient's routing (the first of tied maxima), overlapping windows.</summary>
public class PoolingKernelsTests
{
    [Theory]
    [InlineData(2, 2, true, 3)]
    [InlineData(3, 2, true, 3)]
    [InlineData(2, 1, false, 3)]
    [InlineData(3, 3, false, 3)]
    // 80 planes: split into chunks of planes across both cores.
    [InlineData(2, 2, true, 40)]
    [InlineData(3, 2, true, 40)]
    [InlineData(2, 1, false, 40)]
    public void ForwardAndBackwardEqualNaiveLoops(int size, int stride, bool max, int batch)
    {
        var input = new ImageShape(2, 7, 8);
        double[] x = GemmReference.Random<double>(batch * input.Size, 21);
        ImageShape output = PoolingKernels.Output(input, size, stride);
        double[] delta = GemmReference.Random<double>(batch * output.Size, 22);
        var y = new double[batch * output.Size];
        PoolingKernels.Forward<double>(x, y, batch, input, size, stride, max);
        double[] gradient = Enumerable.Repeat(-7.0, x.Length).ToArray();
        PoolingKernels.Backward<double>(x, delta, gradient, batch, input, size, stride, max);

        var expectedGradient = new double[x.Length];
        for (int plane = 0; plane < batch * input.Channels; plane++)
        for (int oy = 0; oy < output.Height; oy++)
        for (int ox = 0; ox < output.Width; ox++)
        {
            double best = double.NegativeInfinity, sum = 0;
            int bestAt = -1;
            for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
            {
                int at = plane * input.PlaneSize + (oy * stride + i) * input.Width + ox * stride + j;
                sum += x[at];
                if (x[at] > best)
                {
                    best = x[at];
                    bestAt = at;
                }
            }

            int cell = plane * output.PlaneSize + oy * output.Width + ox;
            Assert.Equal(max ? best : sum / (size * size), y[cell], 12);
            if (max)
            {
                expectedGradient[bestAt] += delta[cell];
                continue;
            }

            for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++) expectedGradient[plane * input.PlaneSize + (oy * stride + i) * input.Width + ox * stride + j] += delta[cell] / (size * size);
        }

        for (int k = 0; k < x.Length; k++) Assert.Equal(expectedGradient[k], gradient[k], 12);
    }

    [Fact]
    public void TiedMaximaSendTheGradientToTheFirstAndANaNWins()
    {
        var input = new ImageShape(1, 2, 2);
        double[] tied = [1, 3, 3, 2];
        var gradient = new double[4];
        PoolingKernels.Backward<double>(tied, [5.0], gradient, 1, input, 2, 2, max: true);
        Assert.Equal([0, 5, 0, 0], gradient);
        var y = new double[1];
        PoolingKernels.Forward<double>([1, double.NaN, 4, 2], y, 1, input, 2, 2, max: true);
        Assert.True(double.IsNaN(y[0]));
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(28, 3)]
    [InlineData(10, 2)]
    public void FloatTwoByTwoMaxPoolingEqualsTheDoubleRuleAndANaNWins(int width, int batch)
    {
        // Float rows of 8 or more even columns take the SIMD row kernel.
        var input = new ImageShape(3, 6, width);
        double[] x = GemmReference.Random<double>(batch * input.Size, 31);
        x[5] = double.NaN;
        float[] xf = x.Select(v => (float)v).ToArray();
        ImageShape output = PoolingKernels.Output(input, 2, 2);
        var y = new double[batch * output.Size];
        var yf = new float[y.Length];
        PoolingKernels.Forward<double>(x, y, batch, input, 2, 2, true);
        PoolingKernels.Forward<float>(xf, yf, batch, input, 2, 2, true);
        Assert.True(float.IsNaN(yf[2]) && double.IsNaN(y[2]), "A NaN in a window wins.");
        for (int i = 0; i < y.Length; i++)
        {
            if (double.IsNaN(y[i])) Assert.True(float.IsNaN(yf[i]), $"y[{i}]: NaN against {yf[i]}");
            else Assert.Equal((float)y[i], yf[i]);
        }
    }

    [Theory]
    [InlineData(8, 6)]
    [InlineData(10, 5)]
    [InlineData(14, 7)]
    [InlineData(28, 28)]
    [InlineData(6, 4)]
    [InlineData(7, 5)]
    [InlineData(4, 3)]
    public void OneSampleTwoByTwoMaxBackwardRoutesToTheFirstLargestAmongTiesAndNaNs(int width, int height)
    {
        // Entries from {0, 1, 2} tie often, and a few NaNs: the argmax rule of Largest2 (a later entry wins when larger or
        // NaN) decides every window. Rows of a vector or more of even width take the SIMD rows (float from 8 columns,
        // double from 4, overlapping the last vector when the width is not a multiple); the others the scalar windows.
        var input = new ImageShape(3, height, width);
        ImageShape output = PoolingKernels.Output(input, 2, 2);
        var random = new Random(width * 100 + height);
        double[] x = Enumerable.Range(0, input.Size).Select(_ => random.Next(7) == 0 ? double.NaN : random.Next(3)).ToArray();
        double[] delta = GemmReference.Random<double>(output.Size, 23);
        double[] expected = ReferenceMaxBackward(x, delta, input, output);

        double[] gradient = Enumerable.Repeat(-7.0, x.Length).ToArray();
        PoolingKernels.BackwardSample<double>(x, delta, gradient, input, 2, 2, max: true);
        Assert.Equal(expected, gradient);

        float[] gradientF = Enumerable.Repeat(-7f, x.Length).ToArray();
        PoolingKernels.BackwardSample<float>(x.Select(v => (float)v).ToArray(), delta.Select(v => (float)v).ToArray(), gradientF, input, 2, 2, max: true);
        Assert.Equal(expected.Select(v => (float)v).ToArray(), gradientF);

        // The batched kernel takes the same rows.
        double[] batched = Enumerable.Repeat(-7.0, x.Length).ToArray();
        PoolingKernels.Backward<double>(x, delta, batched, 1, input, 2, 2, max: true);
        Assert.Equal(expected, batched);
    }

    [Fact]
    public void OneSampleBackwardEqualsTheBatchedOneForOtherWindowsAndMeans()
    {
        var input = new ImageShape(2, 9, 9);
        double[] x = GemmReference.Random<double>(input.Size, 24);
        foreach ((int size, int stride, bool max) in new[] { (3, 2, true), (2, 1, true), (2, 2, false), (3, 3, false) })
        {
            ImageShape output = PoolingKernels.Output(input, size, stride);
            double[] delta = GemmReference.Random<double>(output.Size, 25);
            var one = new double[x.Length];
            var batched = new double[x.Length];
            PoolingKernels.BackwardSample<double>(x, delta, one, input, size, stride, max);
            PoolingKernels.Backward<double>(x, delta, batched, 1, input, size, stride, max);
            Assert.Equal(batched, one);
        }
    }

    [Fact]
    public void OneSampleBackwardNamesTheWrongLength()
    {
        var input = new ImageShape(1, 4, 4);
        var error = Assert.Throws<ArgumentException>(() => PoolingKernels.BackwardSample<double>(new double[16], new double[4], new double[15], input, 2, 2, max: true));
        Assert.Contains("16", error.Message);
        Assert.Contains("15", error.Message);
    }

    /// <summary>Each window's delta to its first entry, in row-major order, that is larger than every earlier one or NaN.</summary>
    private static double[] ReferenceMaxBackward(double[] x, double[] delta, ImageShape input, ImageShape output)
    {
        var gradient = new double[x.Length];
        for (int c = 0; c < input.Channels; c++)
        for (int oy = 0; oy < output.Height; oy++)
        for (int ox = 0; ox < output.Width; ox++)
        {
            int corner = c * input.PlaneSize + 2 * oy * input.Width + 2 * ox;
            int[] window = [corner, corner + 1, corner + input.Width, corner + input.Width + 1];
            int best = window[0];
            foreach (int at in window.Skip(1))
            {
                if (x[at] > x[best] || double.IsNaN(x[at])) best = at;
            }

            gradient[best] += delta[c * output.PlaneSize + oy * output.Width + ox];
        }

        return gradient;
    }
}
