using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Sdk;

namespace DslNets.Generator.Tests.Incrementality;

/// <summary>The incrementality checks pass on a well-built pipeline and fail on pipelines that cache symbols or name no steps.</summary>
public sealed class IncrementalityChecksTests
{
    private static readonly string[] Names = ["DslNets.Parse", "DslNets.Check"];

    private sealed record NetworkName(string Namespace, string Name);

    /// <summary>An equatable model of strings: what the house rules ask for.</summary>
    private sealed class WellBuiltPipeline : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider.ForAttributeWithMetadataName("DslNets.NetworkAttribute",
                    (node, _) => node is ClassDeclarationSyntax,
                    (attributed, _) => new NetworkName(attributed.TargetSymbol.ContainingNamespace.ToDisplayString(), attributed.TargetSymbol.Name))
                .WithTrackingName("DslNets.Parse");
            var checkedNames = parsed.Select((name, _) => name with { Name = name.Name.Trim() }).WithTrackingName("DslNets.Check");
            context.RegisterSourceOutput(checkedNames, (output, name) => output.AddSource($"{name.Name}.g.cs", $"// {name.Namespace}.{name.Name}\n"));
        }
    }

    /// <summary>Caches the symbol itself: never equal across compilations, and it pins the compilation in memory.</summary>
    private sealed class SymbolCachingPipeline : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider.ForAttributeWithMetadataName("DslNets.NetworkAttribute",
                    (node, _) => node is ClassDeclarationSyntax,
                    (attributed, _) => (Name: attributed.TargetSymbol.Name, Symbol: attributed.TargetSymbol))
                .WithTrackingName("DslNets.Parse");
            var checkedNames = parsed.Select((pair, _) => pair.Name).WithTrackingName("DslNets.Check");
            context.RegisterSourceOutput(checkedNames, (output, name) => output.AddSource($"{name}.g.cs", $"// {name}\n"));
        }
    }

    /// <summary>Combines with the whole compilation, so every edit anywhere re-runs and yields a new, unequal output.</summary>
    private sealed class CompilationCombiningPipeline : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider.ForAttributeWithMetadataName("DslNets.NetworkAttribute",
                    (node, _) => node is ClassDeclarationSyntax, (attributed, _) => attributed.TargetSymbol.Name)
                .WithTrackingName("DslNets.Parse");
            var checkedNames = parsed.Combine(context.CompilationProvider).Select((pair, _) => new object[] { pair.Left, pair.Right.SyntaxTrees.Count() })
                .WithTrackingName("DslNets.Check");
            context.RegisterSourceOutput(checkedNames, (output, pair) => output.AddSource($"{pair[0]}.g.cs", "// generated\n"));
        }
    }

    /// <summary>Names no steps at all.</summary>
    private sealed class UntrackedPipeline : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterSourceOutput(context.CompilationProvider, (output, _) => output.AddSource("Empty.g.cs", "// nothing\n"));
    }

    private static SyntaxTree[] Trees() =>
    [
        GeneratorHarness.Parse("using DslNets;\nnamespace N;\n[Network(Inputs = 2)]\npublic partial class Net { }\n", "Net.cs"),
        GeneratorHarness.Parse("namespace N;\npublic static class Helpers { public static int Twice(int x) => 2 * x; }\n", "Helpers.cs"),
    ];

    private static void Check(IIncrementalGenerator generator) =>
        IncrementalityChecks.AssertIncremental(() => GeneratorHarness.CreateDriver(generator), Trees(), Names, text => text.Replace("2 * x", "x + x"));

    [Fact]
    public void AWellBuiltPipelinePasses() => Check(new WellBuiltPipeline());

    [Fact]
    public void CachingASymbolFails()
    {
        var failure = Assert.ThrowsAny<XunitException>(() => Check(new SymbolCachingPipeline()));
        Assert.Contains("DslNets.Parse", failure.Message);
        Assert.Contains("ISymbol", failure.Message);
    }

    [Fact]
    public void AnUnequalOutputAfterAnUnrelatedEditFails()
    {
        var failure = Assert.ThrowsAny<XunitException>(() => Check(new CompilationCombiningPipeline()));
        Assert.Contains("step 'DslNets.Check' reported an output Modified", failure.Message);
    }

    [Fact]
    public void MissingStepsFail()
    {
        var failure = Assert.ThrowsAny<XunitException>(() => Check(new UntrackedPipeline()));
        Assert.Contains("No outputs of a step tracked as 'DslNets.Parse'", failure.Message);
    }
}
