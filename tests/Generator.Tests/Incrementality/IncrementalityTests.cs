using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Incrementality;

/// <summary>
/// The DslNets generator is incremental: a second run on an unchanged (cloned) compilation, or after an unrelated
/// edit, finds every tracked step Cached or Unchanged, and no step output holds a symbol, syntax or a compilation.
/// </summary>
public sealed class IncrementalityTests
{
    /// <summary>The tracking names the generator gives its steps with WithTrackingName.</summary>
    public static readonly IReadOnlyList<string> TrackedStepNames = ["DslNets.Parse", "DslNets.Check"];

    private const string Tiny = """
        using DslNets;

        namespace Incremental;

        [Network(Inputs = 4, Loss = Loss.SquaredError)]
        public partial class Tiny
        {
            [Dense(3, Activation.ReLU)] public partial DenseLayer Hidden { get; }
            [Dense(1)] public partial DenseLayer Out { get; }
        }
        """;

    private const string Unrelated = """
        namespace Incremental;

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    private static SyntaxTree[] Trees() => [GeneratorHarness.Parse(Tiny, "Tiny.cs"), GeneratorHarness.Parse(Unrelated, "Helpers.cs")];

    [Fact]
    public void TheFirstRunGeneratesTinyCleanlyAndRunsEveryTrackedStep()
    {
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Trees()));
        Assert.True(first.Exception is null, first.Describe());
        Assert.True(first.GeneratedFiles.Any(file => file.HintName.EndsWith("Tiny.g.cs", StringComparison.Ordinal)), first.Describe());
        Assert.True(first.CompilationDiagnostics.IsEmpty, first.Describe());
        IncrementalityChecks.AssertStepsFound(first, TrackedStepNames);
    }

    [Fact]
    public void ReRunsAreCachedOrUnchangedAndNoOutputHoldsSymbolsOrSyntax() =>
        IncrementalityChecks.AssertIncremental(() => GeneratorHarness.CreateDriver(), Trees(), TrackedStepNames,
            text => text.Replace("2 * x", "x + x", StringComparison.Ordinal));

    [Fact]
    public void TypingAfterTheNetworkInItsOwnFileChangesNothing()
    {
        Compilation compilation = GeneratorHarness.CreateCompilation(Trees());
        GeneratorRun first = GeneratorHarness.Run(compilation);
        SyntaxTree tiny = compilation.SyntaxTrees.First();
        Compilation edited = compilation.ReplaceSyntaxTree(tiny, GeneratorHarness.Parse(Tiny + "\n// a comment typed below the network\n", tiny.FilePath));
        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);
        IncrementalityChecks.AssertCachedOrUnchanged(second, TrackedStepNames, "an edit below the network in its own file");
        Assert.Equal(first.GeneratedFiles, second.GeneratedFiles);
    }

    [Fact]
    public void ChangingALayerReRunsTheStepsAndTheOutput()
    {
        Compilation compilation = GeneratorHarness.CreateCompilation(Trees());
        GeneratorRun first = GeneratorHarness.Run(compilation);
        SyntaxTree tiny = compilation.SyntaxTrees.First();
        Compilation edited = compilation.ReplaceSyntaxTree(tiny, GeneratorHarness.Parse(Tiny.Replace("[Dense(3, ", "[Dense(5, ", StringComparison.Ordinal), tiny.FilePath));
        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);
        foreach (string name in TrackedStepNames)
        {
            Assert.Contains(second.Result.TrackedSteps[name].SelectMany(step => step.Outputs), output => output.Reason == IncrementalStepRunReason.Modified);
        }

        Assert.NotEqual(first.GeneratedFiles.Single().Text, second.GeneratedFiles.Single().Text);
        Assert.True(second.CompilationDiagnostics.IsEmpty, second.Describe());
    }
}
