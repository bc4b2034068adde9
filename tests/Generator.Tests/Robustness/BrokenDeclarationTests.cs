using DslNets.Generator.Tests.Infrastructure;

namespace DslNets.Generator.Tests.Robustness;

/// <summary>
/// The generator never throws: on each of <see cref="BrokenDeclarations"/> it gives DslNets diagnostics, or leaves the
/// user's own compiler errors to speak, or generates code that compiles; never a crash (CS8785, AD0001) or an
/// internal error (DSL0099), and never more than the throwing stand-in for a class it reported an error on. The user
/// sees exactly the diagnostic IDs of <see cref="BrokenDeclarationExpectations"/>: the DSL errors and the compiler's
/// errors in the user's own code, none in generated code, and no CS9248 that a stand-in could have prevented.
/// </summary>
public sealed class BrokenDeclarationTests
{
    public static TheoryData<string> Cases() => BrokenDeclarations.Names();

    [Fact]
    public void ThereAreAtLeastFortyFiveCases() => Assert.True(BrokenDeclarations.All.Count >= 45, $"{BrokenDeclarations.All.Count} cases");

    [Fact]
    public void EveryCaseHasItsExpectedIds() =>
        Assert.Equal(BrokenDeclarations.All.Keys.Order(), BrokenDeclarationExpectations.Ids.Keys.Order());

    /// <summary>One generator run per case serves both checks (the runs are most of this class's time).</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void TheGeneratorNeverFailsAndTheUserSeesExactlyTheExpectedIds(string name)
    {
        GeneratorRun run = GeneratorHarness.Run(BrokenDeclarations.All[name]);
        RobustnessChecks.AssertNeverFails(run, $"case {name}");

        string[] seen = run.GeneratorDiagnostics.Concat(run.CompilationDiagnostics).Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.True(BrokenDeclarationExpectations.Ids[name].SequenceEqual(seen),
            $"case {name}: expected [{string.Join(", ", BrokenDeclarationExpectations.Ids[name])}] but saw [{string.Join(", ", seen)}]\n{run.Describe()}");
        Assert.DoesNotContain(run.CompilationDiagnostics, d => run.IsGenerated(d.Location.SourceTree));
        if (seen.Contains("CS9248")) Assert.True(BrokenDeclarationExpectations.UnimplementableLayers.ContainsKey(name), $"case {name}: a CS9248 that the stand-in should have prevented");
    }

    [Fact]
    public void TheStandInThrowsNamingTheFirstDslError()
    {
        GeneratorRun run = GeneratorHarness.Run(BrokenDeclarations.All["DenseInputsMismatch"]);

        GeneratedFile standIn = Assert.Single(run.GeneratedFiles);
        Assert.Contains("public partial global::DslNets.DenseLayer Hidden { get => throw new global::System.InvalidOperationException(", standIn.Text, StringComparison.Ordinal);
        Assert.Contains("DslNets did not generate 'Broken.Net' because of DSL0004: Layer 'Out' expects 7 inputs but 'Hidden' produces 3", standIn.Text, StringComparison.Ordinal);
        Assert.Empty(StandIns.RealCodeFor(run, "Net"));
    }

    [Fact]
    public void TheValidNetworkNextToABrokenOneIsStillGenerated()
    {
        GeneratorRun run = GeneratorHarness.Run(BrokenDeclarations.All["TwoNetworksOneBroken"]);
        Assert.True(run.GeneratedFiles.Any(file => file.Text.Contains("partial class Good", StringComparison.Ordinal)), run.Describe());
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "DSL0003");
    }
}
