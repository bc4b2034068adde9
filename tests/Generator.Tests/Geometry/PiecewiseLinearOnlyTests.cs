using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Geometry;

/// <summary>
/// The region enumerators take only piecewise-linear networks: for a network with Sigmoid or Tanh the generator emits no
/// <c>IPiecewiseLinearNetwork</c>, so the call is a compile error (CS0311, no implicit reference conversion to the
/// constraint) at the call, not an exception at run time. The same calls on a ReLU network compile clean.
/// </summary>
public sealed class PiecewiseLinearOnlyTests
{
    private const string Calls = """
        public static class Use
        {
            public static void Run(Net net)
            {
                double[] o = new double[2], u = { 1, 0 }, v = { 0, 1 };
                DslNets.Geometry.SegmentRegions.Compute(net, o, u);
                DslNets.Geometry.SliceRegions.Compute(net, o, u, v, new DslNets.Geometry.SliceWindow(-1, 1, -1, 1));
                DslNets.Geometry.InputSpaceRegions.Enumerate(net);
            }
        }
        """;

    private static string Source(string activation) => $$"""
        using DslNets;
        [Network(Inputs = 2, Loss = Loss.SquaredError, Precision = Precision.Double)]
        public partial class Net
        {
            [Dense(4, Activation.{{activation}})] public partial DenseLayer<double> Hidden { get; }
            [Dense(1)] public partial DenseLayer<double> Readout { get; }
        }
        """ + Calls;

    [Theory]
    [InlineData("ReLU")]
    [InlineData("LeakyReLU")]
    [InlineData("Identity")]
    public void Piecewise_linear_networks_reach_every_enumerator(string activation)
    {
        var run = GeneratorHarness.Run(Source(activation));
        Assert.DoesNotContain(run.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    public void Smooth_networks_are_refused_at_compile_time_at_each_call(string activation)
    {
        var run = GeneratorHarness.Run(Source(activation));
        Assert.Empty(run.GeneratorDiagnostics);
        var errors = run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal("CS0311", e.Id);
            Assert.Contains("IPiecewiseLinearNetwork", GeneratorHarness.Message(e));
            Assert.False(run.IsGenerated(e.Location.SourceTree));
        });
    }
}
