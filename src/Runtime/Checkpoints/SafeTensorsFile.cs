using System.Buffers.Binary;
using System.Numerics;

namespace DslNets.Checkpoints;

/// <summary>
/// A safetensors file read and validated whole: 8-byte little-endian header length N, N bytes of UTF-8 JSON, then
/// the little-endian data block. Accepts files from any writer (padding spaces, any tensor order), with tensors
/// of dtype F32 or F64; everything else, and any inconsistency, throws a <see cref="CheckpointException"/>.
/// </summary>
public sealed class SafeTensorsFile
{
    private readonly byte[] _bytes;
    private readonly int _dataStart;
    private readonly Dictionary<string, SafeTensorEntry> _byName;

    private SafeTensorsFile(string path, byte[] bytes, int dataStart, List<SafeTensorEntry> entries, Dictionary<string, string> metadata)
    {
        Path = path;
        _bytes = bytes;
        _dataStart = dataStart;
        Tensors = entries.AsReadOnly();
        Metadata = metadata.AsReadOnly();
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The path the file was read from.</summary>
    public string Path { get; }

    /// <summary>The tensors in the order the header lists them.</summary>
    public IReadOnlyList<SafeTensorEntry> Tensors { get; }

    /// <summary>The header's __metadata__ (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected a safetensors checkpoint but there is no such file.", path);
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new CheckpointException($"{path}: expected an 8-byte header length at the start but the file has only {bytes.Length} bytes");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8) || headerLength > SafeTensorsHeader.MaxHeaderBytes)
        {
            throw new CheckpointException(
                $"{path}: the first 8 bytes say the JSON header has {headerLength} bytes but the file has only {bytes.Length - 8} bytes after them (limit {SafeTensorsHeader.MaxHeaderBytes}); the file is truncated or not safetensors");
        }

        int dataStart = 8 + (int)headerLength;
        (List<SafeTensorEntry> entries, Dictionary<string, string> metadata) =
            SafeTensorsHeader.Parse(bytes.AsSpan(8, (int)headerLength), bytes.Length - dataStart, path);
        return new SafeTensorsFile(path, bytes, dataStart, entries, metadata);
    }

    /// <summary>The entry named <paramref name="name"/>, or null when the file has no such tensor.</summary>
    public SafeTensorEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Copies tensor <paramref name="name"/> into <paramref name="destination"/>, whose element type must be the
    /// tensor's (float for F32, double for F64) and whose length must be the tensor's element count.
    /// </summary>
    public void CopyTo<T>(string name, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        SafeTensorEntry entry = Get(name);
        SafeTensorDType wanted = LittleEndianValues.DTypeOf<T>();
        if (entry.DType != wanted)
        {
            throw new CheckpointException($"{Path}: tensor '{name}' is {entry.DType} in the file but {wanted} ({typeof(T).Name}) was asked for");
        }

        if (entry.ElementCount != destination.Length)
        {
            throw new CheckpointException($"{Path}: tensor '{name}' has {entry.ElementCount} elements (shape {entry.ShapeText}) but the destination has {destination.Length}");
        }

        LittleEndianValues.Read(Bytes(entry), destination);
    }

    /// <summary>Tensor <paramref name="name"/> as doubles (F32 values widened exactly).</summary>
    public double[] ReadDoubles(string name)
    {
        SafeTensorEntry entry = Get(name);
        var values = new double[entry.ElementCount];
        if (entry.DType == SafeTensorDType.F64)
        {
            LittleEndianValues.Read<double>(Bytes(entry), values);
        }
        else
        {
            var singles = new float[values.Length];
            LittleEndianValues.Read<float>(Bytes(entry), singles);
            for (int i = 0; i < values.Length; i++) values[i] = singles[i];
        }

        return values;
    }

    private ReadOnlySpan<byte> Bytes(SafeTensorEntry entry) => _bytes.AsSpan(_dataStart + (int)entry.Begin, (int)(entry.End - entry.Begin));

    private SafeTensorEntry Get(string name) =>
        Find(name) ?? throw new CheckpointException(
            $"{Path}: expected a tensor '{name}' but the file has none (it has {(Tensors.Count == 0 ? "no tensors" : string.Join(", ", Tensors.Select(t => $"'{t.Name}'")))})");
}
