using System.Text;
using DslNets.Generator.Tests.Infrastructure;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>Reads the snapshot networks' sources (tests/Generator.Tests/Networks/&lt;Name&gt;.cs) and runs the generator on them.</summary>
public static class SnapshotNetworkSource
{
    /// <summary>tests/Generator.Tests/Networks in the source tree.</summary>
    public static string Folder => Path.Combine(Snapshot.ProjectFolder, "Networks");

    /// <summary>The source file of network <paramref name="name"/>.</summary>
    public static string PathOf(string name) => Path.Combine(Folder, name + ".cs");

    /// <summary>The source text of network <paramref name="name"/>; fails naming the path when it is missing.</summary>
    public static string Read(string name)
    {
        string path = PathOf(name);
        if (!File.Exists(path)) Assert.Fail($"The snapshot network '{name}' has no source file {path}.");
        return File.ReadAllText(path);
    }

    /// <summary>Runs the generator on network <paramref name="name"/>'s file alone.</summary>
    public static GeneratorRun Run(string name) => GeneratorHarness.RunFile(name + ".cs", Read(name));

    /// <summary>
    /// The snapshot text of a run: the one generated file as it is, or, when there are several, each file after a
    /// header line "// ---- hint name ----", in the order of their hint names.
    /// </summary>
    public static string SnapshotText(GeneratorRun run)
    {
        if (run.GeneratedFiles.Count == 1) return run.GeneratedFiles[0].Text;
        var text = new StringBuilder();
        foreach (GeneratedFile file in run.GeneratedFiles.OrderBy(f => f.HintName, StringComparer.Ordinal))
        {
            text.Append("// ---- ").Append(file.HintName).Append(" ----\n");
            text.Append(Snapshot.Normalize(file.Text));
            if (!file.Text.EndsWith('\n')) text.Append('\n');
        }

        return text.ToString();
    }
}
