using System.IO.Compression;

namespace DslNets.Data;

/// <summary>Opens a data file that may or may not be gzip-compressed, telling the two apart by gzip's magic bytes.</summary>
internal static class CompressedFiles
{
    /// <summary>Opens <paramref name="path"/> for reading; a file that starts with 0x1F 0x8B is decompressed on the fly.</summary>
    public static Stream OpenRead(string path, out bool compressed)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            return Decompressing(file, out compressed);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <paramref name="seekable"/> itself, or a decompressing view of it when it starts with 0x1F 0x8B; either way the
    /// returned stream owns it.
    /// </summary>
    public static Stream Decompressing(Stream seekable, out bool compressed)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = seekable.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        seekable.Position = 0;
        compressed = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        return compressed ? new GZipStream(seekable, CompressionMode.Decompress, leaveOpen: false) : seekable;
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> is full or the stream ends; returns how many bytes came. A corrupt gzip
    /// stream becomes a <see cref="DataFormatException"/> naming the file and how far it got.
    /// </summary>
    public static int ReadUpTo(Stream stream, Span<byte> buffer, string fileName, long alreadyRead)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer[total..]);
                if (n == 0) break;
                total += n;
            }
        }
        catch (InvalidDataException error)
        {
            throw new DataFormatException(
                $"{fileName}: expected a valid gzip stream but it is corrupt after {alreadyRead + total} decompressed bytes ({error.Message})", error);
        }

        return total;
    }
}
