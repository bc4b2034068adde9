using System;
using System.Linq;
using DslNets.Generator.Diagnostics;
using DslNets.Generator.Emit;
using DslNets.Generator.Model;
using DslNets.Generator.Parsing;
using DslNets.Generator.ShapeChecking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DslNets.Generator;

/// <summary>
/// The DslNets incremental generator: [Network] classes → equatable <see cref="NetworkSpec"/> (Parsing) →
/// <see cref="CheckedNetwork"/> (ShapeChecking) → one source file per network (Emit), or diagnostics and nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline's steps (the incrementality test looks for these).</summary>
    public static class TrackingNames
    {
        /// <summary>Attribute data read into the declaration model.</summary>
        public const string Parse = "DslNets.Parse";

        /// <summary>Shapes inferred and checked.</summary>
        public const string Check = "DslNets.Check";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<NetworkSpec> specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.NetworkAttributeName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => NetworkParser.Parse(ctx, ct))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<CheckedNetwork> checkedNetworks = specs
            .Select(static (spec, _) => ShapeChecker.Check(spec))
            .WithTrackingName(TrackingNames.Check);

        context.RegisterSourceOutput(checkedNetworks, static (spc, result) => Produce(spc, result));

        // Diagnostics are reported against the compilation's own syntax trees (so they are in-source locations the
        // IDE can underline). Only this cheap step sees the compilation; emission stays cached.
        IncrementalValuesProvider<(EquatableArray<DiagnosticInfo> Diagnostics, Compilation Compilation)> diagnostics = checkedNetworks
            .Select(static (result, _) => result.Diagnostics)
            .Where(static list => !list.IsEmpty)
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(diagnostics, static (spc, pair) => Report(spc, pair.Diagnostics, pair.Compilation));
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics, Compilation compilation)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics)
        {
            Location? location = null;
            if (diagnostic.Location is { } at)
            {
                SyntaxTree? tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == at.FilePath);
                location = tree is not null && at.Span.End <= tree.Length ? Location.Create(tree, at.Span) : at.ToLocation();
            }

            context.ReportDiagnostic(Diagnostic.Create(diagnostic.Descriptor, location, diagnostic.Arguments.Select(a => (object)a).ToArray()));
        }
    }

    private static void Produce(SourceProductionContext context, CheckedNetwork result)
    {
        if (result.Network is null) return;
        string source;
        try
        {
            source = NetworkEmitter.Emit(result.Network);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, null, result.Network.TypeName, exception.Message));
            return;
        }

        context.AddSource(result.HintName, SourceText.From(source, System.Text.Encoding.UTF8));
    }
}
