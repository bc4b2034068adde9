using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DslNets.Checkpoints;

/// <summary>Float and double values to and from the little-endian bytes safetensors stores, on any machine.</summary>
internal static class LittleEndianValues
{
    /// <summary>The safetensors dtype of <typeparamref name="T"/>: F32 for float, F64 for double.</summary>
    public static SafeTensorDType DTypeOf<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? SafeTensorDType.F32
        : typeof(T) == typeof(double) ? SafeTensorDType.F64
        : throw new NotSupportedException($"Checkpoints hold float (F32) or double (F64) values, not {typeof(T).Name}.");

    /// <summary>Writes <paramref name="values"/> to <paramref name="stream"/> as little-endian bytes.</summary>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        Span<byte> buffer = stackalloc byte[4096];
        int perChunk = buffer.Length / size;
        for (int start = 0; start < values.Length; start += perChunk)
        {
            int n = Math.Min(perChunk, values.Length - start);
            for (int i = 0; i < n; i++)
            {
                if (size == 4) BinaryPrimitives.WriteSingleLittleEndian(buffer[(4 * i)..], float.CreateTruncating(values[start + i]));
                else BinaryPrimitives.WriteDoubleLittleEndian(buffer[(8 * i)..], double.CreateTruncating(values[start + i]));
            }

            stream.Write(buffer[..(n * size)]);
        }
    }

    /// <summary>Reads little-endian <paramref name="bytes"/> into <paramref name="destination"/> (lengths already checked).</summary>
    public static void Read<T>(ReadOnlySpan<byte> bytes, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }

        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = size == 4
                ? T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]))
                : T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]));
        }
    }
}
