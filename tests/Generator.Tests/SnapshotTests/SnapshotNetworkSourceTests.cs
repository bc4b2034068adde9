using DslNets.Generator.Tests.Infrastructure;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>How a run becomes snapshot text.</summary>
public sealed class SnapshotNetworkSourceTests
{
    private sealed class TwoFileGenerator : Microsoft.CodeAnalysis.IIncrementalGenerator
    {
        public void Initialize(Microsoft.CodeAnalysis.IncrementalGeneratorInitializationContext context) =>
            context.RegisterPostInitializationOutput(output =>
            {
                output.AddSource("B.g.cs", "// b\r\n");
                output.AddSource("A.g.cs", "// a");
            });
    }

    [Fact]
    public void SeveralFilesAreJoinedInHintNameOrderUnderHeaders()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new TwoFileGenerator()), GeneratorHarness.CreateCompilation(""));
        Assert.Equal("// ---- A.g.cs ----\n// a\n// ---- B.g.cs ----\n// b\n", SnapshotNetworkSource.SnapshotText(run));
    }

    [Fact]
    public void NetworkSourcesLiveInTheNetworksFolder() =>
        Assert.Equal(Path.Combine(Snapshot.ProjectFolder, "Networks", "Mlp.cs"), SnapshotNetworkSource.PathOf("Mlp"));
}
