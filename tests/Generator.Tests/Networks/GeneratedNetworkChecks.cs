using DslNets.Generator.Tests.Reference;

namespace DslNets.Generator.Tests.Networks;

/// <summary>
/// Checks of particular generated paths beyond the per-network reference checks of SnapshotNetworkRuntimeTests:
/// the matrix-kernel batch path, field-declared layers, tied views.
/// </summary>
public sealed class GeneratedNetworkChecks
{
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
