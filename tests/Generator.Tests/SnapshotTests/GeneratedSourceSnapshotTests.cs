using DslNets.Generator.Tests.Infrastructure;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>The generated source of every snapshot network equals its approved snapshot and compiles with no diagnostics.</summary>
public sealed class GeneratedSourceSnapshotTests
{
    [Theory]
    [MemberData(nameof(SnapshotNetworks.Data), MemberType = typeof(SnapshotNetworks))]
    public void GeneratedSourceMatchesItsSnapshotAndCompilesCleanly(string name)
    {
        GeneratorRun run = SnapshotNetworkSource.Run(name);
        Assert.Null(run.Exception);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Format(run.GeneratorDiagnostics));
        Assert.True(run.CompilationDiagnostics.IsEmpty, GeneratorHarness.Format(run.CompilationDiagnostics));
        Assert.Single(run.GeneratedFiles);
        Assert.EndsWith($".{name}.g.cs", run.GeneratedFiles[0].HintName);
        Snapshot.Match(name, SnapshotNetworkSource.SnapshotText(run));
    }
}
