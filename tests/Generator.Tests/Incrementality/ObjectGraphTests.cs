using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Incrementality;

/// <summary>The object-graph walk finds symbols and syntax however deep they hide, and passes plain data.</summary>
public sealed class ObjectGraphTests
{
    private sealed record Layer(string Name, int Outputs, object? Extra);

    private sealed record Model(string Name, ImmutableArray<Layer> Layers, (int, Layer?) Pair);

    private sealed class Cycle
    {
        public Cycle? Next;
        public double[] Numbers = [1, 2];
    }

    [Fact]
    public void PlainDataPasses()
    {
        var model = new Model("Net", [new Layer("Hidden", 3, null), new Layer("Out", 1, new[] { "a", "b" })], (1, new Layer("X", 1, 2.5)));
        Assert.Null(ObjectGraph.FindForbidden(model));
        var cycle = new Cycle();
        cycle.Next = new Cycle { Next = cycle };
        Assert.Null(ObjectGraph.FindForbidden(cycle));
    }

    [Fact]
    public void SyntaxAndSymbolsAreFoundDeepInside()
    {
        CSharpCompilationHolder holder = CSharpCompilationHolder.Create("namespace N; public class C { }");
        SyntaxNode node = holder.Tree.GetRoot();
        INamedTypeSymbol symbol = holder.Compilation.GetTypeByMetadataName("N.C")!;

        string? path = ObjectGraph.FindForbidden(new Model("Net", [new Layer("Hidden", 3, null), new Layer("Out", 1, new object[] { 1, node })], default));
        Assert.NotNull(path);
        Assert.Contains("Layers", path);
        Assert.Contains("SyntaxNode", path);

        Assert.Contains("ISymbol", ObjectGraph.FindForbidden(new Model("Net", [], (0, new Layer("S", 1, symbol)))));
        Assert.Contains("SyntaxTree", ObjectGraph.FindForbidden(new List<object> { Location.Create(holder.Tree, default) }));
        Assert.Contains("Compilation", ObjectGraph.FindForbidden(new[] { holder.Compilation }));
    }

    private sealed record CSharpCompilationHolder(SyntaxTree Tree, Compilation Compilation)
    {
        public static CSharpCompilationHolder Create(string source)
        {
            SyntaxTree tree = GeneratorHarness.Parse(source);
            return new CSharpCompilationHolder(tree, GeneratorHarness.CreateCompilation(new[] { tree }));
        }
    }
}
