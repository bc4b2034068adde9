using DslNets.Generator.Diagnostics;
using DslNets.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace DslNets.Generator.Tests.Robustness;

/// <summary>The never-fails check passes on right behaviour and fails on each way a generator can go wrong.</summary>
public sealed class RobustnessChecksTests
{
    private const string NoLayers = "using DslNets;\nnamespace N;\n[Network(Inputs = 2)]\npublic partial class Net { public int Epochs { get; set; } }\n";

    private static void Fails(GeneratorRun run, string expected)
    {
        var failure = Assert.ThrowsAny<XunitException>(() => RobustnessChecks.AssertNeverFails(run, "test"));
        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public void ADiagnosticWithoutCodePasses() =>
        RobustnessChecks.AssertNeverFails(DelegateGenerator.Run(NoLayers, (output, network) =>
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoLayers, DelegateGenerator.NetworkAttributeLocation(network), "Net"))), "test");

    [Fact]
    public void ValidCodeWithoutDiagnosticsPasses() =>
        RobustnessChecks.AssertNeverFails(DelegateGenerator.Run(NoLayers, (output, _) =>
            output.AddSource("Net.g.cs", "namespace N;\npartial class Net\n{\n    public const int InputSize = 2;\n}\n")), "test");

    [Fact]
    public void AnExceptionFails() =>
        Fails(DelegateGenerator.Run(NoLayers, (_, _) => throw new InvalidOperationException("planted")), "The generator threw");

    [Fact]
    public void TheInternalErrorFails() =>
        Fails(DelegateGenerator.Run(NoLayers, (output, network) =>
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, DelegateGenerator.NetworkAttributeLocation(network), "Net", "boom"))),
            "A generator failure was reported");

    [Fact]
    public void CodeForAClassWithAnErrorFails() =>
        Fails(DelegateGenerator.Run(NoLayers, (output, network) =>
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoLayers, DelegateGenerator.NetworkAttributeLocation(network), "Net"));
            output.AddSource("Net.g.cs", "namespace N;\npartial class Net { public static int InputSize => 4; }\n");
        }), "reported DSL0002 on 'Net' yet generated code beyond the throwing stand-in");

    [Fact]
    public void AnUnlocatedErrorFails() =>
        Fails(DelegateGenerator.Run(NoLayers, (output, _) =>
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoLayers, Location.None, "Net"))), "DSL0002 is not located in the user's source");

    [Fact]
    public void BrokenCodeForValidInputFails() =>
        Fails(DelegateGenerator.Run(NoLayers, (output, _) =>
            output.AddSource("Net.g.cs", "namespace N;\npartial class Net { public int Epochs => 1; }\n")), "yet the output does not compile");

    [Fact]
    public void WarningsInGeneratedCodeFail() =>
        Fails(DelegateGenerator.Run(NoLayers, (output, _) =>
            output.AddSource("Net.g.cs", "namespace N;\npartial class Net { public static void Train() { int unused = 1; } }\n")), "The generated code has warnings");

    [Fact]
    public void TheUsersOwnErrorsExcuseBrokenOutput() =>
        RobustnessChecks.AssertNeverFails(DelegateGenerator.Run(NoLayers.Replace("int Epochs", "Missing Epochs"), (output, _) =>
            output.AddSource("Net.g.cs", "namespace N;\npartial class Net { public int Count => Epochs.Length; }\n")), "test");
}
