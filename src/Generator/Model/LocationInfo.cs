using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DslNets.Generator.Model;

/// <summary>A location kept as tree path + span, so models stay equatable and hold no syntax tree.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(SyntaxReference? reference)
    {
        if (reference is null) return null;
        SyntaxTree tree = reference.SyntaxTree;
        return new LocationInfo(tree.FilePath, reference.Span, tree.GetLineSpan(reference.Span).Span);
    }

    public static LocationInfo? From(SyntaxNode? node)
    {
        if (node is null) return null;
        return new LocationInfo(node.SyntaxTree.FilePath, node.Span, node.SyntaxTree.GetLineSpan(node.Span).Span);
    }
}
