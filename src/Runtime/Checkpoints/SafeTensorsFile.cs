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

    /// <summary>
    /// Reads and validates <paramref name="path"/>. The header length is checked against the file's length before the
    /// file is read, so a garbage length costs no allocation; nothing larger than the file is ever allocated.
    /// </summary>
    /// <param name="path">The safetensors file.</param>
    /// <exception cref="CheckpointException">The bytes are not a safetensors file DslNets reads (the message names the file, what was expected and what was found).</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The OS could not read the file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading the file.</exception>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected a safetensors checkpoint but there is no such file.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        long length = stream.Length;
        Span<byte> lengthBytes = stackalloc byte[8];
        int got = stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false);
        if (got == 8) CheckHeaderLength(BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes), length, path);
        if (length > Array.MaxLength)
        {
            throw new CheckpointException($"{path}: expected a checkpoint of at most {Array.MaxLength} bytes (one array) but the file has {length}");
        }

        var bytes = new byte[length];
        stream.Position = 0;
        int total = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (total != bytes.Length)
        {
            throw new IOException($"{path}: expected {bytes.Length} bytes but only {total} could be read (did the file shrink while it was read?)");
        }

        return Parse(path, bytes);
    }

    /// <summary>Validates a whole file held in memory; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="CheckpointException">The bytes are not a safetensors file DslNets reads.</exception>
    internal static SafeTensorsFile Parse(string path, byte[] bytes)
    {
        if (bytes.Length < 8)
        {
            throw new CheckpointException($"{path}: expected an 8-byte header length at the start but the file has only {bytes.Length} bytes");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        CheckHeaderLength(headerLength, bytes.Length, path);
        int dataStart = 8 + (int)headerLength;
        (List<SafeTensorEntry> entries, Dictionary<string, string> metadata) =
            SafeTensorsHeader.Parse(bytes.AsSpan(8, (int)headerLength), bytes.Length - dataStart, path);
        return new SafeTensorsFile(path, bytes, dataStart, entries, metadata);
    }

    private static void CheckHeaderLength(ulong headerLength, long fileLength, string path)
    {
        if (headerLength > (ulong)(fileLength - 8) || headerLength > SafeTensorsHeader.MaxHeaderBytes)
        {
            throw new CheckpointException(
                $"{path}: the first 8 bytes say the JSON header has {headerLength} bytes but the file has only {fileLength - 8} bytes after them (limit {SafeTensorsHeader.MaxHeaderBytes}); the file is truncated or not safetensors");
        }
    }

    /// <summary>The entry named <paramref name="name"/>, or null when the file has no such tensor.</summary>
    public SafeTensorEntry? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Copies tensor <paramref name="name"/> into <paramref name="destination"/>, whose element type must be the
    /// tensor's (float for F32, double for F64) and whose length must be the tensor's element count.
    /// </summary>
    /// <exception cref="CheckpointException">The file has no such tensor, or its dtype or element count differs from the destination's.</exception>
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
    /// <exception cref="CheckpointException">The file has no such tensor.</exception>
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
