using System.Reflection;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>The harness compiles like a consumer project and reports what it should.</summary>
public sealed class GeneratorHarnessTests
{
    [Fact]
    public void CodeWithoutNetworksCompilesCleanlyAndRuns()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            using System.Numerics.Tensors;
            namespace Consumer;
            public static class Sums
            {
                public static float Total() => TensorPrimitives.Sum<float>(new float[] { 1f, 2f, 3.5f });
                [DslNets.Dense(3)] public static DslNets.DenseLayer? Unused;
            }
            """);

        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratedFiles);
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe());
        Assembly assembly = run.EmitAndLoad();
        object? total = assembly.GetType("Consumer.Sums")!.GetMethod("Total")!.Invoke(null, null);
        Assert.Equal(6.5f, total);
    }

    [Fact]
    public void CompilerErrorsAndWarningsAreReported()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            namespace Consumer;
            public class Broken
            {
                public Missing Field;
                public string Name;
            }
            """);

        Assert.Contains(run.CompilationDiagnostics, d => d.Id == "CS0246" && d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(run.CompilationDiagnostics, d => d.Id == "CS8618" && d.Severity == DiagnosticSeverity.Warning);
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity < DiagnosticSeverity.Warning);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => run.Emit());
    }

    [Fact]
    public void ReferencesHoldTheRuntimeButNotTheTestAssembly()
    {
        var names = GeneratorHarness.References
            .Select(reference => Path.GetFileNameWithoutExtension(reference.Display!))
            .ToArray();

        Assert.Contains("DslNets", names);
        Assert.Contains("System.Numerics.Tensors", names);
        Assert.Contains("System.Runtime", names);
        Assert.DoesNotContain("DslNets.Generator.Tests", names);
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void TheParseOptionsAreCSharpLatest()
    {
        GeneratorRun run = GeneratorHarness.Run("namespace Consumer; public class A { }");
        var options = (Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)run.OutputCompilation.SyntaxTrees.First().Options;
        Assert.Equal(Microsoft.CodeAnalysis.CSharp.LanguageVersionFacts.MapSpecifiedToEffectiveVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest), options.LanguageVersion);
        Assert.Equal(typeof(NetworkGenerator), run.Result.Generator.GetGeneratorType());
    }

    [Fact]
    public void EachSourceIsItsOwnTree()
    {
        GeneratorRun run = GeneratorHarness.Run("namespace A; public class X { }", "namespace B; public class Y : A.X { }");
        Assert.Equal(new[] { "Source0.cs", "Source1.cs" }, run.InputCompilation.SyntaxTrees.Select(t => t.FilePath));
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe());
        Assert.Empty(run.GeneratedTrees);
    }
}

/// <summary>The harness reports what another generator does: thrown exceptions and added sources.</summary>
public sealed class GeneratorHarnessWithOtherGeneratorsTests
{
    private sealed class ThrowingGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterSourceOutput(context.CompilationProvider, (_, _) => throw new InvalidOperationException("planted failure"));
    }

    private sealed class AddingGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterPostInitializationOutput(output => output.AddSource("Added.g.cs",
                "namespace Consumer; public static partial class Pair { public static int Second => First + 1; }"));
    }

    [Fact]
    public void AThrowingGeneratorShowsAsExceptionAndCS8785()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new ThrowingGenerator()), GeneratorHarness.CreateCompilation("namespace Consumer; public class A { }"));
        Assert.IsType<InvalidOperationException>(run.Exception);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "CS8785" && d.GetMessage().Contains("planted failure"));
    }

    [Fact]
    public void AddedSourcesAreReturnedAndCompiled()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new AddingGenerator()),
            GeneratorHarness.CreateCompilation("namespace Consumer; public static partial class Pair { public static int First => 41; }"));
        Assert.Null(run.Exception);
        GeneratedFile added = Assert.Single(run.GeneratedFiles);
        Assert.Equal("Added.g.cs", added.HintName);
        Assert.Same(added, run.File("Added.g.cs"));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => run.File("Missing.g.cs"));
        Assert.Single(run.GeneratedTrees);
        Assert.True(run.IsGenerated(run.GeneratedTrees.Single()));
        Assert.True(run.CompilationDiagnostics.IsEmpty, run.Describe());
        object? second = run.EmitAndLoad().GetType("Consumer.Pair")!.GetProperty("Second")!.GetValue(null);
        Assert.Equal(42, second);
    }
}
