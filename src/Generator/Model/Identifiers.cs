using Microsoft.CodeAnalysis.CSharp;

namespace DslNets.Generator.Model;

/// <summary>Names as C# source must write them: a keyword used as a name gets '@' (class @event, layer @class).</summary>
internal static class Identifiers
{
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;
}
