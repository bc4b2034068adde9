using System;
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
/// <see cref="CheckedNetwork"/> (ShapeChecking) → one source file per network (Emit), or diagnostics and a stand-in whose
/// layer properties throw naming the DSL error (<see cref="StubEmitter"/>), so that the user sees the DSL errors alone.
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

        // One output per network: its diagnostics (locations kept as file path + span + line span in the equatable
        // model, as CommunityToolkit does) or its source. Nothing here sees the compilation, so an unchanged model is
        // neither re-emitted nor re-reported, whatever else is edited.
        context.RegisterSourceOutput(checkedNetworks, static (spc, result) => Produce(spc, result));
    }

    private static void Produce(SourceProductionContext context, CheckedNetwork result)
    {
        foreach (DiagnosticInfo diagnostic in result.Diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        string? source = null;
        if (result.Network is not null)
        {
            try
            {
                source = NetworkEmitter.Emit(result.Network);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, result.Network.TypeName, exception.Message);
                context.ReportDiagnostic(failure.ToDiagnostic());
                source = Stub(result, failure);
            }
        }
        else if (result.Diagnostics.Length > 0)
        {
            source = Stub(result, result.Diagnostics[0]);
        }

        if (source is not null) context.AddSource(result.HintName, SourceText.From(source, System.Text.Encoding.UTF8));
    }

    /// <summary>The stand-in for a network that is not generated, naming the first error; null when none can be written.</summary>
    private static string? Stub(CheckedNetwork result, DiagnosticInfo firstError)
    {
        if (result.Stub is null) return null;
        string name = result.HintName.Substring(0, result.HintName.Length - ".g.cs".Length);
        string error = $"{firstError.Descriptor.Id}: {firstError.ToDiagnostic().GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        return StubEmitter.Emit(result.Stub, name, error);
    }
}
