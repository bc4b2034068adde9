using System.Runtime.CompilerServices;
using System.Text;

namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>
/// The project's own snapshot helper. The approved text of snapshot <c>name</c> is
/// tests/Generator.Tests/Snapshots/<c>name</c>.verified.cs (committed, never compiled). A mismatch writes
/// <c>name</c>.received.cs beside it and fails with a line diff; a match deletes a stale received file.
/// Accepting is explicit: DSLNETS_ACCEPT_SNAPSHOTS=1 writes the received text as approved, except on CI (CI=true).
/// </summary>
public static class Snapshot
{
    /// <summary>The suffix of approved files.</summary>
    public const string VerifiedSuffix = ".verified.cs";

    /// <summary>The suffix of received files (git-ignored).</summary>
    public const string ReceivedSuffix = ".received.cs";

    /// <summary>tests/Generator.Tests in the source tree (found from this file's path, not from the output folder).</summary>
    public static string ProjectFolder { get; } = FindProjectFolder();

    /// <summary>tests/Generator.Tests/Snapshots.</summary>
    public static string DefaultFolder => Path.Combine(ProjectFolder, "Snapshots");

    /// <summary>
    /// Compares <paramref name="actual"/> with the approved snapshot <paramref name="name"/> and fails on a mismatch.
    /// </summary>
    /// <param name="name">The snapshot's name (the file is name.verified.cs).</param>
    /// <param name="actual">The text produced now.</param>
    /// <param name="folder">The snapshot folder; <see cref="DefaultFolder"/> unless given (tests of this helper use a temporary one).</param>
    /// <param name="policy">Whether accepting is allowed; <see cref="SnapshotPolicy.FromEnvironment"/> unless given.</param>
    public static void Match(string name, string actual, string? folder = null, SnapshotPolicy? policy = null)
    {
        ValidateName(name);
        folder ??= DefaultFolder;
        policy ??= SnapshotPolicy.FromEnvironment();
        string verifiedPath = Path.Combine(folder, name + VerifiedSuffix);
        string receivedPath = Path.Combine(folder, name + ReceivedSuffix);
        string received = Normalize(actual);
        string? approved = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (approved == received)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        if (policy.Accepts)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verifiedPath, received, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(receivedPath, received, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        string how = policy.IsContinuousIntegration
            ? "CI=true is set, so snapshots are only compared here; accept them locally and commit the .verified.cs file."
            : $"If the new text is right, accept it: rerun with {SnapshotPolicy.AcceptVariable}=1 and commit the .verified.cs file.";
        string message = approved is null
            ? $"Snapshot '{name}' has no approved file {verifiedPath}.\nThe received text is in {receivedPath}.\n{how}"
            : $"Snapshot '{name}' does not match {verifiedPath}.\nThe received text is in {receivedPath}.\n{how}\n" +
              $"Differences (- approved, + received):\n{LineDiff.Format(approved, received)}";
        Assert.Fail(message);
    }

    /// <summary>Line endings as \n (a CRLF checkout or generator must not fail a snapshot).</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>The names of every approved snapshot in <paramref name="folder"/>, sorted.</summary>
    public static IReadOnlyList<string> ApprovedNames(string? folder = null)
    {
        folder ??= DefaultFolder;
        if (!Directory.Exists(folder)) return Array.Empty<string>();
        return Directory.GetFiles(folder, "*" + VerifiedSuffix)
            .Select(path => Path.GetFileName(path)[..^VerifiedSuffix.Length])
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// Fails when an approved file in <paramref name="folder"/> belongs to no name of <paramref name="producedNames"/>
    /// (a snapshot that no test produces) or a name has no approved file.
    /// </summary>
    public static void AssertRegistryMatchesFolder(IEnumerable<string> producedNames, string? folder = null)
    {
        folder ??= DefaultFolder;
        var produced = producedNames.ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> approved = ApprovedNames(folder);
        string[] orphans = approved.Where(name => !produced.Contains(name)).ToArray();
        string[] missing = produced.Where(name => !approved.Contains(name)).Order(StringComparer.Ordinal).ToArray();
        if (orphans.Length == 0 && missing.Length == 0) return;
        var message = new StringBuilder($"The snapshots in {folder} and the list of snapshot tests disagree.\n");
        if (orphans.Length > 0)
        {
            message.AppendLine($"Approved files that no test produces (delete them or add the name to the list): {string.Join(", ", orphans.Select(n => n + VerifiedSuffix))}");
        }

        if (missing.Length > 0)
        {
            message.AppendLine($"Listed snapshots with no approved file (run the test with {SnapshotPolicy.AcceptVariable}=1 and commit): {string.Join(", ", missing.Select(n => n + VerifiedSuffix))}");
        }

        Assert.Fail(message.ToString());
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('.'))
        {
            throw new ArgumentException($"Expected a snapshot name usable as a file name without dots but got '{name}'.", nameof(name));
        }
    }

    private static string FindProjectFolder()
    {
        // [CallerFilePath] gives this file's source path at compile time: tests/Generator.Tests/Infrastructure/Snapshot.cs.
        string? fromSource = Path.GetDirectoryName(Path.GetDirectoryName(ThisFilePath()));
        if (fromSource is not null && File.Exists(Path.Combine(fromSource, "DslNets.Generator.Tests.csproj"))) return fromSource;

        // Paths mapped by a deterministic CI build: walk up from the output folder to the repository instead.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Generator.Tests");
            if (File.Exists(Path.Combine(candidate, "DslNets.Generator.Tests.csproj"))) return candidate;
        }

        throw new InvalidOperationException(
            $"Could not find tests/Generator.Tests: not from the source path '{ThisFilePath()}' nor above '{AppContext.BaseDirectory}'.");
    }

    private static string ThisFilePath([CallerFilePath] string path = "") => path;
}
