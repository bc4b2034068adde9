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
    public void TypingAboveTheNetworkInItsOwnFileLeavesTheCheckedModelAndTheOutputCached()
    {
        // Parsing re-runs (the attribute locations moved) but the checked model of a valid network holds no locations,
        // so it compares equal and neither emission nor reporting runs again.
        Compilation compilation = GeneratorHarness.CreateCompilation(Trees());
        GeneratorRun first = GeneratorHarness.Run(compilation);
        SyntaxTree tiny = compilation.SyntaxTrees.First();
        string above = Tiny.Replace("namespace Incremental;", "// a comment typed above the network\nnamespace Incremental;", StringComparison.Ordinal);
        Assert.NotEqual(Tiny, above);
        GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.ReplaceSyntaxTree(tiny, GeneratorHarness.Parse(above, tiny.FilePath)));
        IncrementalityChecks.AssertCachedOrUnchanged(second, [NetworkGenerator.TrackingNames.Check], "an edit above the network in its own file");
        AssertOutputsCachedOrUnchanged(second, "an edit above the network in its own file");
        Assert.Equal(first.GeneratedFiles, second.GeneratedFiles);
    }

    private const string Broken = """
        using DslNets;

        namespace Incremental;

        [Network(Inputs = 4)]
        public partial class Broken
        {
            [Dense(0)] public partial DenseLayer Out { get; }
        }
        """;

    [Fact]
    public void ABrokenNetworksDiagnosticIsNotRecomputedOnAnUnrelatedEdit()
    {
        // Diagnostics flow from the equatable model alone: no step combines them with the compilation.
        Compilation compilation = GeneratorHarness.CreateCompilation([GeneratorHarness.Parse(Broken, "Broken.cs"), GeneratorHarness.Parse(Unrelated, "Helpers.cs")]);
        GeneratorRun first = GeneratorHarness.Run(compilation);
        SyntaxTree helpers = compilation.SyntaxTrees.Last();
        Compilation edited = compilation.ReplaceSyntaxTree(helpers, GeneratorHarness.Parse(Unrelated.Replace("2 * x", "x + x", StringComparison.Ordinal), helpers.FilePath));
        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);
        IncrementalityChecks.AssertCachedOrUnchanged(second, TrackedStepNames, "an unrelated edit next to a broken network");
        AssertOutputsCachedOrUnchanged(second, "an unrelated edit next to a broken network");
        Diagnostic diagnostic = Assert.Single(second.GeneratorDiagnostics, d => d.Id.StartsWith("DSL", StringComparison.Ordinal));
        Assert.Equal("DSL0003", diagnostic.Id);
        Assert.Equal("Dense(0)", second.LocationText(diagnostic));
    }

    [Fact]
    public void AnEditAboveABrokenNetworkMovesItsDiagnosticWithIt()
    {
        Compilation compilation = GeneratorHarness.CreateCompilation([GeneratorHarness.Parse(Broken, "Broken.cs")]);
        GeneratorRun first = GeneratorHarness.Run(compilation);
        string above = Broken.Replace("namespace Incremental;", "// two lines\n// typed above\nnamespace Incremental;", StringComparison.Ordinal);
        GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), GeneratorHarness.Parse(above, "Broken.cs")));
        Diagnostic before = Assert.Single(first.GeneratorDiagnostics, d => d.Id == "DSL0003");
        Diagnostic after = Assert.Single(second.GeneratorDiagnostics, d => d.Id == "DSL0003");
        Assert.Equal("Dense(0)", second.LocationText(after));
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 2, after.Location.GetLineSpan().StartLinePosition.Line);
    }

    /// <summary>Fails unless every output step (source and diagnostics reported) of the run was Cached or Unchanged.</summary>
    private static void AssertOutputsCachedOrUnchanged(GeneratorRun run, string what)
    {
        Assert.NotEmpty(run.Result.TrackedOutputSteps);
        foreach (var (name, steps) in run.Result.TrackedOutputSteps)
        {
            foreach (IncrementalGeneratorRunStep step in steps)
            {
                foreach ((object value, IncrementalStepRunReason reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"On {what}, output step '{name}' ran again ({reason}): {value}");
                }

                foreach ((object value, IncrementalStepRunReason reason) in step.Inputs.Select(input => input.Source.Outputs[input.OutputIndex]))
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"On {what}, an input of output step '{name}' changed ({reason}): {value}");
                }
            }
        }
    }

    private const string Convolutional = """
        using DslNets;

        namespace Incremental;

        [Network(InputShape = [1, 8, 8], Loss = Loss.SoftmaxCrossEntropy)]
        public partial class Convolutional
        {
            [Conv2D(4, 3, Activation.ReLU, Padding = 1)] public partial Conv2DLayer Stem { get; }
            [Conv2D(4, 3, Padding = 1)] public partial Conv2DLayer Block { get; }
            [Residual(Activation.ReLU, From = nameof(Stem))] public partial ResidualLayer Skip { get; }
            [MaxPool(2)] public partial PoolLayer Pool { get; }
            [Dropout(0.5)] public partial DropoutLayer Drop { get; }
            [Dense(3)] public partial DenseLayer Logits { get; }
        }
        """;

    /// <summary>The image layers' model (shapes, windows, residual sources, the input shape array) compares by content too.</summary>
    [Fact]
    public void ReRunsOfAConvolutionNetworkAreCachedOrUnchanged()
    {
        SyntaxTree[] trees = [GeneratorHarness.Parse(Convolutional, "Convolutional.cs"), GeneratorHarness.Parse(Unrelated, "Helpers.cs")];
        GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(trees));
        Assert.True(first.CompilationDiagnostics.IsEmpty && first.GeneratorDiagnostics.IsEmpty, first.Describe());
        IncrementalityChecks.AssertIncremental(() => GeneratorHarness.CreateDriver(), trees, TrackedStepNames,
            text => text.Replace("2 * x", "x + x", StringComparison.Ordinal));
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
