namespace DslNets.Runtime.Tests.Core;

/// <summary>A network declared in this test project: the generator runs here as an analyzer.</summary>
[Network(Inputs = 6, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class ProbeNet
{
    [Dense(5, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(3)] public partial DenseLayer<double> Logits { get; }
}

/// <summary>A wide float network, so the loop (SIMD) path is exercised too.</summary>
[Network(Inputs = 100, Loss = Loss.SquaredError)]
public partial class WideProbeNet
{
    [Dense(64, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(2)] public partial DenseLayer Out { get; }
}

public class GeneratedNetworkTests
{
    [Fact]
    public void WrongSizedSpansNameBothLengths()
    {
        var net = new ProbeNet(1);
        var error = Assert.Throws<ArgumentException>(() => net.Forward(new double[5], new double[3]));
        Assert.Contains("'input'", error.Message);
        Assert.Contains("length 6", error.Message);
        Assert.Contains("length 5", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.Gradient(new double[6], new double[3], new double[2], 1.0));
        Assert.Contains($"length {ProbeNet.ParameterCount}", error.Message);
        Assert.Contains("length 2", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.ForwardBatch(new double[13], new double[6]));
        Assert.Contains("not a multiple of 6", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.ForwardBatch(new double[12], new double[5]));
        Assert.Contains("batch of 2", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.GradientBatch(new double[12], new double[6], new double[ProbeNet.ParameterCount], new double[11], 1.0));
        Assert.Equal("inputGradient", error.ParamName);
        Assert.Contains("length 2×6 = 12", error.Message);
        Assert.Contains("got length 11", error.Message);
    }

    [Fact]
    public void LayoutConstantsAndViewsAgree()
    {
        var net = new ProbeNet(2);
        Assert.Equal(6 * 5 + 5 + 5 * 3 + 3, ProbeNet.ParameterCount);
        Assert.Equal(0, ProbeNet.HiddenWeightOffset);
        Assert.Equal(30, ProbeNet.HiddenBiasOffset);
        Assert.Equal(35, ProbeNet.LogitsWeightOffset);
        Assert.Equal(50, ProbeNet.LogitsBiasOffset);
        net.Logits.Weight(2, 4) = 7.5;
        Assert.Equal(7.5, net.Parameters[35 + 2 * 5 + 4]);
        Assert.Equal(["Hidden.weight", "Hidden.bias", "Logits.weight", "Logits.bias"], ProbeNet.Tensors.Select(t => t.Name));
        Assert.Equal([5, 6], ProbeNet.Tensors[0].Shape);
        Assert.Contains("Hidden", ProbeNet.Summary);
        Assert.Contains("53", ProbeNet.Summary);
        Assert.True(ProbeNet.IsPiecewiseLinear);
        Assert.Equal(Loss.SoftmaxCrossEntropy, ProbeNet.LossFunction);
    }

    [Fact]
    public void SameSeedSameParameters_HeScaleForReluLayers()
    {
        Assert.Equal(new WideProbeNet(3).Parameters, new WideProbeNet(3).Parameters);
        Assert.NotEqual(new WideProbeNet(3).Parameters, new WideProbeNet(4).Parameters);
        var net = new WideProbeNet(3);
        double variance = net.Hidden.Weights.ToArray().Select(v => (double)v * v).Average();
        Assert.InRange(variance / (2.0 / 100), 0.9, 1.1);
        Assert.All(net.Hidden.Bias.ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void ForwardAndGradientAllocateNothing()
    {
        var small = new ProbeNet(1);
        var wide = new WideProbeNet(1);
        double[] x = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6];
        double[] t = [0, 1, 0];
        double[] y = new double[3];
        double[] g = new double[ProbeNet.ParameterCount];
        double[] gx = new double[6];
        float[] wx = new float[100 * 4];
        float[] wt = new float[2 * 4];
        float[] wy = new float[2 * 4];
        float[] wg = new float[WideProbeNet.ParameterCount];
        float[] wgx = new float[100 * 4];
        void Work()
        {
            small.Forward(x, y);
            small.Gradient(x, t, g, 1.0);
            small.Gradient(x, t, g, gx, 0.5);
            small.ComputeLoss(x, t);
            wide.ForwardBatch(wx, wy);
            wide.GradientBatch(wx, wt, wg, 0.25f);
            small.GradientBatch(x, t, g, gx, 0.5);
            wide.GradientBatch(wx, wt, wg, wgx, 0.25f);
        }

        Work(); // JIT and statics first
        Allocations.AssertNone(Work, 100, "forward and gradient calls");
    }

    [Fact]
    public void MatrixKernelBatchPathAllocatesNothingAfterWarmUp()
    {
        var wide = new WideProbeNet(1);
        float[] inputs = new float[64 * 100];
        float[] targets = new float[64 * 2];
        float[] outputs = new float[64 * 2];
        float[] gradient = new float[WideProbeNet.ParameterCount];
        float[] inputGradient = new float[64 * 100];
        new SeededRandom(2).FillGaussian<float>(inputs);
        void Work()
        {
            wide.ForwardBatch(inputs, outputs);
            wide.GradientBatch(inputs, targets, gradient, 1f / 64);
            wide.GradientBatch(inputs, targets, gradient, inputGradient, 1f / 64);
        }

        Work(); // grows the thread's scratch and the kernel's packing buffers once
        Allocations.AssertNone(Work, 20, "matrix-kernel batch calls");
    }

    [Fact]
    public void BatchEqualsSamples()
    {
        var net = new WideProbeNet(5);
        var random = new SeededRandom(11);
        float[] inputs = new float[3 * 100];
        float[] targets = new float[3 * 2];
        random.FillGaussian<float>(inputs);
        random.FillGaussian<float>(targets);
        float[] outputs = new float[6];
        net.ForwardBatch(inputs, outputs);
        float[] batchGradient = new float[WideProbeNet.ParameterCount];
        float batchLoss = net.GradientBatch(inputs, targets, batchGradient, 1f);
        float[] sampleGradient = new float[WideProbeNet.ParameterCount];
        float sampleLoss = 0;
        for (int i = 0; i < 3; i++)
        {
            float[] one = new float[2];
            net.Forward(inputs.AsSpan(i * 100, 100), one);
            Assert.Equal(outputs.AsSpan(i * 2, 2).ToArray(), one);
            sampleLoss += net.Gradient(inputs.AsSpan(i * 100, 100), targets.AsSpan(i * 2, 2), sampleGradient, 1f);
        }

        Assert.Equal(sampleLoss, batchLoss, 4);
        Assert.Equal(sampleGradient, batchGradient);
    }
}
