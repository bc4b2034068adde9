using DslNets.Generator.Tests.Infrastructure;

namespace DslNets.Generator.Tests.Diagnostics;

/// <summary>
/// Every diagnostic of the table: the source of each case gives exactly that one DslNets diagnostic, with the exact
/// message, located on the attribute (the [Network] attribute for class-level ones), and no code for the class.
/// </summary>
public sealed class DiagnosticTests
{
    public static TheoryData<string> Cases() => DiagnosticCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheDiagnosticHasItsIdMessageAndLocation(string name) =>
        DiagnosticChecks.AssertExactlyThisDiagnostic(GeneratorHarness.Run(DiagnosticCases.All[name].Source), DiagnosticCases.All[name], $"case {name}");
}
