using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Diagnostics;

/// <summary>The assertion of one <see cref="DiagnosticCase"/> on a generator run.</summary>
public static class DiagnosticChecks
{
    /// <summary>
    /// Fails unless the run reported exactly one DslNets diagnostic, an error with the case's ID and exact message,
    /// located in the user's source on exactly the case's attribute text, and generated nothing for the case's class but the
    /// stand-in whose layer properties throw.
    /// </summary>
    public static void AssertExactlyThisDiagnostic(GeneratorRun run, DiagnosticCase expected, string what)
    {
        string details = $"{what}\n{run.Describe()}";
        Assert.True(run.Exception is null, $"The generator threw.\n{details}");

        Diagnostic[] dsl = run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("DSL", StringComparison.Ordinal)).ToArray();
        Assert.True(dsl.Length == 1, $"Expected exactly one DslNets diagnostic ({expected.Id}) but got {dsl.Length}.\n{details}");
        Diagnostic diagnostic = dsl[0];
        Assert.Equal(expected.Id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expected.Message, GeneratorHarness.Message(diagnostic));
        Assert.True(run.UserTree(diagnostic.Location) is not null, $"Not located in the user's source.\n{details}");
        Assert.Equal(expected.Location, run.LocationText(diagnostic));

        IReadOnlyList<string> realCode = Robustness.StandIns.RealCodeFor(run, expected.Network);
        Assert.True(realCode.Count == 0, $"Code beyond the throwing stand-in was generated for '{expected.Network}' despite {expected.Id}: {string.Join("; ", realCode)}\n{details}");
    }
}
