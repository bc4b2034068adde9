using System.Collections.Immutable;
using DslNets.Generator.Analysis;
using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DslNets.Generator.Tests.Diagnostics;

/// <summary>
/// DSL0032, the one diagnostic reported at a call rather than at an attribute: a region enumerator called on a network
/// with max pooling. The compiler refuses the call (CS0311, no IPiecewiseLinearNetwork); the analyzer says why, naming the
/// network, the enumerator and the layer, at the call. Calls on average-pool nets, and on networks that are smooth rather
/// than max-pooled, get no DSL0032.
/// </summary>
public sealed class MaxPoolRegionsAnalyzerTests
{
    private static string Source(string pool, string activation, string call) => $$"""
        using DslNets;
        [Network(InputShape = [1, 6, 6], Precision = Precision.Double)]
        public partial class Net
        {
            [Conv2D(2, 3, Activation.{{activation}})] public partial Conv2DLayer<double> Conv { get; }
            [{{pool}}(2)] public partial PoolLayer Pool { get; }
            [Dense(1)] public partial DenseLayer<double> Out { get; }
        }

        public static class Use
        {
            public static void Run(Net net)
            {
                double[] o = new double[36], u = new double[36], v = new double[36];
                {{call}};
            }
        }
        """;

    private static ImmutableArray<Diagnostic> Analyze(string source, out GeneratorRun run)
    {
        run = GeneratorHarness.Run(source);
        return run.OutputCompilation.WithAnalyzers([new MaxPoolRegionsAnalyzer()]).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData("DslNets.Geometry.SegmentRegions.Compute(net, o, u)", "SegmentRegions.Compute")]
    [InlineData("DslNets.Geometry.InputSpaceRegions.Enumerate(net)", "InputSpaceRegions.Enumerate")]
    [InlineData("DslNets.Geometry.SliceRegions.Compute<Net>(net, o, u, v, new DslNets.Geometry.SliceWindow(-1, 1, -1, 1))", "SliceRegions.Compute")]
    public void ACallOnAMaxPoolNetSaysWhyAtTheCall(string call, string enumerator)
    {
        ImmutableArray<Diagnostic> diagnostics = Analyze(Source("MaxPool", "ReLU", call), out GeneratorRun run);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("DSL0032", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal($"Network 'Net' cannot go to {enumerator}: its max-pool layer 'Pool' takes a maximum that the activation pattern does not hold, " +
                     "so the network has no geometry hooks; use [AvgPool] to keep it piecewise linear in the enumerators' sense", GeneratorHarness.Message(diagnostic));
        Assert.Equal(call, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains(run.CompilationDiagnostics, d => d.Id == "CS0311");
    }

    [Theory]
    [InlineData("AvgPool", "ReLU")]
    [InlineData("AvgPool", "Tanh")]
    public void CallsOnOtherNetworksGetNoDsl0032(string pool, string activation)
    {
        Assert.Empty(Analyze(Source(pool, activation, "DslNets.Geometry.SegmentRegions.Compute(net, o, u)"), out _));
    }
}
