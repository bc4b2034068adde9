using System.Buffers.Binary;

namespace DslNets.Data;

/// <summary>
/// Reads files in the IDX format (MNIST's): a 4-byte magic number 0x00 0x00 type rank, then rank big-endian
/// 32-bit dimensions, then the elements. The file may be gzip-compressed (recognised by its magic bytes) or raw.
/// Every inconsistency (wrong magic, wrong rank, a payload shorter or longer than the dimensions say) throws a
/// <see cref="DataFormatException"/> naming the file, what was expected and what was found.
/// </summary>
/// <remarks>
/// Memory is bounded by the input: a raw file's dimensions are checked against its length before the payload is
/// allocated, and a gzip file's payload buffer grows only as decompressed bytes arrive (at most doubling), so a
/// header that claims more than the file holds costs no more than the file's content.
/// </remarks>
public static class IdxReader
{
    /// <summary>The first payload buffer of a gzip file; it doubles as data arrives, up to what the header claims.</summary>
    private const int FirstGzipBuffer = 1 << 16;

    /// <summary>How many bytes past the payload are counted for the message before counting stops.</summary>
    private const int TrailingBytesCounted = 1 << 20;

    /// <summary>Reads an IDX file of any of the six element types and any rank from 1 to 255.</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <exception cref="DataFormatException">The bytes are not a consistent IDX file (the message names the file, what was expected and what was found).</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The OS could not read the file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading the file.</exception>
    public static IdxFile Read(string path) => Read(path, expectedType: null, expectedRank: null, what: "data");

    /// <summary>
    /// Reads an IDX file and checks that its magic number says <paramref name="expectedType"/> and
    /// <paramref name="expectedRank"/> (for MNIST labels: UnsignedByte, 1, magic 0x00000801; images: UnsignedByte, 3, 0x00000803).
    /// </summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <param name="expectedType">The element type the magic number must name.</param>
    /// <param name="expectedRank">The number of dimensions the magic number must name.</param>
    /// <param name="what">What the payload is, for messages ("image data", "label data").</param>
    /// <exception cref="DataFormatException">The bytes are not a consistent IDX file of that type and rank.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The OS could not read the file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading the file.</exception>
    public static IdxFile Read(string path, IdxDataType expectedType, int expectedRank, string what) =>
        Read(path, (IdxDataType?)expectedType, (int?)expectedRank, what);

    /// <summary>Reads a whole file held in memory (the fuzz tests' entry); <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="DataFormatException">The bytes are not a consistent IDX file.</exception>
    internal static IdxFile Parse(string path, byte[] bytes, IdxDataType? expectedType = null, int? expectedRank = null, string what = "data")
    {
        using Stream stream = CompressedFiles.Decompressing(new MemoryStream(bytes, writable: false), out bool compressed);
        return Read(stream, compressed ? null : bytes.Length, path, expectedType, expectedRank, what);
    }

    private static IdxFile Read(string path, IdxDataType? expectedType, int? expectedRank, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected an IDX file but there is no such file.", path);
        using Stream stream = CompressedFiles.OpenRead(path, out bool compressed);
        long? rawLength = compressed ? null : stream.Length;
        return Read(stream, rawLength, path, expectedType, expectedRank, what);
    }

    /// <summary>The format itself, over the decompressed bytes.</summary>
    /// <param name="stream">The decompressed bytes from the start.</param>
    /// <param name="rawLength">The file's length when it is raw (so the payload can be checked before allocation), null for gzip.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="expectedType">The element type required, or null for any.</param>
    /// <param name="expectedRank">The rank required, or null for any.</param>
    /// <param name="what">What the payload is, for messages.</param>
    private static IdxFile Read(Stream stream, long? rawLength, string path, IdxDataType? expectedType, int? expectedRank, string what)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = CompressedFiles.ReadUpTo(stream, magic, path, 0);
        string expectedMagic = expectedType is { } t && expectedRank is { } r
            ? $"0x{((int)t << 8) | r:X8}"
            : "0x0000TTRR (two zero bytes, an element type, a rank)";
        if (got < 4)
        {
            throw new DataFormatException($"{path}: expected a 4-byte IDX magic number {expectedMagic} but the file ends after {got} bytes");
        }

        uint magicNumber = BinaryPrimitives.ReadUInt32BigEndian(magic);
        var type = (IdxDataType)magic[2];
        int rank = magic[3];
        bool knownType = Enum.IsDefined(type);
        bool matches = magic[0] == 0 && magic[1] == 0 && knownType && rank >= 1
            && (expectedType is null || expectedType == type) && (expectedRank is null || expectedRank == rank);
        if (!matches)
        {
            string why = magic[0] != 0 || magic[1] != 0 ? "its first two bytes are not zero"
                : !knownType ? $"type byte 0x{magic[2]:X2} is not an IDX element type"
                : rank == 0 ? "its rank is 0"
                : expectedType is not null && expectedType != type ? $"it holds {type} elements, not {expectedType}"
                : $"it has {rank} dimensions, not {expectedRank}";
            throw new DataFormatException($"{path}: expected the IDX magic number {expectedMagic} but found 0x{magicNumber:X8} ({why})");
        }

        Span<byte> header = stackalloc byte[4 * rank];
        got = CompressedFiles.ReadUpTo(stream, header, path, 4);
        if (got < header.Length)
        {
            throw new DataFormatException(
                $"{path}: expected {rank} big-endian 32-bit dimensions after the magic number ({header.Length} bytes) but the file ends after {got} of them");
        }

        var dimensions = new int[rank];
        long elements = 1;
        bool empty = false;
        for (int i = 0; i < rank; i++)
        {
            uint dimension = BinaryPrimitives.ReadUInt32BigEndian(header[(4 * i)..]);
            if (dimension > int.MaxValue)
            {
                throw new DataFormatException($"{path}: expected dimension {i + 1} to be at most {int.MaxValue} but the header says {dimension}");
            }

            dimensions[i] = (int)dimension;
            empty |= dimension == 0;
            // Past what an array holds the exact product no longer matters: saturating there keeps elements × the
            // element size from overflowing a long (the fuzz campaign found three dimensions of 1,650,614,882 wrapping
            // round to a 65,536-byte payload that was then accepted).
            elements = Math.Min(elements * dimension, (long)Array.MaxLength + 1);
        }

        if (empty) elements = 0;

        int elementSize = IdxFile.ElementSize(type);
        long expectedBytes = elements * elementSize;
        string shape = string.Join("×", dimensions);
        if (expectedBytes > Array.MaxLength)
        {
            throw new DataFormatException($"{path}: the header's dimensions ({shape}) call for {expectedBytes} bytes of {what}, more than one array can hold ({Array.MaxLength})");
        }

        int headerBytes = 4 + 4 * rank;
        if (rawLength is { } length)
        {
            // A raw file's length says exactly how much payload there is: check it before allocating anything.
            long available = length - headerBytes;
            if (available < expectedBytes)
            {
                throw new DataFormatException(
                    $"{path}: expected {expectedBytes} bytes of {what} ({shape}) after the {headerBytes}-byte header but the file ends after {available} of them");
            }

            if (available > expectedBytes)
            {
                throw new DataFormatException(
                    $"{path}: expected {expectedBytes} bytes of {what} ({shape}) after the {headerBytes}-byte header but found {available - expectedBytes} more bytes after them");
            }
        }

        byte[] data = rawLength is null ? ReadGrowing(stream, (int)expectedBytes, path, headerBytes, out got) : ReadExactly(stream, (int)expectedBytes, path, headerBytes, out got);
        if (got < expectedBytes)
        {
            throw new DataFormatException(
                $"{path}: expected {expectedBytes} bytes of {what} ({shape}) after the {headerBytes}-byte header but the file ends after {got} of them");
        }

        long extra = CountRemaining(stream, path, headerBytes + expectedBytes);
        if (extra > 0)
        {
            string count = extra > TrailingBytesCounted ? $"more than {TrailingBytesCounted}" : $"{extra}";
            throw new DataFormatException(
                $"{path}: expected {expectedBytes} bytes of {what} ({shape}) after the {headerBytes}-byte header but found {count} more bytes after them");
        }

        return new IdxFile(path, type, dimensions, data);
    }

    private static byte[] ReadExactly(Stream stream, int count, string path, long alreadyRead, out int got)
    {
        var data = new byte[count];
        got = CompressedFiles.ReadUpTo(stream, data, path, alreadyRead);
        return data;
    }

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes into a buffer that starts small and doubles only once full, so a
    /// header that lies about the size of a compressed payload allocates at most about twice what actually arrives.
    /// </summary>
    private static byte[] ReadGrowing(Stream stream, int count, string path, long alreadyRead, out int got)
    {
        var data = new byte[Math.Min(count, FirstGzipBuffer)];
        got = 0;
        while (true)
        {
            got += CompressedFiles.ReadUpTo(stream, data.AsSpan(got), path, alreadyRead + got);
            if (got < data.Length || data.Length == count) return data;
            Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
        }
    }

    /// <summary>
    /// Counts the bytes left, stopping past <see cref="TrailingBytesCounted"/>: a small gzip file can expand to gigabytes
    /// of trailing zeros, and decompressing them all would only sharpen a message.
    /// </summary>
    private static long CountRemaining(Stream stream, string path, long alreadyRead)
    {
        Span<byte> scratch = stackalloc byte[4096];
        long extra = 0;
        while (extra <= TrailingBytesCounted)
        {
            int n = CompressedFiles.ReadUpTo(stream, scratch, path, alreadyRead + extra);
            extra += n;
            if (n < scratch.Length) break;
        }

        return extra;
    }
}
