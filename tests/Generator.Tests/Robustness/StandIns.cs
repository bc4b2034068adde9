using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslNets.Generator.Tests.Robustness;

/// <summary>
/// What the generator may write for a network it reported an error on: a stand-in whose only members are the layer
/// properties, each accessor a throw of InvalidOperationException naming the error. Anything more would be code
/// generated from a declaration known to be wrong.
/// </summary>
public static class StandIns
{
    /// <summary>The generated declarations of <paramref name="typeName"/> that hold anything but throwing property accessors.</summary>
    public static IReadOnlyList<string> RealCodeFor(GeneratorRun run, string typeName) =>
        run.GeneratedTrees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            .Where(type => type.Identifier.ValueText == typeName)
            .SelectMany(type => type.Members)
            .Where(member => !IsThrowingProperty(member))
            .Select(member => member.ToString())
            .ToArray();

    /// <summary>Whether <paramref name="member"/> is a property or indexer whose every accessor only throws InvalidOperationException.</summary>
    public static bool IsThrowingProperty(MemberDeclarationSyntax member) =>
        member is BasePropertyDeclarationSyntax { AccessorList: { } accessors }
        && accessors.Accessors.All(a => a.ExpressionBody?.Expression is ThrowExpressionSyntax { Expression: ObjectCreationExpressionSyntax creation }
            && creation.Type.ToString() == "global::System.InvalidOperationException");
}
