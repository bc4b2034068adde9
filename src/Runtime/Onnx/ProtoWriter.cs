using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using DslNets.Checkpoints;

namespace DslNets.Onnx;

/// <summary>
/// Writes one protocol-buffers message in the binary wire format: varints, 32-bit floats and length-delimited fields
/// (strings, bytes, nested messages). Only what the ONNX messages the exporter writes need.
/// </summary>
/// <remarks>A nested message is written into its own writer first, because its length precedes it on the wire.</remarks>
internal sealed class ProtoWriter
{
    private const int VarintType = 0, Fixed32Type = 5, LengthDelimitedType = 2;
    private readonly MemoryStream _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);

    /// <summary>A varint field (int32, int64 and enum fields alike; negative values take ten bytes, as protobuf encodes them).</summary>
    public void Int64(int field, long value)
    {
        Tag(field, VarintType);
        Varint(unchecked((ulong)value));
    }

    /// <summary>A 32-bit float field.</summary>
    public void Float(int field, float value)
    {
        Tag(field, Fixed32Type);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>A UTF-8 string field.</summary>
    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimitedType);
        Varint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>A nested message field.</summary>
    public void Message(int field, ProtoWriter message) => Bytes(field, message.Written);

    /// <summary>A bytes field holding <paramref name="values"/> as little-endian IEEE numbers (ONNX's raw_data).</summary>
    public void RawValues<T>(int field, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tag(field, LengthDelimitedType);
        Varint((ulong)values.Length * (ulong)System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        LittleEndianValues.Write(_buffer, values);
    }

    /// <summary>A bytes field holding <paramref name="values"/> as little-endian 64-bit integers.</summary>
    public void RawInt64s(int field, ReadOnlySpan<long> values)
    {
        Tag(field, LengthDelimitedType);
        Varint((ulong)values.Length * sizeof(long));
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        foreach (long value in values)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            _buffer.Write(bytes);
        }
    }

    /// <summary>Copies the message to <paramref name="stream"/>.</summary>
    public void CopyTo(Stream stream) => stream.Write(Written);

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
