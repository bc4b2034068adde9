namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>An empty folder under the temporary path, deleted with everything in it on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dslnets-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="fileName"/> in the folder.</summary>
    public string File(string fileName) => System.IO.Path.Combine(Path, fileName);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
