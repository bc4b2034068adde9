using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslNets.Generator.Tests.Robustness;

/// <summary>What "the generator never fails" means for one run, as an assertion.</summary>
public static class RobustnessChecks
{
    // "Partial member has no implementation": what a layer declaration reads as until the generator implements it.
    private static readonly HashSet<string> AwaitingGeneratedImplementation = ["CS9248", "CS8795"];

    /// <summary>
    /// Fails on a generator exception, CS8785, AD0001 or DSL0099; on a DslNets error that is not located in the user's
    /// source or whose class got generated code beyond the throwing stand-in; and, when neither the generator nor the compiler finds a mistake
    /// in the user's code, on any error in the output or any warning in generated code.
    /// </summary>
    public static void AssertNeverFails(GeneratorRun run, string what)
    {
        string details = $"{what}\n{run.Describe()}";
        Assert.True(run.Exception is null, $"The generator threw.\n{details}");
        Assert.True(!run.AllDiagnostics.Any(d => d.Id is "CS8785" or "AD0001" or "DSL0099"), $"A generator failure was reported.\n{details}");

        Diagnostic[] dslErrors = run.GeneratorDiagnostics
            .Where(d => d.Id.StartsWith("DSL", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error)
            .ToArray();
        foreach (Diagnostic error in dslErrors)
        {
            SyntaxTree? tree = run.UserTree(error.Location);
            Assert.True(tree is not null, $"{error.Id} is not located in the user's source.\n{details}");
            string? network = EnclosingType(tree!, error.Location);
            Assert.True(network is not null, $"{error.Id} is not located inside a type.\n{details}");
            IReadOnlyList<string> realCode = StandIns.RealCodeFor(run, network!);
            Assert.True(realCode.Count == 0, $"The generator reported {error.Id} on '{network}' yet generated code beyond the throwing stand-in: {string.Join("; ", realCode)}\n{details}");
        }

        Diagnostic[] userErrors = run.InputCompilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !AwaitingGeneratedImplementation.Contains(d.Id))
            .ToArray();
        if (dslErrors.Length == 0 && userErrors.Length == 0)
        {
            // Neither the user nor the generator sees a mistake: the output must be valid, clean code.
            Assert.True(!run.CompilationDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error),
                $"No DslNets diagnostic and no user error, yet the output does not compile.\n{details}");
            Assert.True(!run.CompilationDiagnostics.Any(d => run.IsGenerated(d.Location.SourceTree)),
                $"The generated code has warnings.\n{details}");
        }
    }

    private static string? EnclosingType(SyntaxTree tree, Location location)
    {
        return tree.GetRoot().FindNode(location.SourceSpan, getInnermostNodeForTie: true)
            .AncestorsAndSelf()
            .OfType<BaseTypeDeclarationSyntax>()
            .FirstOrDefault()?.Identifier.ValueText;
    }
}
