using System.Buffers.Binary;

namespace DslNets.Data;

/// <summary>
/// The contents of one IDX file: its element type, its dimensions and its payload exactly as stored
/// (multi-byte elements stay big-endian; <see cref="ToDoubles"/> decodes them).
/// </summary>
public sealed class IdxFile
{
    internal IdxFile(string fileName, IdxDataType dataType, int[] dimensions, byte[] data)
    {
        FileName = fileName;
        DataType = dataType;
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>The path the file was read from.</summary>
    public string FileName { get; }

    /// <summary>The element type from the magic number.</summary>
    public IdxDataType DataType { get; }

    /// <summary>The dimensions from the header, outermost first (for MNIST images: count, rows, columns).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The raw payload: the product of the dimensions times the element size, big-endian elements.</summary>
    public byte[] Data { get; }

    /// <summary>The number of elements (the product of the dimensions).</summary>
    public int ElementCount => Data.Length / ElementSize(DataType);

    /// <summary>The size in bytes of one element of <paramref name="type"/>.</summary>
    public static int ElementSize(IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte or IdxDataType.SignedByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Single => 4,
        IdxDataType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Expected one of the six IDX element types (0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E)."),
    };

    /// <summary>Decodes every element to a double (exact for all six element types).</summary>
    public double[] ToDoubles()
    {
        var values = new double[ElementCount];
        ReadOnlySpan<byte> data = Data;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = DataType switch
            {
                IdxDataType.UnsignedByte => data[i],
                IdxDataType.SignedByte => (sbyte)data[i],
                IdxDataType.Int16 => BinaryPrimitives.ReadInt16BigEndian(data[(2 * i)..]),
                IdxDataType.Int32 => BinaryPrimitives.ReadInt32BigEndian(data[(4 * i)..]),
                IdxDataType.Single => BinaryPrimitives.ReadSingleBigEndian(data[(4 * i)..]),
                _ => BinaryPrimitives.ReadDoubleBigEndian(data[(8 * i)..]),
            };
        }

        return values;
    }
}
