using DslNets.Generator.Tests.Infrastructure;

namespace DslNets.Generator.Tests.Robustness;

/// <summary>
/// The generator never throws: on each of <see cref="BrokenDeclarations"/> it gives DslNets diagnostics, or leaves the
/// user's own compiler errors to speak, or generates code that compiles; never a crash (CS8785, AD0001) or an
/// internal error (DSL0099), and never code for a class it reported an error on.
/// </summary>
public sealed class BrokenDeclarationTests
{
    public static TheoryData<string> Cases() => BrokenDeclarations.Names();

    [Fact]
    public void ThereAreAtLeastFortyFiveCases() => Assert.True(BrokenDeclarations.All.Count >= 45, $"{BrokenDeclarations.All.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheGeneratorNeverFails(string name) =>
        RobustnessChecks.AssertNeverFails(GeneratorHarness.Run(BrokenDeclarations.All[name]), $"case {name}");

    [Fact]
    public void TheValidNetworkNextToABrokenOneIsStillGenerated()
    {
        GeneratorRun run = GeneratorHarness.Run(BrokenDeclarations.All["TwoNetworksOneBroken"]);
        Assert.True(run.GeneratedFiles.Any(file => file.Text.Contains("partial class Good", StringComparison.Ordinal)), run.Describe());
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "DSL0003");
    }
}
