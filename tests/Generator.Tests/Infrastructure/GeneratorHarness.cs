using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>
/// Runs the DslNets generator on source text, the way a consumer project would compile it: C# latest, nullable on,
/// every assembly of the running process as a reference (the runtime DslNets and System.Numerics.Tensors among them).
/// </summary>
public static class GeneratorHarness
{
    /// <summary>The parse options of every tree: C# latest, as Directory.Build.props sets it.</summary>
    public static readonly CSharpParseOptions ParseOptions =
        CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>
    /// A library, nullable on, every warning wave on; CS1701/CS1702 (assembly version unification) suppressed as
    /// the SDK does, because references come from the running process and not from reference packs.
    /// </summary>
    public static readonly CSharpCompilationOptions CompilationOptions =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithWarningLevel(9999)
            .WithDeterministic(true)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The references every harness compilation gets.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>Parses <paramref name="source"/> with <see cref="ParseOptions"/> under <paramref name="path"/>.</summary>
    public static SyntaxTree Parse(string source, string path = "Source.cs") =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path, Encoding.UTF8);

    /// <summary>A compilation of the given sources (named Source0.cs, Source1.cs, …).</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CreateCompilation(sources.Select((source, i) => Parse(source, $"Source{i}.cs")));

    /// <summary>A compilation of the given trees.</summary>
    public static CSharpCompilation CreateCompilation(IEnumerable<SyntaxTree> trees, string assemblyName = "DslNets.HarnessOutput") =>
        CSharpCompilation.Create(assemblyName, trees, References, CompilationOptions);

    /// <summary>A fresh driver with the DslNets generator (or <paramref name="generator"/>, for tests of the harness), step tracking on.</summary>
    public static GeneratorDriver CreateDriver(IIncrementalGenerator? generator = null) =>
        CSharpGeneratorDriver.Create(
            new[] { (generator ?? new NetworkGenerator()).AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on a compilation of <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    /// <summary>Runs the generator on one named source file (the name shows in diagnostics).</summary>
    public static GeneratorRun RunFile(string path, string source) => Run(CreateCompilation(new[] { Parse(source, path) }));

    /// <summary>Runs a fresh driver on <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(Compilation compilation) => Run(CreateDriver(), compilation);

    /// <summary>Runs <paramref name="driver"/> (fresh or from an earlier run) on <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        GeneratorDriver after = driver.RunGeneratorsAndUpdateCompilation(
            compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorRun(new CSharpCompilationPair(compilation, output), after, diagnostics);
    }

    /// <summary>One diagnostic per line: "Source0.cs(3,5): error CS0246: message".</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            text.Append("  ").AppendLine(diagnostic.ToString());
        }

        return text.Length == 0 ? "  (none)\n" : text.ToString();
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The test assembly itself is left out: its generated snapshot networks would clash (CS0436) with the
        // same networks compiled again from source by the harness.
        string self = typeof(GeneratorHarness).Assembly.Location;
        var paths = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set in this process.");
        foreach (string path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!string.Equals(path, self, StringComparison.OrdinalIgnoreCase))
            {
                paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }

        foreach (Assembly assembly in new[] { typeof(NetworkAttribute).Assembly, typeof(System.Numerics.Tensors.TensorPrimitives).Assembly, typeof(ILGPU.Index1D).Assembly })
        {
            paths[assembly.GetName().Name ?? throw new InvalidOperationException($"Assembly {assembly} has no name.")] = assembly.Location;
        }

        return paths.Values
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    /// <summary>The message in the invariant culture.</summary>
    public static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);
}
