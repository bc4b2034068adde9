using DslNets.Generator.Tests.Networks;
using DslNets.Generator.Tests.Reference;

namespace DslNets.Generator.Tests.ImageLayers;

/// <summary>
/// The summary of an image network states each layer's shapes (C×H×W), parameters and multiply-adds per sample; and
/// one instance serves many threads at once, its per-thread buffers (the stack, or the buffer past 32,768 numbers) giving
/// each thread the single-threaded results bit for bit.
/// </summary>
public sealed class SummaryAndConcurrencyTests
{
    [Fact]
    public void TheSummaryStatesShapesParametersAndMultiplyAdds()
    {
        string[] lines = LeNet5.Summary.Split('\n');
        Assert.Equal("LeNet5: a 1×28×28 input -> 10 outputs, loss SoftmaxCrossEntropy, double", lines[0]);
        Assert.Equal("conv1  Conv2D 5×5 stride=1 padding=2  1×28×28 -> 6×28×28   ReLU               156    117,600", lines[2]);
        Assert.Equal("pool2  MaxPool 2×2 stride=2           16×10×10 -> 16×5×5                        0          0", lines[5]);
        Assert.Equal("fc1    Dense                          400 -> 120           ReLU            48,120     48,000", lines[6]);
        Assert.Equal("Total                                                                      61,706    416,520", lines[^1]);
        // Parameters and multiply-adds as LayerInfo states them: 6·1·5·5 weights + 6 biases, 6·28·28 outputs × 25 products.
        Assert.Equal(117_600, LeNet5.Layers[0].MultiplyAdds);
        Assert.Equal(LeNet5.ParameterCount, LeNet5.Layers.Sum(l => l.WeightCount + l.BiasCount));
        Assert.Contains("Skip     Residual (+ Stem)              4×12×12 -> 4×12×12  ReLU", SmallResNet.Summary, StringComparison.Ordinal);
        Assert.Contains("Drop     Dropout p=0.25                 24 -> 24", SmallResNet.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreadsSharingAnInstanceGetTheSingleThreadedResults()
    {
        AssertThreadsAgree(new LeNet5(1), samples: 8, rounds: 20);
        AssertThreadsAgree(new PbbMnistCnn(2), samples: 4, rounds: 2);
    }

    private static void AssertThreadsAgree<TNet>(TNet net, int samples, int rounds) where TNet : INetwork<TNet, double>
    {
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(401);
        var inputs = new double[samples][];
        var targets = new double[samples][];
        var expected = new double[samples][];
        for (int s = 0; s < samples; s++)
        {
            (inputs[s], targets[s]) = NetworkChecks.Sample(reference, random);
            expected[s] = new double[TNet.ParameterCount + TNet.InputSize];
            net.Gradient(inputs[s], targets[s], expected[s].AsSpan(0, TNet.ParameterCount), expected[s].AsSpan(TNet.ParameterCount), 1.0);
        }

        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            var result = new double[TNet.ParameterCount + TNet.InputSize];
            for (int round = 0; round < rounds; round++)
            {
                int s = (thread + round) % samples;
                Array.Clear(result);
                net.Gradient(inputs[s], targets[s], result.AsSpan(0, TNet.ParameterCount), result.AsSpan(TNet.ParameterCount), 1.0);
                if (!result.AsSpan().SequenceEqual(expected[s])) mismatches.Add($"thread {thread}, round {round}, sample {s}");
            }
        });
        Assert.True(mismatches.IsEmpty, $"{typeof(TNet).Name}: results differ from the single thread's at {string.Join("; ", mismatches.Take(5))}");
    }
}
