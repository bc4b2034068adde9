using DslNets.Generator.Tests.Infrastructure;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>A snapshot that no test produces fails: the approved files and the list of networks agree.</summary>
public sealed class SnapshotRegistryTests
{
    [Fact]
    public void EveryApprovedSnapshotIsProducedAndEveryListedNetworkHasOne() =>
        Snapshot.AssertRegistryMatchesFolder(SnapshotNetworks.Names);

    [Fact]
    public void EveryListedNetworkHasItsSourceFile()
    {
        string[] missing = SnapshotNetworks.Names
            .Where(name => !File.Exists(SnapshotNetworkSource.PathOf(name)))
            .ToArray();
        Assert.True(missing.Length == 0,
            $"Listed snapshot networks without a source file in {SnapshotNetworkSource.Folder}: {string.Join(", ", missing)}");
        Assert.Equal(SnapshotNetworks.Names.Count, SnapshotNetworks.Names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void AtLeastSixNetworksAreSnapshotted() =>
        Assert.True(SnapshotNetworks.Names.Count >= 6, $"Only {SnapshotNetworks.Names.Count} snapshot networks; the foundation asks for at least six.");
}
