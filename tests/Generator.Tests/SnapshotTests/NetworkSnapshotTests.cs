using DslNets.Generator.Tests.Infrastructure;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>
/// The generated code of every network in <see cref="SnapshotNetworks"/>: it matches the approved snapshot and, compiled
/// alone with its network's source, has no diagnostic at all.
/// </summary>
public sealed class NetworkSnapshotTests
{
    public static TheoryData<string> Networks() => SnapshotNetworks.Data();

    [Fact]
    public void AtLeastSixNetworksAreSnapshotted() =>
        Assert.True(SnapshotNetworks.Names.Count >= 6, $"Only {SnapshotNetworks.Names.Count} snapshot networks; the foundation asks for at least six.");

    [Theory]
    [MemberData(nameof(Networks))]
    public void GeneratedCodeMatchesTheSnapshotAndCompilesCleanly(string name)
    {
        GeneratorRun run = SnapshotNetworkSource.Run(name);
        string details = run.Describe();
        Assert.True(run.Exception is null, details);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, $"The generator reported diagnostics on '{name}'.\n{details}");
        Assert.True(run.GeneratedFiles.Any(file => file.HintName.EndsWith("." + name + ".g.cs", StringComparison.Ordinal)), $"No file '{name}.g.cs' was generated.\n{details}");
        Assert.True(run.CompilationDiagnostics.IsEmpty, $"The output compilation of '{name}' has diagnostics.\n{details}");
        using MemoryStream assembly = run.Emit();
        Assert.True(assembly.Length > 0);

        Snapshot.Match(name, SnapshotNetworkSource.SnapshotText(run));
    }
}
