using DslNets.Generator.Model;
using DslNets.Generator.ShapeChecking;

namespace DslNets.Generator.Tests.Robustness;

/// <summary>
/// When the shape checker itself fails (a bug), its internal error comes on top of the user's mistakes found before
/// the failure, never instead of them.
/// </summary>
public sealed class ShapeCheckerFailureTests
{
    [Fact]
    public void AnInternalErrorKeepsTheDiagnosticsFoundBeforeIt()
    {
        // Inputs = 0 is diagnosed before the layers are read; the null layer then makes the checker throw.
        var spec = new NetworkSpec("N", "Net", EquatableArray<string>.Empty, "class", 0, 0, 0, null,
            new EquatableArray<LayerSpec>(new LayerSpec[] { null! }), EquatableArray<DiagnosticInfo>.Empty);

        CheckedNetwork result = ShapeChecker.Check(spec);

        Assert.Null(result.Network);
        Assert.Equal(new[] { "DSL0003", "DSL0099" }, result.Diagnostics.Select(d => d.Descriptor.Id).ToArray());
    }
}
