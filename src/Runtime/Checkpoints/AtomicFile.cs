namespace DslNets.Checkpoints;

/// <summary>
/// Replaces a file all at once: the new content goes to a temporary file in the same folder (so the rename stays on
/// one file system), is flushed to disk, and is then renamed over the target. A failure at any point deletes the
/// temporary file and leaves the old target untouched.
/// </summary>
internal static class AtomicFile
{
    private static int _counter;

    /// <summary>A fresh temporary path beside <paramref name="fullPath"/>: hidden, and unique per process and call.</summary>
    public static string TemporaryPathFor(string fullPath) =>
        System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(fullPath)!,
            $".{System.IO.Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Interlocked.Increment(ref _counter)}.tmp");

    /// <summary>Creates the temporary file for writing (never overwriting an existing file).</summary>
    public static FileStream Create(string temporaryPath) =>
        new(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);

    /// <summary>Flushes <paramref name="file"/> through the OS cache to the disk, so the rename never exposes unwritten data.</summary>
    public static void FlushToDisk(FileStream file) => file.Flush(flushToDisk: true);

    /// <summary>Renames the finished temporary file over the target.</summary>
    public static void Commit(string temporaryPath, string fullPath) => File.Move(temporaryPath, fullPath, overwrite: true);

    /// <summary>
    /// Deletes temporary files that writers of <paramref name="fullPath"/> killed mid-write left behind (their process is
    /// gone), so none survive the next save. Files of live processes, this one included, are left alone.
    /// </summary>
    public static void RemoveStale(string fullPath)
    {
        string folder = System.IO.Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(folder)) return;
        string prefix = $".{System.IO.Path.GetFileName(fullPath)}.";
        foreach (string candidate in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
        {
            string[] parts = System.IO.Path.GetFileName(candidate)[prefix.Length..].Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[0], out int pid) || IsRunning(pid)) continue;
            Discard(candidate);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Deletes the temporary file after a failure; a failure to delete must not hide the original error.</summary>
    public static void Discard(string temporaryPath)
    {
        try
        {
            File.Delete(temporaryPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
