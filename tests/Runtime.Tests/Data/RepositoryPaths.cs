using System.Runtime.CompilerServices;

namespace DslNets.Runtime.Tests.Data;

/// <summary>
/// Where the repository and the optional shared data sit, found from this source file's path (so tests do not
/// depend on the working directory). The shared data folder is ../shared/data beside the repository, or the folder
/// named by the DSLNETS_SHARED_DATA environment variable (for worktrees that live elsewhere).
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above this file that holds DslNets.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared data folder (with mnist/ and uci/), or null when this machine does not have it.</summary>
    public static string? SharedData
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("DSLNETS_SHARED_DATA");
            string candidate = string.IsNullOrEmpty(fromEnvironment) ? Path.GetFullPath(Path.Combine(Root, "..", "shared", "data")) : fromEnvironment;
            return Directory.Exists(candidate) ? candidate : null;
        }
    }

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        for (string? folder = Path.GetDirectoryName(sourceFile); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "DslNets.sln"))) return folder;
        }

        throw new InvalidOperationException($"Expected DslNets.sln in a folder above {sourceFile} but found none.");
    }
}
