using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>
/// A stand-in generator for tests of the test checks themselves: for every [Network] type it calls a delegate that
/// may report diagnostics and add sources, so a check can be shown to pass on right behaviour and fail on wrong.
/// (It keeps syntax in its pipeline, which the real generator must not; it is never incrementality-tested.)
/// </summary>
public sealed class DelegateGenerator(Action<SourceProductionContext, GeneratorAttributeSyntaxContext> produce) : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var networks = context.SyntaxProvider.ForAttributeWithMetadataName("DslNets.NetworkAttribute",
            (node, _) => node is TypeDeclarationSyntax, (attributed, _) => attributed);
        context.RegisterSourceOutput(networks, produce);
    }

    /// <summary>Runs a <see cref="DelegateGenerator"/> on one source.</summary>
    public static GeneratorRun Run(string source, Action<SourceProductionContext, GeneratorAttributeSyntaxContext> produce) =>
        GeneratorHarness.Run(GeneratorHarness.CreateDriver(new DelegateGenerator(produce)), GeneratorHarness.CreateCompilation(source));

    /// <summary>The location of the [Network(...)] attribute: the attribute without its brackets.</summary>
    public static Location NetworkAttributeLocation(GeneratorAttributeSyntaxContext network) =>
        network.Attributes[0].ApplicationSyntaxReference!.GetSyntax().GetLocation();
}
