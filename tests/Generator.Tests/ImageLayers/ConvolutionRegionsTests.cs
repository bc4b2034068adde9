using DslNets.Generator.Tests.Infrastructure;
using DslNets.Generator.Tests.Networks;
using DslNets.Generator.Tests.Reference;
using DslNets.Geometry;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.ImageLayers;

/// <summary>
/// A convolution net with ReLU, LeakyReLU and identity activations and average pooling is piecewise linear, and the
/// affine calculus follows its convolution, residual, pooling, flatten and dropout layers: the local affine map equals
/// Forward and its Jacobian finite differences, the pattern is the signs of the reference's pre-activations, and every
/// piece of a segment's partition equals Forward. Max pooling's argmax is not part of the pattern, so a max-pool net has
/// no geometry hooks and a call of a region enumerator on it does not compile.
/// </summary>
public sealed class ConvolutionRegionsTests
{
    [Fact]
    public void TheLocalAffineMapIsForwardAndItsJacobian()
    {
        var net = new PiecewiseLinearCnn(1);
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(301);
        int n = PiecewiseLinearCnn.InputSize, m = PiecewiseLinearCnn.OutputSize;
        for (int s = 0; s < 3; s++)
        {
            (double[] input, _) = NetworkChecks.SampleAwayFromKinks(reference, random, 1e-4);
            var a = new double[m * n];
            var c = new double[m];
            PiecewiseLinear.LocalAffineMap(net, input, a, c);
            var output = new double[m];
            net.Forward(input, output);
            var affine = new double[m];
            for (int o = 0; o < m; o++) affine[o] = c[o] + Enumerable.Range(0, n).Sum(i => a[o * n + i] * input[i]);
            NetworkChecks.AssertClose($"A x + c against Forward, sample {s}", output, affine, 1e-12);
            for (int o = 0; o < m; o++)
            {
                int row = o;
                FiniteDifferences.Check($"row {o} of A, sample {s}", input, () =>
                {
                    var y = new double[m];
                    net.Forward(input, y);
                    return y[row];
                }, a.AsSpan(o * n, n), Enumerable.Range(0, n));
            }
        }
    }

    [Fact]
    public void ThePatternIsTheSignsOfThePreActivations()
    {
        var net = new PiecewiseLinearCnn(2);
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        Assert.Equal(2 * 36 + 2 * 36 + 4, PiecewiseLinearCnn.KinkCount);
        var random = new SeededRandom(302);
        for (int s = 0; s < 5; s++)
        {
            (double[] input, _) = NetworkChecks.Sample(reference, random);
            ActivationPattern pattern = PiecewiseLinear.PatternOf(net, input);
            ReferencePass pass = reference.Run(input);
            int neuron = 0;
            for (int l = 0; l < PiecewiseLinearCnn.Layers.Count; l++)
            {
                if (PiecewiseLinearCnn.Layers[l].Activation is not (Activation.ReLU or Activation.LeakyReLU)) continue;
                Assert.Equal((neuron, pass.PreActivations[l].Length), PiecewiseLinearCnn.KinkRanges[l]);
                foreach (double z in pass.PreActivations[l]) Assert.Equal(z > 0, pattern[neuron++]);
            }

            Assert.Equal(PiecewiseLinearCnn.KinkCount, neuron);
        }
    }

    [Fact]
    public void EveryPieceOfASegmentEqualsForward()
    {
        var net = new PiecewiseLinearCnn(3);
        var random = new SeededRandom(303);
        var from = new double[PiecewiseLinearCnn.InputSize];
        var to = new double[PiecewiseLinearCnn.InputSize];
        random.FillGaussian<double>(from);
        random.FillGaussian<double>(to);
        SegmentPartition partition = SegmentRegions.Compute(net, from, to);
        Assert.True(partition.Pieces.Count > 3, $"{partition.Pieces.Count} pieces");
        var point = new double[from.Length];
        var output = new double[PiecewiseLinearCnn.OutputSize];
        foreach (SegmentPiece piece in partition.Pieces)
        {
            foreach (double s in new[] { piece.Start, (piece.Start + piece.End) / 2, piece.End })
            {
                for (int k = 0; k < point.Length; k++) point[k] = from[k] + s * (to[k] - from[k]);
                net.Forward(point, output);
                for (int o = 0; o < output.Length; o++) Assert.Equal(output[o], piece.Evaluate(o, s), 9);
            }
        }
    }

    private const string Calls = """
        public static class Use
        {
            public static void Run(Net net)
            {
                double[] o = new double[36], u = new double[36];
                DslNets.Geometry.SegmentRegions.Compute(net, o, u);
            }
        }
        """;

    private static string Source(string pool) => $$"""
        using DslNets;
        [Network(InputShape = [1, 6, 6], Precision = Precision.Double)]
        public partial class Net
        {
            [Conv2D(2, 3, Activation.ReLU)] public partial Conv2DLayer<double> Conv { get; }
            [{{pool}}(2)] public partial PoolLayer Pool { get; }
            [Dense(1)] public partial DenseLayer<double> Out { get; }
        }
        """ + Calls;

    [Fact]
    public void AnAveragePoolNetReachesTheEnumeratorsAndAMaxPoolNetDoesNotCompile()
    {
        GeneratorRun average = GeneratorHarness.Run(Source("AvgPool"));
        Assert.DoesNotContain(average.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);

        GeneratorRun max = GeneratorHarness.Run(Source("MaxPool"));
        Assert.Empty(max.GeneratorDiagnostics);
        Diagnostic error = Assert.Single(max.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS0311", error.Id);
        Assert.Contains("IPiecewiseLinearNetwork", GeneratorHarness.Message(error));
        Assert.False(max.IsGenerated(error.Location.SourceTree));
    }
}
