using DslNets.Runtime.Tests.Data;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// A valid file a campaign starts from. With <paramref name="GzipAfterMutation"/> the mutations damage the plain
/// content and the result is compressed again, so that a gzip reader meets damaged headers inside intact compression.
/// </summary>
/// <param name="Name">What the file is ("float checkpoint", "idx3 gzip").</param>
/// <param name="Bytes">The file.</param>
/// <param name="GzipAfterMutation">Whether the mutated bytes are gzip-compressed before reading.</param>
public sealed record FuzzSeed(string Name, byte[] Bytes, bool GzipAfterMutation = false)
{
    /// <summary>The file the reader sees after <paramref name="mutations"/>.</summary>
    public byte[] Mutate(IReadOnlyList<Mutation> mutations)
    {
        byte[] bytes = Bytes;
        foreach (Mutation mutation in mutations) bytes = mutation.ApplyTo(bytes);
        return GzipAfterMutation ? IdxBytes.Gzip(bytes) : bytes;
    }
}
