using System.Reflection;
using System.Text.RegularExpressions;
using DslNets.Generator.Diagnostics;
using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DslNets.Generator.Tests.Diagnostics;

/// <summary>The table of descriptors and the cases agree: every descriptor has a case, every expected message fits its format.</summary>
public sealed class DiagnosticCasesTests
{
    public static TheoryData<string> Cases() => DiagnosticCases.Names();

    /// <summary>Every descriptor of the generator's table, by reflection.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
            .ToArray();

    /// <summary>Diagnostics reported by an analyzer at a call, not by the generator at an attribute, each with its own tests.</summary>
    private static readonly string[] CallSiteIds = ["DSL0032"]; // MaxPoolRegionsAnalyzerTests

    [Fact]
    public void EveryDescriptorButTheInternalErrorHasACase()
    {
        var covered = DiagnosticCases.All.Values.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        string[] missing = Descriptors().Select(d => d.Id).Where(id => id != "DSL0099" && !CallSiteIds.Contains(id) && !covered.Contains(id)).ToArray();
        Assert.True(missing.Length == 0, $"Diagnostics without a test case: {string.Join(", ", missing)}");
        Assert.DoesNotContain("DSL0099", covered);
    }

    [Fact]
    public void TheTableHasUniqueIdsAndEveryEntryIsAnError()
    {
        IReadOnlyList<DiagnosticDescriptor> descriptors = Descriptors();
        Assert.True(descriptors.Count >= 18, $"{descriptors.Count} descriptors");
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(descriptors, d =>
        {
            Assert.Matches("^DSL[0-9]{4}$", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.Equal("DslNets", d.Category);
        });
    }

    /// <summary>The expected messages fit their descriptor's format: a check on this file's cases, independent of the generator.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void TheExpectedMessageFitsTheDescriptorFormat(string name)
    {
        DiagnosticCase expected = DiagnosticCases.All[name];
        DiagnosticDescriptor descriptor = Descriptors().Single(d => d.Id == expected.Id);
        string format = descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string pattern = "^" + Regex.Replace(Regex.Escape(format), @"\\\{[0-9]+}", ".*") + "$";
        Assert.Matches(pattern, expected.Message);
        string[] attributes = GeneratorHarness.Parse(expected.Source).GetRoot()
            .DescendantNodes().OfType<AttributeSyntax>().Select(attribute => attribute.ToString()).ToArray();
        Assert.Contains(expected.Location, attributes);
    }
}
