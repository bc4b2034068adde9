using DslNets.Generator.Diagnostics;
using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Sdk;

namespace DslNets.Generator.Tests.Diagnostics;

/// <summary>The diagnostic check passes when a generator reports a case exactly, and fails on each near miss.</summary>
public sealed class DiagnosticChecksTests
{
    private static readonly DiagnosticCase NoLayers = DiagnosticCases.All["NoLayers"];

    private static GeneratorRun Report(Func<GeneratorAttributeSyntaxContext, Location> where, string name = "Empty", string? source = null) =>
        DelegateGenerator.Run(source ?? NoLayers.Source, (output, network) =>
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoLayers, where(network), name)));

    private static void Fails(GeneratorRun run, string expected)
    {
        var failure = Assert.ThrowsAny<XunitException>(() => DiagnosticChecks.AssertExactlyThisDiagnostic(run, NoLayers, "test"));
        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public void TheExactDiagnosticOnTheAttributePasses() =>
        DiagnosticChecks.AssertExactlyThisDiagnostic(Report(DelegateGenerator.NetworkAttributeLocation), NoLayers, "test");

    [Fact]
    public void AWrongArgumentFails() => Fails(Report(DelegateGenerator.NetworkAttributeLocation, name: "Net"), "Network 'Net' declares");

    [Fact]
    public void ALocationOnTheClassNameFails() =>
        Fails(Report(network => ((TypeDeclarationSyntax)network.TargetNode).Identifier.GetLocation()), "Empty");

    [Fact]
    public void NoDiagnosticFails() =>
        Fails(DelegateGenerator.Run(NoLayers.Source, (_, _) => { }), "Expected exactly one DslNets diagnostic (DSL0002) but got 0");

    [Fact]
    public void TwoDiagnosticsFail() =>
        Fails(DelegateGenerator.Run(NoLayers.Source, (output, network) =>
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoLayers, DelegateGenerator.NetworkAttributeLocation(network), "Empty"));
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartial, DelegateGenerator.NetworkAttributeLocation(network), "Empty"));
        }), "but got 2");

    [Fact]
    public void CodeForTheClassFails() =>
        Fails(DelegateGenerator.Run(NoLayers.Source, (output, network) =>
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoLayers, DelegateGenerator.NetworkAttributeLocation(network), "Empty"));
            output.AddSource("Empty.g.cs", "namespace Diagnosed;\npartial class Empty { public static int InputSize => 2; }\n");
        }), "Code beyond the throwing stand-in was generated for 'Empty'");

    [Fact]
    public void ALayerAttributeLocationIsItsTextWithoutBrackets()
    {
        DiagnosticCase indexer = DiagnosticCases.All["DenseOutputsZero"];
        GeneratorRun run = DelegateGenerator.Run(indexer.Source, (output, network) =>
        {
            IPropertySymbol layer = ((INamedTypeSymbol)network.TargetSymbol).GetMembers().OfType<IPropertySymbol>().Single();
            AttributeData dense = layer.GetAttributes().Single();
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NonPositiveSize,
                dense.ApplicationSyntaxReference!.GetSyntax().GetLocation(), $"Layer '{layer.Name}'", "outputs", dense.ConstructorArguments[0].Value));
        });
        DiagnosticChecks.AssertExactlyThisDiagnostic(run, indexer, "test");
    }

    /// <summary>An incremental generator caches a path and span, not the tree, and reports an external-file location.</summary>
    private static Location External(GeneratorAttributeSyntaxContext network, string? path = null)
    {
        Location inSource = DelegateGenerator.NetworkAttributeLocation(network);
        FileLinePositionSpan lines = inSource.GetLineSpan();
        return Location.Create(path ?? lines.Path, inSource.SourceSpan, lines.Span);
    }

    [Fact]
    public void AnExternalLocationWithTheFilesPathAndSpanPasses() =>
        DiagnosticChecks.AssertExactlyThisDiagnostic(Report(network => External(network)), NoLayers, "test");

    [Fact]
    public void AnExternalLocationInAnotherFileFails() =>
        Fails(Report(network => External(network, "Elsewhere.cs")), "Not located in the user's source");
}
