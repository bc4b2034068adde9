using Xunit.Sdk;

namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>The snapshot helper itself, on a temporary folder.</summary>
public sealed class SnapshotHelperTests
{
    private const string Approved = "line one\nline two\nline three\n";

    [Fact]
    public void MatchPassesAndDeletesAStaleReceivedFile()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("Net.verified.cs"), Approved);
        File.WriteAllText(folder.File("Net.received.cs"), "stale");

        Snapshot.Match("Net", Approved, folder.Path, SnapshotPolicy.Compare);

        Assert.False(File.Exists(folder.File("Net.received.cs")));
        Assert.Equal(Approved, File.ReadAllText(folder.File("Net.verified.cs")));
    }

    [Fact]
    public void LineEndingsDoNotMatter()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("Net.verified.cs"), Approved.Replace("\n", "\r\n"));

        Snapshot.Match("Net", Approved, folder.Path, SnapshotPolicy.Compare);
        Snapshot.Match("Net", Approved.Replace("\n", "\r"), folder.Path, SnapshotPolicy.Compare);
    }

    [Fact]
    public void MismatchWritesReceivedAndTheDiffNamesTheLine()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("Net.verified.cs"), Approved);
        string actual = "line one\nline 2\nline three\n";

        var failure = Assert.ThrowsAny<XunitException>(() => Snapshot.Match("Net", actual, folder.Path, SnapshotPolicy.Compare));

        Assert.Equal(actual, File.ReadAllText(folder.File("Net.received.cs")));
        Assert.Equal(Approved, File.ReadAllText(folder.File("Net.verified.cs")));
        Assert.Contains("-     2: line two", failure.Message);
        Assert.Contains("+     2: line 2", failure.Message);
        Assert.DoesNotContain("line one", failure.Message);
        Assert.Contains("Net.received.cs", failure.Message);
        Assert.Contains(SnapshotPolicy.AcceptVariable, failure.Message);
    }

    [Fact]
    public void MissingApprovedFileFailsAndWritesReceived()
    {
        using var folder = new TemporaryFolder();

        var failure = Assert.ThrowsAny<XunitException>(() => Snapshot.Match("Fresh", Approved, folder.Path, SnapshotPolicy.Compare));

        Assert.Contains("no approved file", failure.Message);
        Assert.Equal(Approved, File.ReadAllText(folder.File("Fresh.received.cs")));
        Assert.False(File.Exists(folder.File("Fresh.verified.cs")));
    }

    [Fact]
    public void AcceptingWritesTheApprovedFileAndRemovesReceived()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("Net.verified.cs"), Approved);
        File.WriteAllText(folder.File("Net.received.cs"), "stale");
        string actual = "changed\r\ntext\r\n";

        Snapshot.Match("Net", actual, folder.Path, SnapshotPolicy.FromValues(accept: "1", ci: null));

        Assert.Equal("changed\ntext\n", File.ReadAllText(folder.File("Net.verified.cs")));
        Assert.False(File.Exists(folder.File("Net.received.cs")));
        Snapshot.Match("Net", actual, folder.Path, SnapshotPolicy.Compare);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("1")]
    public void OnCiAcceptingIsRefused(string ci)
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("Net.verified.cs"), Approved);
        var policy = SnapshotPolicy.FromValues(accept: "1", ci: ci);

        Assert.False(policy.Accepts);
        var failure = Assert.ThrowsAny<XunitException>(() => Snapshot.Match("Net", "other\n", folder.Path, policy));

        Assert.Equal(Approved, File.ReadAllText(folder.File("Net.verified.cs")));
        Assert.Contains("CI=true", failure.Message);
        Assert.Throws<FailException>(() => Snapshot.Match("New", "text\n", folder.Path, policy));
        Assert.False(File.Exists(folder.File("New.verified.cs")));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("0", null, false)]
    [InlineData("yes", null, false)]
    [InlineData("1", null, true)]
    [InlineData("1", "false", true)]
    [InlineData("1", "true", false)]
    public void PolicyReadsTheEnvironmentValues(string? accept, string? ci, bool accepts) =>
        Assert.Equal(accepts, SnapshotPolicy.FromValues(accept, ci).Accepts);

    [Fact]
    public void RegistryCheckFindsOrphansAndMissingFiles()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("Listed.verified.cs"), Approved);
        File.WriteAllText(folder.File("Orphan.verified.cs"), Approved);
        File.WriteAllText(folder.File("Listed.received.cs"), "received files are not approved snapshots");

        var failure = Assert.ThrowsAny<XunitException>(
            () => Snapshot.AssertRegistryMatchesFolder(new[] { "Listed", "Unwritten" }, folder.Path));

        Assert.Contains("Orphan.verified.cs", failure.Message);
        Assert.Contains("Unwritten.verified.cs", failure.Message);
        Assert.DoesNotContain("Listed.verified.cs", failure.Message);
        Snapshot.AssertRegistryMatchesFolder(new[] { "Listed", "Orphan" }, folder.Path);
        Assert.Equal(new[] { "Listed", "Orphan" }, Snapshot.ApprovedNames(folder.Path));
    }

    [Fact]
    public void TheDefaultFolderIsInTheSourceTree()
    {
        Assert.True(File.Exists(Path.Combine(Snapshot.ProjectFolder, "DslNets.Generator.Tests.csproj")), Snapshot.ProjectFolder);
        Assert.Equal("Snapshots", Path.GetFileName(Snapshot.DefaultFolder));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a/b")]
    public void BadNamesAreRejected(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Snapshot.Match(name, "x", Path.GetTempPath(), SnapshotPolicy.Compare));
        Assert.Contains($"'{name}'", error.Message);
    }
}
