using DslNets.Generator.Tests.Infrastructure;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>
/// Arrays and spans call <c>Gradient</c> without a scale (default 1), like the struct overloads, and no call is
/// ambiguous between the span and the struct overloads (the generated signatures are in the snapshots).
/// </summary>
public sealed class GradientWithoutScaleTests
{
    private const string Source = """
        using System;
        using DslNets;

        namespace Calls;

        [Network(Inputs = 3, Loss = Loss.SquaredError)]
        public partial class Tiny
        {
            [Dense(2, Activation.ReLU)] public partial DenseLayer Hidden { get; }
            [Dense(1)] public partial DenseLayer Out { get; }
        }

        public static class Use
        {
            public static float All(Tiny net)
            {
                float[] x = new float[Tiny.InputSize], t = new float[Tiny.OutputSize], g = new float[Tiny.ParameterCount], gx = new float[Tiny.InputSize];
                Tiny.Input xs = default;
                Tiny.Target ts = default;
                float loss = net.Gradient(x, t, g);                                        // arrays
                loss += net.Gradient(x, t, g, gx);                                         // arrays, with the input gradient
                loss += net.Gradient(x.AsSpan(), t.AsSpan(), g.AsSpan());                  // spans
                loss += net.Gradient((ReadOnlySpan<float>)x, t, g, gx.AsSpan(), 0.5f);     // spans with a scale
                loss += net.Gradient(in xs, in ts, g);                                     // structs, as before
                loss += net.Gradient(xs, ts, g, out Tiny.Input inputGradient);             // structs without 'in'
                return loss + inputGradient[0];
            }
        }
        """;

    [Fact]
    public void ArraySpanAndStructCallsWithoutAScaleCompileWithoutAmbiguity()
    {
        GeneratorRun run = GeneratorHarness.Run(Source);

        Assert.True(run.Exception is null, run.Describe());
        Assert.True(run.CompilationDiagnostics.IsEmpty, $"Expected no diagnostics.\n{run.Describe()}");
        Assert.Contains(run.GeneratedFiles, f => f.Text.Contains("global::System.Span<float> parameterGradient, float scale = 1)", StringComparison.Ordinal));
    }
}
