using System.Text.RegularExpressions;
using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DslNets.Generator.Tests.Diagnostics;

/// <summary>
/// Messages count in the right number ("1 output", "2 outputs"), every ID has its section in docs/diagnostics.md that the
/// README links to, and no descriptor points at an address that does not exist.
/// </summary>
public sealed partial class DiagnosticWordingTests
{
    private const string Usings = "using DslNets;\n\nnamespace Worded;\n\n";

    /// <summary>No format puts a placeholder straight before a counted noun: such a count is passed in already worded.</summary>
    [Fact]
    public void NoFormatCountsANounItself()
    {
        foreach (DiagnosticDescriptor descriptor in DiagnosticCasesTests.Descriptors())
        {
            string format = descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.DoesNotMatch(CountedNoun(), format);
        }
    }

    /// <summary>Each message that carries a count, produced by real declarations with the count 1 and with 2.</summary>
    public static TheoryData<string, string, string> CountedMessages() => new()
    {
        { Net("Inputs = 4", "[Dense(3)] public partial DenseLayer Hidden { get; }\n[Dense(2, Inputs = 1)] public partial DenseLayer Out { get; }"), "DSL0004", "expects 1 input but" },
        { Net("Inputs = 4", "[Dense(3)] public partial DenseLayer Hidden { get; }\n[Dense(2, Inputs = 2)] public partial DenseLayer Out { get; }"), "DSL0004", "expects 2 inputs but" },
        { Net("Inputs = 2", "[Dense(1)] public partial DenseLayer Enc { get; }\n[Dense(1, TiedTo = nameof(Enc))] public partial DenseLayer Dec { get; }"), "DSL0008", "must map 1 input to 2 outputs, but it maps 1 input to 1 output" },
        { Net("Inputs = 1", "[Dense(2)] public partial DenseLayer Enc { get; }\n[Dense(2, TiedTo = nameof(Enc))] public partial DenseLayer Dec { get; }"), "DSL0008", "must map 2 inputs to 1 output, but it maps 2 inputs to 2 outputs" },
        { Net("Inputs = 2", "[SharedFilter(3, 1, Stride = 2)] public partial SharedFilterLayer Filter { get; }"), "DSL0009", "needs 3 inputs for 1 patch of size 3" },
        { Net("Inputs = 2", "[SharedFilter(3, 2, Stride = 2)] public partial SharedFilterLayer Filter { get; }"), "DSL0009", "needs 5 inputs for 2 patches of size 3" },
        { Net("Inputs = 4, Loss = Loss.SoftmaxCrossEntropy", "[Dense(1)] public partial DenseLayer Out { get; }"), "DSL0010", "needs at least 2 outputs but the last layer 'Out' produces 1 output" },
        { Net("Inputs = 4, Loss = Loss.Hinge", "[Dense(2)] public partial DenseLayer Out { get; }"), "DSL0010", "needs exactly 1 output but the last layer 'Out' produces 2 outputs" },
        { Net("Inputs = 1", "[Conv2D(2, 1)] public partial Conv2DLayer C1 { get; }"), "DSL0030", "gives a flat vector of 1 number;" },
        { Net("Inputs = 2", "[Conv2D(2, 1)] public partial Conv2DLayer C1 { get; }"), "DSL0030", "gives a flat vector of 2 numbers;" },
        { Net("InputShape = [4]", "[Conv2D(2, 1)] public partial Conv2DLayer C1 { get; }"), "DSL0031", "but holds 1 size" },
        { Net("Inputs = 2, InputShape = [1, 1, 1]", "[Conv2D(2, 1)] public partial Conv2DLayer C1 { get; }"), "DSL0031", "holds 1 number;" },
    };

    [Theory]
    [MemberData(nameof(CountedMessages))]
    public void ACountOf1Or2IsWordedInTheRightNumber(string source, string id, string wording)
    {
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id.StartsWith("DSL", StringComparison.Ordinal));
        Assert.Equal(id, diagnostic.Id);
        string message = GeneratorHarness.Message(diagnostic);
        Assert.Contains(wording, message, StringComparison.Ordinal);
        Assert.DoesNotMatch(WrongNumber(), message);
    }

    [Fact]
    public void EveryIdHasItsSectionInTheDocsAndTheReadmeLinksThere()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        foreach (DiagnosticDescriptor descriptor in DiagnosticCasesTests.Descriptors())
        {
            Match section = Regex.Match(docs, $"^## {descriptor.Id}: (.+)$", RegexOptions.Multiline);
            Assert.True(section.Success, $"docs/diagnostics.md has no section '## {descriptor.Id}: ...'");
            Assert.Equal(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture), section.Groups[1].Value);
            string body = docs[section.Index..];
            int next = body.IndexOf("\n## ", 3, StringComparison.Ordinal);
            body = next < 0 ? body : body[..next];
            Assert.Contains("**Trigger.**", body, StringComparison.Ordinal);
            Assert.Contains("**Fix.**", body, StringComparison.Ordinal);
            if (descriptor.Id != "DSL0099") Assert.Contains("```csharp", body, StringComparison.Ordinal);
        }

        Assert.Contains("docs/diagnostics.md", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDescriptorPointsAtAMadeUpAddress() =>
        Assert.All(DiagnosticCasesTests.Descriptors(), d => Assert.True(string.IsNullOrEmpty(d.HelpLinkUri), $"{d.Id} links to {d.HelpLinkUri}"));

    private static string Net(string arguments, string members) =>
        $"{Usings}[Network({arguments})]\npublic partial class Net\n{{\n{members}\n}}\n";

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        for (string? folder = Path.GetDirectoryName(sourceFile); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "DslNets.sln"))) return folder;
        }

        throw new InvalidOperationException($"Expected DslNets.sln above {sourceFile}.");
    }

    [GeneratedRegex(@"(?<!×)\{[0-9]+\} (inputs?|outputs?|patch(es)?|parameters?|numbers?|weights?|shards?)\b")]
    private static partial Regex CountedNoun();

    [GeneratedRegex(@"\b1 (inputs|outputs|patches|layers|parameters|numbers|sizes)\b|\b([02-9]|[1-9][0-9]+) (input|output|patch|number|size)\b")]
    private static partial Regex WrongNumber();
}
