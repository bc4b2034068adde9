using System.Collections.Immutable;
using System.Linq;
using DslNets.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DslNets.Generator.Analysis;

/// <summary>
/// Says why a call of a region enumerator (any method whose type parameter must be an IPiecewiseLinearNetwork) on a
/// network with max pooling does not compile. The network has no geometry hooks, since max pooling's argmax is not part of
/// an activation pattern; the compiler's CS0311 names only the missing interface, so this names the layer and the fix.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MaxPoolRegionsAnalyzer : DiagnosticAnalyzer
{
    private const string PiecewiseLinearInterface = "DslNets.Geometry.IPiecewiseLinearNetwork`1";
    private const string NetworkAttribute = "DslNets.NetworkAttribute";
    private const string MaxPoolAttribute = "DslNets.MaxPoolAttribute";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.MaxPoolNotPiecewiseLinear);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? piecewiseLinear = start.Compilation.GetTypeByMetadataName(PiecewiseLinearInterface);
            if (piecewiseLinear is null) return;
            start.RegisterSyntaxNodeAction(node => Analyze(node, piecewiseLinear), SyntaxKind.InvocationExpression);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, INamedTypeSymbol piecewiseLinear)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        SymbolInfo info = context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken);
        // With the constraint violated there is no bound method, only the candidate the call was meant for.
        foreach (IMethodSymbol method in (info.Symbol is null ? info.CandidateSymbols : ImmutableArray.Create(info.Symbol)).OfType<IMethodSymbol>())
        {
            IMethodSymbol definition = method.OriginalDefinition;
            foreach (ITypeParameterSymbol parameter in definition.TypeParameters)
            {
                if (!parameter.ConstraintTypes.Any(c => SymbolEqualityComparer.Default.Equals(c.OriginalDefinition, piecewiseLinear))) continue;
                foreach (INamedTypeSymbol network in NetworksPassedAs(context, invocation, method, definition, parameter))
                {
                    ISymbol? pool = network.GetMembers().FirstOrDefault(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == MaxPoolAttribute));
                    if (pool is null || !network.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkAttribute)) continue;
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MaxPoolNotPiecewiseLinear, invocation.GetLocation(),
                        network.Name, $"{definition.ContainingType.Name}.{definition.Name}", pool.Name));
                    return;
                }
            }
        }
    }

    /// <summary>The types given for <paramref name="parameter"/>: its explicit type argument, or the arguments passed where a parameter has its type.</summary>
    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> NetworksPassedAs(SyntaxNodeAnalysisContext context, InvocationExpressionSyntax invocation,
        IMethodSymbol method, IMethodSymbol definition, ITypeParameterSymbol parameter)
    {
        int ordinal = parameter.Ordinal;
        if (!method.Equals(definition, SymbolEqualityComparer.Default) && method.TypeArguments[ordinal] is INamedTypeSymbol given && given.TypeKind != TypeKind.Error)
        {
            yield return given;
            yield break;
        }

        for (int i = 0; i < definition.Parameters.Length && i < invocation.ArgumentList.Arguments.Count; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(definition.Parameters[i].Type, parameter)) continue;
            if (context.SemanticModel.GetTypeInfo(invocation.ArgumentList.Arguments[i].Expression, context.CancellationToken).Type is INamedTypeSymbol argument)
            {
                yield return argument;
            }
        }
    }
}
