using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Diagnostics;

/// <summary>
/// One class declared in several partial parts: [Network] on two parts (DSL0023) and two layers with one name (DSL0024)
/// are reported at the second occurrence, the class gets only the throwing stand-in, and the generator does not crash (CS8785), so other
/// networks of the compilation are still generated.
/// </summary>
public sealed class DuplicateDeclarationTests
{
    private const string Good = "using DslNets;\n\nnamespace Dup;\n\n[Network(Inputs = 2)]\npublic partial class Good\n{\n    [Dense(1)] public partial DenseLayer Out { get; }\n}\n";

    private static readonly string FirstPart =
        "using DslNets;\n\nnamespace Dup;\n\n[Network(Inputs = 4)]\npublic partial class Net\n{\n    [Dense(3, Activation.ReLU)] public partial DenseLayer Hidden { get; }\n}\n";

    private static GeneratorRun RunFiles(params (string Path, string Source)[] files) =>
        GeneratorHarness.Run(GeneratorHarness.CreateCompilation(files.Select(f => GeneratorHarness.Parse(f.Source, f.Path))));

    private static void AssertOnlyThisDiagnostic(GeneratorRun run, string id, string message, string path, string locationText)
    {
        string details = run.Describe();
        Assert.True(run.Exception is null, details);
        Assert.DoesNotContain(run.AllDiagnostics, d => d.Id is "CS8785" or "AD0001" or "DSL0099");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id.StartsWith("DSL", StringComparison.Ordinal));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(message, GeneratorHarness.Message(diagnostic));
        Assert.Equal(path, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(locationText, run.LocationText(diagnostic));
        Assert.Empty(Robustness.StandIns.RealCodeFor(run, "Net"));
        Assert.Contains(run.GeneratedFiles, f => f.HintName == "Dup.Good.g.cs");
    }

    [Fact]
    public void NetworkOnTwoPartsInTwoFilesIsReportedAtTheSecondAndOtherNetworksAreStillGenerated()
    {
        const string second = "using DslNets;\n\nnamespace Dup;\n\n[Network(Inputs = 3)]\npublic partial class Net\n{\n    [Dense(1)] public partial DenseLayer Out { get; }\n}\n";
        GeneratorRun run = RunFiles(("A.cs", FirstPart), ("B.cs", second), ("Good.cs", Good));
        AssertOnlyThisDiagnostic(run, "DSL0023",
            "Network 'Net' carries the [Network] attribute more than once; keep exactly one, on one of its partial declarations", "B.cs", "Network(Inputs = 3)");
    }

    [Fact]
    public void RemovingTheSecondNetworkAttributeInItsOwnFileClearsTheDiagnostic()
    {
        // The part with the first [Network] reports the later ones: an edit in the other file must reach it (no stale DSL0023).
        const string second = "using DslNets;\n\nnamespace Dup;\n\n[Network(Inputs = 3)]\npublic partial class Net\n{\n    [Dense(1)] public partial DenseLayer Out { get; }\n}\n";
        Compilation compilation = GeneratorHarness.CreateCompilation(new[] { GeneratorHarness.Parse(FirstPart, "A.cs"), GeneratorHarness.Parse(second, "B.cs") });
        GeneratorRun first = GeneratorHarness.Run(compilation);
        Assert.Contains(first.GeneratorDiagnostics, d => d.Id == "DSL0023");

        SyntaxTree b = compilation.SyntaxTrees.Single(t => t.FilePath == "B.cs");
        Compilation fixedUp = compilation.ReplaceSyntaxTree(b, GeneratorHarness.Parse(second.Replace("[Network(Inputs = 3)]\n", "", StringComparison.Ordinal), "B.cs"));
        GeneratorRun again = GeneratorHarness.Run(first.Driver, fixedUp);
        Assert.DoesNotContain(again.GeneratorDiagnostics, d => d.Id.StartsWith("DSL", StringComparison.Ordinal));
        Assert.Contains(again.GeneratedFiles, f => f.HintName == "Dup.Net.g.cs");
        Assert.True(again.CompilationDiagnostics.IsEmpty, again.Describe());
    }

    [Fact]
    public void ALayerNameDeclaredInTwoPartsIsReportedAtTheSecondLayer()
    {
        const string second = "namespace Dup;\n\npublic partial class Net\n{\n    [DslNets.Dense(1)] public DslNets.DenseLayer Hidden = null!;\n}\n";
        GeneratorRun run = RunFiles(("A.cs", FirstPart), ("B.cs", second), ("Good.cs", Good));
        AssertOnlyThisDiagnostic(run, "DSL0024",
            "Layer 'Hidden' is declared more than once in 'Net'; give each layer its own name", "B.cs", "DslNets.Dense(1)");
    }
}
