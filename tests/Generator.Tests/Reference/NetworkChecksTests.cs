using Xunit.Sdk;

namespace DslNets.Generator.Tests.Reference;

/// <summary>The checks on a hand-written network: they pass on the correct one and catch each planted mistake.</summary>
public sealed class NetworkChecksTests
{
    [Fact]
    public void HandWrittenForwardAndLossByHand()
    {
        var net = HandWrittenNet<double>.Create(1, []);
        // W1 = [[1, -1], [0.5, 2], [-1, 0]], b1 = (0.1, -0.2, 0.3), W2 = (2, -1, 0.5), b2 = 0.25.
        double[] parameters = [1, -1, 0.5, 2, -1, 0, 0.1, -0.2, 0.3, 2, -1, 0.5, 0.25];
        parameters.CopyTo(net.Parameters, 0);
        // x = (1, 2): z = (-0.9, 4.3, -0.7), h = (-0.09, 4.3, -0.07), y = -0.18 - 4.3 - 0.035 + 0.25 = -4.265.
        var output = new double[1];
        net.Forward([1, 2], output);
        Assert.Equal(-4.265, output[0], 1e-14);
        Assert.Equal(0.5 * 5.265 * 5.265, net.ComputeLoss([1, 2], [1]), 1e-13);
        Assert.Equal(-4.265, ReferenceNetwork.Of(net).Forward([1, 2])[0], 1e-14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ACorrectNetworkPassesEveryCheck(int seed) => NetworkChecks.AssertAll(HandWrittenNet<double>.Create(seed, []), 10 * seed);

    [Fact]
    public void AFloatNetworkPassesTheFloatChecks()
    {
        var net = HandWrittenNet<float>.Create(5, []);
        NetworkChecks.AssertSingleForwardMatchesReference(net, 6);
        NetworkChecks.AssertSingleGradientMatchesReference(net, 7);
    }

    [Fact]
    public void TheFloatChecksCatchAWrongGradient()
    {
        var net = HandWrittenNet<float>.Create(5, []);
        net.Bug = HandWrittenBug.HiddenWeightGradientOff;
        Assert.ThrowsAny<XunitException>(() => NetworkChecks.AssertSingleGradientMatchesReference(net, 7));
        net.Bug = HandWrittenBug.ForwardDropsOutputBias;
        net.Parameters[12] = 0.5f;
        Assert.ThrowsAny<XunitException>(() => NetworkChecks.AssertSingleForwardMatchesReference(net, 6));
    }

    [Theory]
    [InlineData(HandWrittenBug.ForwardDropsOutputBias, "Forward")]
    [InlineData(HandWrittenBug.ForwardBatchRepeatsFirst, "ForwardBatch")]
    [InlineData(HandWrittenBug.HiddenWeightGradientOff, "FiniteDifferences")]
    [InlineData(HandWrittenBug.LeakySlopeIgnoredInBackward, "FiniteDifferences")]
    [InlineData(HandWrittenBug.HiddenWeightGradientOff, "Reference")]
    [InlineData(HandWrittenBug.LeakySlopeIgnoredInBackward, "Reference")]
    [InlineData(HandWrittenBug.GradientOverwrites, "AccumulatesAndScales")]
    [InlineData(HandWrittenBug.GradientIgnoresScale, "AccumulatesAndScales")]
    [InlineData(HandWrittenBug.InputGradientAccumulates, "AccumulatesAndScales")]
    [InlineData(HandWrittenBug.BatchSkipsLastSample, "Batch")]
    [InlineData(HandWrittenBug.InputGradientAccumulates, "BatchInput")]
    [InlineData(HandWrittenBug.LeakySlopeIgnoredInBackward, "BatchInputFiniteDifferences")]
    public void EachMistakeIsCaught(HandWrittenBug bug, string check)
    {
        var net = HandWrittenNet<double>.Create(2, []);
        net.Parameters[12] = 0.75; // a non-zero output bias, so leaving it out shows
        net.Bug = bug;
        Action run = check switch
        {
            "Forward" or "ForwardBatch" => () => NetworkChecks.AssertForwardMatchesReference(net, 3),
            "FiniteDifferences" => () => NetworkChecks.AssertGradientMatchesFiniteDifferences(net, 3),
            "Reference" => () => NetworkChecks.AssertGradientMatchesReference(net, 3, samples: 8),
            "AccumulatesAndScales" => () => NetworkChecks.AssertGradientAccumulatesAndScales(net, 3),
            "Batch" => () => NetworkChecks.AssertGradientBatchIsSumOfSamples(net, 3),
            "BatchInput" => () => NetworkChecks.AssertGradientBatchInputGradientMatchesSamples(net, 3),
            "BatchInputFiniteDifferences" => () => NetworkChecks.AssertGradientBatchInputGradientMatchesFiniteDifferences(net, 3, batch: 8),
            _ => throw new ArgumentOutOfRangeException(nameof(check), check, "Expected a check name."),
        };

        var failure = Assert.ThrowsAny<XunitException>(run);
        Assert.Contains("HandWrittenNet", failure.Message);
        if (check == "ForwardBatch") Assert.Contains("ForwardBatch", failure.Message);
    }

    [Fact]
    public void SamplesFitTheLoss()
    {
        var random = new SeededRandom(9);
        for (int i = 0; i < 50; i++)
        {
            double[] softmax = NetworkChecks.RandomTarget(Loss.SoftmaxCrossEntropy, 4, random);
            Assert.Equal(1.0, softmax.Sum(), 1e-12);
            Assert.All(softmax, p => Assert.InRange(p, 0.0, 1.0));
            Assert.Contains(NetworkChecks.RandomTarget(Loss.Hinge, 1, random)[0], new[] { -1.0, 1.0 });
            Assert.InRange(NetworkChecks.RandomTarget(Loss.Logistic, 1, random)[0], 0.0, 1.0);
        }

        Assert.Equal(NetworkChecks.RandomTarget(Loss.SquaredError, 3, new SeededRandom(4)), NetworkChecks.RandomTarget(Loss.SquaredError, 3, new SeededRandom(4)));
    }

    [Fact]
    public void SamplesAwayFromKinksAreAwayFromKinks()
    {
        var net = HandWrittenNet<double>.Create(4, []);
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(11);
        for (int i = 0; i < 20; i++)
        {
            (double[] input, double[] target) = NetworkChecks.SampleAwayFromKinks(reference, random, 0.3);
            Assert.True(reference.KinkDistance(input, target) >= 0.3);
        }

        var error = Assert.Throws<InvalidOperationException>(() => NetworkChecks.SampleAwayFromKinks(reference, random, 1e6));
        Assert.Contains("1000 tries", error.Message);
    }

    [Fact]
    public void TheHandWrittenMetadataIsConsistent()
    {
        MetadataChecks.AssertConsistent<HandWrittenNet<double>, double>([], 3);
        MetadataChecks.AssertConsistent<HandWrittenNet<float>, float>([], 3);
    }
}
