using System.IO.Compression;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// A reader of outside bytes under fuzzing: the valid files it starts from, the one exception type its documentation
/// allows for bad content, and the read itself (through the same code as the file entry point, from memory), followed
/// by the checks an accepted input must pass.
/// </summary>
public abstract class ReaderTarget
{
    /// <summary>The path messages name; every message must contain it.</summary>
    public const string InputPath = "fuzz-input.bin";

    /// <summary>Allocation allowed per case beyond what the input accounts for: buffers, JSON documents, the exception.</summary>
    public const long AllocationAllowance = 2L << 20;

    /// <summary>Bytes allocated per byte of (decompressed) input that a reader may spend: parsing text into numbers, growing lists.</summary>
    public const long AllocationPerInputByte = 64;

    /// <summary>The reader's name in reports.</summary>
    public abstract string Name { get; }

    /// <summary>The exception its documentation lists for bad content.</summary>
    public abstract Type DocumentedException { get; }

    /// <summary>Valid files, as the project itself writes them.</summary>
    public abstract IReadOnlyList<FuzzSeed> Seeds { get; }

    /// <summary>Whether every strict prefix of a seed must be refused (true for formats whose header fixes the length).</summary>
    public virtual bool RefusesEveryTruncation => false;

    /// <summary>
    /// Reads <paramref name="input"/>; on success checks what an accepted input promises (throwing <see cref="FuzzFailure"/>
    /// when it does not) and returns how it was accepted, for the report; otherwise throws whatever the reader throws.
    /// </summary>
    public abstract string Read(byte[] input);

    /// <summary>
    /// The most a case may allocate: a fixed allowance plus a multiple of what the input can fill, which for gzip is its
    /// decompressed length (a reader must grow buffers as data arrives, not as a header claims).
    /// </summary>
    public static long AllocationBound(byte[] input) => AllocationAllowance + AllocationPerInputByte * ContentLength(input);

    /// <summary>The decompressed length of a gzip input (counted up to 256 MiB), else its length.</summary>
    public static long ContentLength(byte[] input)
    {
        if (input.Length < 2 || input[0] != 0x1F || input[1] != 0x8B) return input.Length;
        long total = 0;
        var buffer = new byte[1 << 16];
        try
        {
            using var gzip = new GZipStream(new MemoryStream(input), CompressionMode.Decompress);
            int n;
            while (total < (256L << 20) && (n = gzip.Read(buffer)) > 0) total += n;
        }
        catch (InvalidDataException)
        {
            // What decompressed before the damage is what the reader could have seen.
        }

        return Math.Max(total, input.Length);
    }
}
