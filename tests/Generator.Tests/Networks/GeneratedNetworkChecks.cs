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
    public void MatrixKernelBatchInputGradientsEqualTheSamplesAndFiniteDifferences()
    {
        // Batches of 16 or more: the first layer's backward product writes the caller's input gradient.
        NetworkChecks.AssertGradientBatchInputGradientMatchesSamples(new WideSoftmax(21), 121, batch: 23);
        NetworkChecks.AssertGradientBatchInputGradientMatchesSamples(new SparseAutoencoder(22), 122, batch: 17);
        NetworkChecks.AssertGradientBatchInputGradientMatchesFiniteDifferences(new WideSoftmax(23), 123, batch: 16);
        NetworkChecks.AssertGradientBatchInputGradientMatchesFiniteDifferences(new SparseAutoencoder(24), 124, batch: 16);
    }

    [Fact]
    public void EveryGeneratedNetworkImplementsTheBatchInputGradientItself()
    {
        // Not the interface's per-sample default: the generated overload takes the batched path.
        foreach (string name in SnapshotTests.SnapshotNetworks.Names)
        {
            Type network = SnapshotTests.SnapshotNetworkTypes.Find(name);
            Type t = SnapshotTests.SnapshotNetworkTypes.ElementType(network);
            Type[] parameters = [typeof(ReadOnlySpan<>).MakeGenericType(t), typeof(ReadOnlySpan<>).MakeGenericType(t),
                typeof(Span<>).MakeGenericType(t), typeof(Span<>).MakeGenericType(t), t];
            Assert.True(network.GetMethod("GradientBatch", parameters)?.DeclaringType == network, $"{name} does not declare GradientBatch with an input gradient.");
        }
    }

    [Fact]
    public void FloatMatrixKernelBatchInputGradientEqualsTheSamples()
    {
        var net = new MnistMlp(25);
        const int batch = 20;
        var random = new SeededRandom(125);
        var inputs = new float[batch * MnistMlp.InputSize];
        var targets = new float[batch * MnistMlp.OutputSize];
        random.FillGaussian<float>(inputs);
        for (int s = 0; s < batch; s++) targets[s * MnistMlp.OutputSize + s % MnistMlp.OutputSize] = 1f;
        var expected = new float[batch * MnistMlp.InputSize];
        for (int s = 0; s < batch; s++)
        {
            net.Gradient(inputs.AsSpan(s * MnistMlp.InputSize, MnistMlp.InputSize), targets.AsSpan(s * MnistMlp.OutputSize, MnistMlp.OutputSize),
                new float[MnistMlp.ParameterCount], expected.AsSpan(s * MnistMlp.InputSize, MnistMlp.InputSize), 0.5f);
        }

        var actual = new float[batch * MnistMlp.InputSize];
        net.GradientBatch(inputs, targets, new float[MnistMlp.ParameterCount], actual, 0.5f);
        NetworkChecks.AssertClose("MnistMlp.GradientBatch (float) input gradient", expected.Select(g => (double)g).ToArray(),
            actual.Select(g => (double)g).ToArray(), 1e-5);
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
