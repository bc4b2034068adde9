using DslNets.Generator.Tests.Reference;

namespace DslNets.Generator.Tests.Networks;

/// <summary>
/// The snapshot networks, compiled into this test assembly by the generator, checked against the naive reference:
/// Forward to 1e-12, gradients against the reference and against central finite differences.
/// </summary>
public sealed class GeneratedNetworkChecks
{
    private static double[] Gaussian(int n, int seed)
    {
        double[] values = new double[n];
        new SeededRandom(seed).FillGaussian<double>(values);
        return values;
    }

    [Fact] public void TinyRegressor_Unrolled() => NetworkChecks.AssertAll(new TinyRegressor(1), 10);

    [Fact] public void SparseAutoencoder_TiedLoop() => NetworkChecks.AssertAll(new SparseAutoencoder(2), 20);

    [Fact] public void TiedLeaky_TiedUnrolledAbsoluteError() => NetworkChecks.AssertAll(new TiedLeaky(3), 30);

    [Fact] public void NeuroTronNet_SharedFilterMatrices() => NetworkChecks.AssertAll(new NeuroTronNet(4, Gaussian(NeuroTronNet.ConstantCount, 41)), 40);

    [Fact] public void ConvotronNet_SharedFilterPatchesHinge() => NetworkChecks.AssertAll(new ConvotronNet(5), 50);

    [Fact] public void SmoothClassifier_SigmoidTanhLogistic() => NetworkChecks.AssertAll(new SmoothClassifier(6), 60);

    [Fact] public void WideSoftmax_LoopsSoftmax() => NetworkChecks.AssertAll(new WideSoftmax(7), 70);

    [Fact]
    public void MnistMlp_SinglePrecision()
    {
        var net = new MnistMlp(8);
        NetworkChecks.AssertSingleForwardMatchesReference(net, 80);
        NetworkChecks.AssertSingleGradientMatchesReference(net, 81);
    }

    [Fact]
    public void TinyRegressorSingle_SinglePrecision()
    {
        var net = new TinyRegressorSingle(9);
        NetworkChecks.AssertSingleForwardMatchesReference(net, 90);
        NetworkChecks.AssertSingleGradientMatchesReference(net, 91);
    }

    [Fact]
    public void MatrixKernelBatchPathsEqualTheSampleSums()
    {
        // Batches of 16 or more run on the packed matrix kernel; they must still equal the per-sample kernels.
        NetworkChecks.AssertGradientBatchIsSumOfSamples(new WideSoftmax(11), 111, batch: 37);
        NetworkChecks.AssertGradientBatchIsSumOfSamples(new SparseAutoencoder(12), 112, batch: 20);
        NetworkChecks.AssertForwardMatchesReference(new WideSoftmax(13), 113, samples: 33);
        NetworkChecks.AssertForwardMatchesReference(new SparseAutoencoder(14), 114, samples: 19);
        NetworkChecks.AssertSingleForwardMatchesReference(new MnistMlp(15), 115, samples: 24);
    }

    [Fact]
    public void FieldLayersAreAssignedByTheConstructor()
    {
        var net = new ConvotronNet(5);
        Assert.NotNull(net.Patches);
        Assert.Equal(3, net.Patches.Filter.Length);
        Assert.Equal(ConvotronNet.PatchesWeightOffset, net.Patches.Info.WeightOffset);
        Assert.True(net.Score.Bias.Length == 1);
    }

    [Fact]
    public void TiedLayerViewsShareTheEncodersWeights()
    {
        var net = new SparseAutoencoder(2);
        Assert.True(net.Decoder.IsTied);
        Assert.True(net.Encoder.Weights.Overlaps(net.Decoder.Weights));
        net.Encoder.Weight(3, 7) = 1.25;
        Assert.Equal(1.25, net.Decoder.Weight(7, 3));
        Assert.Equal(SparseAutoencoder.ParameterCount, 20 * 40 + 40);
    }
}
