using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>What one run of the DslNets generator over a compilation gave.</summary>
public sealed class GeneratorRun
{
    internal GeneratorRun(
        CSharpCompilationPair compilations,
        GeneratorDriver driver,
        ImmutableArray<Diagnostic> driverDiagnostics)
    {
        InputCompilation = compilations.Input;
        OutputCompilation = compilations.Output;
        Driver = driver;
        RunResult = driver.GetRunResult();
        GeneratorRunResult result = RunResult.Results.Single();
        Result = result;
        Exception = result.Exception;
        GeneratedFiles = result.GeneratedSources
            .Select(source => new GeneratedFile(source.HintName, source.SourceText.ToString()))
            .ToArray();
        GeneratorDiagnostics = driverDiagnostics.AddRange(result.Diagnostics).Distinct().ToImmutableArray();
        CompilationDiagnostics = OutputCompilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error)
            .ToImmutableArray();
    }

    /// <summary>The compilation the generator ran on (user sources only).</summary>
    public Compilation InputCompilation { get; }

    /// <summary>The input compilation plus every generated tree.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>The driver after the run (run it again for incrementality checks).</summary>
    public GeneratorDriver Driver { get; }

    /// <summary>The driver's run result (tracked steps live in <see cref="Result"/>).</summary>
    public GeneratorDriverRunResult RunResult { get; }

    /// <summary>The DslNets generator's own result: generated sources, diagnostics, tracked steps.</summary>
    public GeneratorRunResult Result { get; }

    /// <summary>The exception the generator threw, or null (Roslyn turns it into CS8785).</summary>
    public Exception? Exception { get; }

    /// <summary>The sources the generator added, in the order it added them.</summary>
    public IReadOnlyList<GeneratedFile> GeneratedFiles { get; }

    /// <summary>Diagnostics the generator reported (DSL…) plus the driver's own (CS8785 when a generator throws).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>Warnings and errors of the output compilation (hidden and info left out).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics { get; }

    /// <summary>Generator and compilation diagnostics together.</summary>
    public IEnumerable<Diagnostic> AllDiagnostics => GeneratorDiagnostics.Concat(CompilationDiagnostics);

    /// <summary>The syntax trees the generator added to the output compilation.</summary>
    public IEnumerable<SyntaxTree> GeneratedTrees =>
        OutputCompilation.SyntaxTrees.Where(tree => !InputCompilation.SyntaxTrees.Contains(tree));

    /// <summary>True when <paramref name="tree"/> is one the generator added.</summary>
    public bool IsGenerated(SyntaxTree? tree) => tree is not null && !InputCompilation.SyntaxTrees.Contains(tree);

    /// <summary>
    /// The user's tree a location points into: its own tree when it has one, else (a generator's external location,
    /// built from a file path and span so that no tree is cached) the input tree with that file path; null otherwise.
    /// </summary>
    public SyntaxTree? UserTree(Location location)
    {
        if (location.IsInSource) return IsGenerated(location.SourceTree) ? null : location.SourceTree;
        if (location.Kind != LocationKind.ExternalFile) return null;
        string path = location.GetLineSpan().Path;
        SyntaxTree? tree = InputCompilation.SyntaxTrees.SingleOrDefault(t => t.FilePath == path);
        return tree is not null && location.SourceSpan.End <= tree.Length ? tree : null;
    }

    /// <summary>The user's source text a diagnostic's location covers, or null when it points into no user tree.</summary>
    public string? LocationText(Diagnostic diagnostic) =>
        UserTree(diagnostic.Location)?.GetText().ToString(diagnostic.Location.SourceSpan);

    /// <summary>The generated file with this hint name; fails naming the hint names there are.</summary>
    public GeneratedFile File(string hintName) =>
        GeneratedFiles.SingleOrDefault(file => file.HintName == hintName)
        ?? throw new Xunit.Sdk.XunitException(
            $"The generator added no file '{hintName}'; it added: [{string.Join(", ", GeneratedFiles.Select(f => f.HintName))}]");

    /// <summary>Emits the output compilation to memory; fails with every diagnostic when it does not compile.</summary>
    public MemoryStream Emit()
    {
        var stream = new MemoryStream();
        var result = OutputCompilation.Emit(stream);
        if (!result.Success)
        {
            throw new Xunit.Sdk.XunitException(
                "The output compilation does not emit:\n" + GeneratorHarness.Format(result.Diagnostics));
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>Emits the output compilation and loads it into a fresh, collectible load context.</summary>
    public Assembly EmitAndLoad()
    {
        using MemoryStream stream = Emit();
        var context = new AssemblyLoadContext($"DslNets.Generator.Tests.{OutputCompilation.AssemblyName}", isCollectible: true);
        return context.LoadFromStream(stream);
    }

    /// <summary>Every diagnostic of the run, one line each, for assertion messages.</summary>
    public string Describe() =>
        $"exception: {Exception?.ToString() ?? "none"}\n" +
        $"generated: [{string.Join(", ", GeneratedFiles.Select(f => f.HintName))}]\n" +
        "generator diagnostics:\n" + GeneratorHarness.Format(GeneratorDiagnostics) +
        "compilation diagnostics:\n" + GeneratorHarness.Format(CompilationDiagnostics);
}

/// <summary>The compilation before and after generation.</summary>
internal readonly record struct CSharpCompilationPair(Compilation Input, Compilation Output);
