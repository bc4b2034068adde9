using DslNets.Kernels;

namespace DslNets.Runtime.Tests.Kernels;

/// <summary>
/// The im2col convolution against a naive convolution written from PyTorch's definition (loops over every output and
/// window position, zero padding): forward, the weight, bias and input gradients, batches larger than one im2col group,
/// and the large products on the second core.
/// </summary>
public class ConvolutionKernelsTests
{
    public static TheoryData<int, int, int, int, int, int, int, int> Shapes() => new()
    {
        // channels, height, width, filters, kernel height, kernel width, stride, padding
        { 1, 7, 7, 3, 3, 3, 1, 0 },
        { 2, 6, 9, 4, 3, 2, 1, 1 },
        { 3, 8, 7, 2, 3, 3, 2, 1 },
        { 2, 5, 5, 3, 5, 5, 1, 2 },
        { 1, 1, 3, 2, 5, 1, 3, 2 },
        // LeNet-5's layers (direct: filters not a multiple of 4, window terms not of 3), and many channels and filters.
        { 1, 28, 28, 6, 5, 5, 1, 2 },
        { 6, 14, 14, 16, 5, 5, 1, 0 },
        { 9, 11, 10, 13, 3, 3, 1, 1 },
        { 1, 3, 3, 1, 1, 1, 1, 0 },
        // Double lanes are 4: 12 and 10 filters are three vectors (the weight gradient across filters, a last single vector).
        { 2, 9, 8, 12, 3, 3, 1, 1 },
        { 3, 7, 7, 10, 2, 3, 1, 0 },
    };

    public static TheoryData<int, int, int, int, int, int, int> SingleShapes() => new()
    {
        // channels, height, width, filters, kernel height, kernel width, padding. Float lanes are 8: LeNet-5's conv2 (two
        // vectors of filters), three vectors, PBB's first layer (four), and few filters (across the positions).
        { 6, 14, 14, 16, 5, 5, 0 },
        { 4, 8, 8, 24, 3, 3, 1 },
        { 1, 28, 28, 32, 3, 3, 0 },
        { 1, 28, 28, 6, 5, 5, 2 },
        { 3, 9, 11, 17, 2, 4, 1 },
    };

    [Theory]
    [MemberData(nameof(SingleShapes))]
    public void OneFloatSampleBackwardEqualsTheNaiveConvolution(int channels, int height, int width, int filters, int kh, int kw, int padding)
    {
        var shape = new ConvolutionShape(new ImageShape(channels, height, width), filters, kh, kw, 1, padding);
        float[] x = GemmReference.Random<float>(shape.Input.Size, 12);
        float[] w = GemmReference.Random<float>(filters * shape.WindowSize, 13);
        float[] delta = GemmReference.Random<float>(shape.Output.Size, 14);
        var expectedWeights = new double[w.Length];
        var expectedBias = new double[filters];
        var expectedInput = new double[x.Length];
        NaiveBackward(shape, x.Select(v => (double)v).ToArray(), w.Select(v => (double)v).ToArray(), delta.Select(v => (double)v).ToArray(), 1,
            expectedWeights, expectedBias, expectedInput);

        float[] weightGradient = Enumerable.Repeat(0.5f, w.Length).ToArray();
        var biasGradient = new float[filters];
        float[] inputGradient = Enumerable.Repeat(12345f, x.Length).ToArray();
        ConvolutionKernels.BackwardSample<float>(delta, x, w, weightGradient, biasGradient, inputGradient, shape);
        AssertCloseSingle("weight gradient (added to)", expectedWeights.Select(v => v + 0.5).ToArray(), weightGradient);
        AssertCloseSingle("bias gradient", expectedBias, biasGradient);
        AssertCloseSingle("input gradient", expectedInput, inputGradient);

        var weightsAlone = new float[w.Length];
        ConvolutionKernels.BackwardSample<float>(delta, x, w, weightsAlone, Span<float>.Empty, Span<float>.Empty, shape);
        AssertCloseSingle("weight gradient without the others", expectedWeights, weightsAlone);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardAndBackwardEqualTheNaiveConvolution(int channels, int height, int width, int filters, int kh, int kw, int stride, int padding)
    {
        var shape = new ConvolutionShape(new ImageShape(channels, height, width), filters, kh, kw, stride, padding);
        const int batch = 3;
        double[] x = GemmReference.Random<double>(batch * shape.Input.Size, 1);
        double[] w = GemmReference.Random<double>(filters * shape.WindowSize, 2);
        double[] bias = GemmReference.Random<double>(filters, 3);
        double[] delta = GemmReference.Random<double>(batch * shape.Output.Size, 4);

        var y = new double[batch * shape.Output.Size];
        Array.Fill(y, double.NaN);
        ConvolutionKernels.Forward<double>(x, w, bias, y, batch, shape);
        double[] expected = NaiveForward(shape, x, w, bias, batch);
        AssertClose("forward", expected, y);

        double[] weightGradient = GemmReference.Random<double>(w.Length, 5);
        double[] biasGradient = GemmReference.Random<double>(filters, 6);
        double[] expectedWeights = (double[])weightGradient.Clone(), expectedBias = (double[])biasGradient.Clone();
        var expectedInput = new double[x.Length];
        NaiveBackward(shape, x, w, delta, batch, expectedWeights, expectedBias, expectedInput);
        double[] inputGradient = Enumerable.Repeat(12345.0, x.Length).ToArray();
        ConvolutionKernels.Backward<double>(delta, x, w, weightGradient, biasGradient, inputGradient, batch, shape);
        AssertClose("weight gradient (added to)", expectedWeights, weightGradient);
        AssertClose("bias gradient (added to)", expectedBias, biasGradient);
        AssertClose("input gradient (overwritten)", expectedInput, inputGradient);

        // One sample through the per-sample entry points (direct for stride 1) against the naive sample.
        double[] oneExpected = NaiveForward(shape, x.AsSpan(0, shape.Input.Size).ToArray(), w, bias, 1);
        var one = new double[shape.Output.Size];
        Array.Fill(one, double.NaN);
        ConvolutionKernels.ForwardSample<double>(x.AsSpan(0, shape.Input.Size), w, bias, one, shape);
        AssertClose("forward of one sample", oneExpected, one);
        var oneWeights = new double[w.Length];
        var oneBias = new double[filters];
        var expectedOneWeights = new double[w.Length];
        var expectedOneBias = new double[filters];
        var expectedOneInput = new double[shape.Input.Size];
        NaiveBackward(shape, x.AsSpan(0, shape.Input.Size).ToArray(), w, delta.AsSpan(0, shape.Output.Size).ToArray(), 1, expectedOneWeights, expectedOneBias, expectedOneInput);
        double[] oneInput = Enumerable.Repeat(12345.0, shape.Input.Size).ToArray();
        ConvolutionKernels.BackwardSample<double>(delta.AsSpan(0, shape.Output.Size), x.AsSpan(0, shape.Input.Size), w, oneWeights, oneBias, oneInput, shape);
        AssertClose("weight gradient of one sample", expectedOneWeights, oneWeights);
        AssertClose("bias gradient of one sample", expectedOneBias, oneBias);
        AssertClose("input gradient of one sample", expectedOneInput, oneInput);
        var noInput = new double[w.Length];
        ConvolutionKernels.BackwardSample<double>(delta.AsSpan(0, shape.Output.Size), x.AsSpan(0, shape.Input.Size), w, noInput, Span<double>.Empty, Span<double>.Empty, shape);
        AssertClose("weight gradient of one sample without the others", expectedOneWeights, noInput);
    }

    [Fact]
    public void BatchesLargerThanOneGroupEqualTheSampleBySampleCalls()
    {
        // 2·(3·5·5)+8 rows of 28·28 columns per sample: a few hundred samples per scratch group, so 700 take several.
        var shape = new ConvolutionShape(new ImageShape(3, 28, 28), 8, 5, 5, 1, 2);
        const int batch = 700;
        float[] x = GemmReference.Random<float>(batch * shape.Input.Size, 7);
        float[] w = GemmReference.Random<float>(8 * shape.WindowSize, 8);
        float[] delta = GemmReference.Random<float>(batch * shape.Output.Size, 9);
        var y = new float[batch * shape.Output.Size];
        ConvolutionKernels.Forward<float>(x, w, ReadOnlySpan<float>.Empty, y, batch, shape);
        var weightGradient = new float[w.Length];
        var inputGradient = new float[x.Length];
        ConvolutionKernels.Backward<float>(delta, x, w, weightGradient, Span<float>.Empty, inputGradient, batch, shape);

        var one = new float[shape.Output.Size];
        var expectedWeights = new float[w.Length];
        var oneInput = new float[shape.Input.Size];
        for (int s = 0; s < batch; s += 97)
        {
            ConvolutionKernels.Forward<float>(x.AsSpan(s * shape.Input.Size, shape.Input.Size), w, ReadOnlySpan<float>.Empty, one, 1, shape);
            Assert.Equal(one, y.AsSpan(s * shape.Output.Size, shape.Output.Size).ToArray());
            ConvolutionKernels.Backward<float>(delta.AsSpan(s * shape.Output.Size, shape.Output.Size), x.AsSpan(s * shape.Input.Size, shape.Input.Size), w,
                expectedWeights, Span<float>.Empty, oneInput, 1, shape);
            Assert.Equal(oneInput, inputGradient.AsSpan(s * shape.Input.Size, shape.Input.Size).ToArray());
        }

        var allWeights = new float[w.Length];
        for (int s = 0; s < batch; s++)
        {
            ConvolutionKernels.Backward<float>(delta.AsSpan(s * shape.Output.Size, shape.Output.Size), x.AsSpan(s * shape.Input.Size, shape.Input.Size), w,
                allWeights, Span<float>.Empty, Span<float>.Empty, 1, shape);
        }

        double scale = allWeights.Max(v => Math.Abs(v));
        for (int k = 0; k < w.Length; k++) Assert.True(Math.Abs(allWeights[k] - weightGradient[k]) <= 1e-4 * scale, $"dW[{k}]: {weightGradient[k]} against {allWeights[k]}");
    }

    [Fact]
    public void LargeBatchesRunTheirProductsOnBothCores()
    {
        var shape = new ConvolutionShape(new ImageShape(8, 16, 16), 16, 3, 3, 1, 1);
        const int batch = 32;
        float[] x = GemmReference.Random<float>(batch * shape.Input.Size, 10);
        float[] w = GemmReference.Random<float>(16 * shape.WindowSize, 11);
        var y = new float[batch * shape.Output.Size];
        var expected = new float[y.Length];
        GemmThreading.Mode = GemmThreadingMode.SingleThread;
        try
        {
            ConvolutionKernels.Forward<float>(x, w, ReadOnlySpan<float>.Empty, expected, batch, shape);
        }
        finally
        {
            GemmThreading.Mode = GemmThreadingMode.Auto;
        }

        // Waiting for the worker to take a chunk makes its share certain, whatever the scheduler does.
        long chunksBefore = GemmThreading.WorkerChunks;
        GemmThreading.Mode = GemmThreadingMode.RequireWorkerChunk;
        try
        {
            ConvolutionKernels.Forward<float>(x, w, ReadOnlySpan<float>.Empty, y, batch, shape);
        }
        finally
        {
            GemmThreading.Mode = GemmThreadingMode.Auto;
        }

        Assert.True(GemmThreading.WorkerChunks > chunksBefore, "The second core computed no part of the convolution's product.");
        Assert.Equal(expected, y);
    }

    [Fact]
    public void ShapesOutsideTheirRangeAreRefused()
    {
        var image = new ImageShape(1, 4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionShape(image, 1, 5, 5, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionShape(image, 0, 3, 3, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionShape(image, 1, 3, 3, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionShape(image, 1, 3, 3, 1, -1));
        Assert.Equal(new ImageShape(2, 2, 2), new ConvolutionShape(image, 2, 3, 3, 2, 1).Output);
        Assert.Equal(new ImageShape(2, 1, 1), new ConvolutionShape(image, 2, 5, 5, 2, 1).Output);
        var shape = new ConvolutionShape(image, 2, 3, 3, 1, 0);
        Assert.Throws<ArgumentException>(() => ConvolutionKernels.Forward<double>(new double[15], new double[18], ReadOnlySpan<double>.Empty, new double[8], 1, shape));
    }

    private static double[] NaiveForward(ConvolutionShape shape, double[] x, double[] w, double[] bias, int batch)
    {
        ImageShape i = shape.Input, o = shape.Output;
        var y = new double[batch * o.Size];
        for (int s = 0; s < batch; s++)
        for (int f = 0; f < o.Channels; f++)
        for (int oy = 0; oy < o.Height; oy++)
        for (int ox = 0; ox < o.Width; ox++)
        {
            double sum = bias[f];
            for (int c = 0; c < i.Channels; c++)
            for (int ky = 0; ky < shape.KernelHeight; ky++)
            for (int kx = 0; kx < shape.KernelWidth; kx++)
            {
                int iy = oy * shape.Stride + ky - shape.Padding, ix = ox * shape.Stride + kx - shape.Padding;
                if (iy < 0 || iy >= i.Height || ix < 0 || ix >= i.Width) continue;
                sum += w[((f * i.Channels + c) * shape.KernelHeight + ky) * shape.KernelWidth + kx] * x[s * i.Size + (c * i.Height + iy) * i.Width + ix];
            }

            y[s * o.Size + (f * o.Height + oy) * o.Width + ox] = sum;
        }

        return y;
    }

    private static void NaiveBackward(ConvolutionShape shape, double[] x, double[] w, double[] delta, int batch, double[] dw, double[] db, double[] dx)
    {
        ImageShape i = shape.Input, o = shape.Output;
        for (int s = 0; s < batch; s++)
        for (int f = 0; f < o.Channels; f++)
        for (int oy = 0; oy < o.Height; oy++)
        for (int ox = 0; ox < o.Width; ox++)
        {
            double g = delta[s * o.Size + (f * o.Height + oy) * o.Width + ox];
            db[f] += g;
            for (int c = 0; c < i.Channels; c++)
            for (int ky = 0; ky < shape.KernelHeight; ky++)
            for (int kx = 0; kx < shape.KernelWidth; kx++)
            {
                int iy = oy * shape.Stride + ky - shape.Padding, ix = ox * shape.Stride + kx - shape.Padding;
                if (iy < 0 || iy >= i.Height || ix < 0 || ix >= i.Width) continue;
                int k = ((f * i.Channels + c) * shape.KernelHeight + ky) * shape.KernelWidth + kx;
                int at = s * i.Size + (c * i.Height + iy) * i.Width + ix;
                dw[k] += g * x[at];
                dx[at] += w[k] * g;
            }
        }
    }

    private static void AssertCloseSingle(string what, double[] expected, float[] actual)
    {
        double scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-5 * scale, $"{what}[{k}]: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }

    private static void AssertClose(string what, double[] expected, double[] actual)
    {
        double scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-12 * scale, $"{what}[{k}]: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }
}
