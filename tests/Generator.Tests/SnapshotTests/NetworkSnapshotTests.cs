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
        // Describe() is built only on failure: it asks for the compilation's diagnostics, which Emit already gives.
        if (run.Exception is not null) Assert.Fail(run.Describe());
        if (!run.GeneratorDiagnostics.IsEmpty) Assert.Fail($"The generator reported diagnostics on '{name}'.\n{run.Describe()}");
        if (!run.GeneratedFiles.Any(file => file.HintName.EndsWith("." + name + ".g.cs", StringComparison.Ordinal)))
        {
            Assert.Fail($"No file '{name}.g.cs' was generated.\n{run.Describe()}");
        }

        using (MemoryStream assembly = run.Emit())
        {
            Assert.True(assembly.Length > 0);
        }

        if (!run.CompilationDiagnostics.IsEmpty) Assert.Fail($"The output compilation of '{name}' has diagnostics.\n{run.Describe()}");

        Snapshot.Match(name, SnapshotNetworkSource.SnapshotText(run));
    }
}
