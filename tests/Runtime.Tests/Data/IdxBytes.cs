using System.Buffers.Binary;
using System.IO.Compression;

namespace DslNets.Runtime.Tests.Data;

/// <summary>Builds IDX files byte by byte from the format's definition, independently of the reader under test.</summary>
public static class IdxBytes
{
    /// <summary>Magic 0x00 0x00 type rank, the big-endian dimensions, then <paramref name="payload"/> as given.</summary>
    public static byte[] Build(byte type, int[] dimensions, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + payload.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dimensions[i]);
        payload.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    /// <summary>An unsigned-byte file with payload bytes 0, 7, 14, ... (mod 256), as many as the dimensions ask.</summary>
    public static byte[] Ramp(params int[] dimensions)
    {
        int count = dimensions.Aggregate(1, (a, b) => a * b);
        return Build(0x08, dimensions, RampPayload(count));
    }

    /// <summary>Bytes 0, 7, 14, ... (mod 256).</summary>
    public static byte[] RampPayload(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 7 % 256)).ToArray();

    /// <summary>The gzip compression of <paramref name="raw"/>.</summary>
    public static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(raw);
        return buffer.ToArray();
    }
}
