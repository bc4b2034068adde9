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
