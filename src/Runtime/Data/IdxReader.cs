using System.Buffers.Binary;

namespace DslNets.Data;

/// <summary>
/// Reads files in the IDX format (MNIST's): a 4-byte magic number 0x00 0x00 type rank, then rank big-endian
/// 32-bit dimensions, then the elements. The file may be gzip-compressed (recognised by its magic bytes) or raw.
/// Every inconsistency (wrong magic, wrong rank, a payload shorter or longer than the dimensions say) throws a
/// <see cref="DataFormatException"/> naming the file, what was expected and what was found.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads an IDX file of any of the six element types and any rank from 1 to 255.</summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    public static IdxFile Read(string path) => Read(path, expectedType: null, expectedRank: null, what: "data");

    /// <summary>
    /// Reads an IDX file and checks that its magic number says <paramref name="expectedType"/> and
    /// <paramref name="expectedRank"/> (for MNIST labels: UnsignedByte, 1, magic 0x00000801; images: UnsignedByte, 3, 0x00000803).
    /// </summary>
    /// <param name="path">The file, raw or gzip-compressed.</param>
    /// <param name="expectedType">The element type the magic number must name.</param>
    /// <param name="expectedRank">The number of dimensions the magic number must name.</param>
    /// <param name="what">What the payload is, for messages ("image data", "label data").</param>
    public static IdxFile Read(string path, IdxDataType expectedType, int expectedRank, string what) =>
        Read(path, (IdxDataType?)expectedType, (int?)expectedRank, what);

    private static IdxFile Read(string path, IdxDataType? expectedType, int? expectedRank, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected an IDX file but there is no such file.", path);
        using Stream stream = CompressedFiles.OpenRead(path, out _);

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
            // Once past what an array holds the exact product no longer matters; stopping there avoids overflow.
            if (elements <= Array.MaxLength) elements *= dimension;
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
        var data = new byte[expectedBytes];
        got = CompressedFiles.ReadUpTo(stream, data, path, headerBytes);
        if (got < data.Length)
        {
            throw new DataFormatException(
                $"{path}: expected {expectedBytes} bytes of {what} ({shape}) after the {headerBytes}-byte header but the file ends after {got} of them");
        }

        long extra = CountRemaining(stream, path, headerBytes + expectedBytes);
        if (extra > 0)
        {
            throw new DataFormatException(
                $"{path}: expected {expectedBytes} bytes of {what} ({shape}) after the {headerBytes}-byte header but found {extra} more bytes after them");
        }

        return new IdxFile(path, type, dimensions, data);
    }

    private static long CountRemaining(Stream stream, string path, long alreadyRead)
    {
        Span<byte> scratch = stackalloc byte[4096];
        long extra = 0;
        while (true)
        {
            int n = CompressedFiles.ReadUpTo(stream, scratch, path, alreadyRead + extra);
            extra += n;
            if (n < scratch.Length) return extra;
        }
    }
}
