using System.Globalization;
using System.Text.Json;

namespace DslNets.Checkpoints;

/// <summary>
/// The JSON header of a safetensors file: {"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [..],
/// "data_offsets": [begin, end]}, ...}, with offsets relative to the data block that follows the header.
/// </summary>
internal static class SafeTensorsHeader
{
    /// <summary>The reserved key of the string-to-string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header accepted, as in the reference implementation (guards against a garbage length).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public static string DTypeName(SafeTensorDType dtype) => dtype == SafeTensorDType.F32 ? "F32" : "F64";

    public static int ElementSize(SafeTensorDType dtype) => dtype == SafeTensorDType.F32 ? 4 : 8;

    public static string FormatShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Writes the header JSON, padded with spaces so its length is a multiple of 8 (aligning the data block).</summary>
    public static byte[] Build(IEnumerable<SafeTensorEntry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach (KeyValuePair<string, string> pair in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(pair.Key, pair.Value);
            json.WriteEndObject();
            foreach (SafeTensorEntry entry in entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", DTypeName(entry.DType));
                json.WriteStartArray("shape");
                foreach (long dimension in entry.Shape) json.WriteNumberValue(dimension);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(entry.Begin);
                json.WriteNumberValue(entry.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < padding; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    /// <summary>
    /// Parses and validates a header: every tensor has a supported dtype, a shape whose size matches its offsets,
    /// and the tensors tile the data block of <paramref name="dataLength"/> bytes exactly (no gaps, overlaps or trailing bytes).
    /// </summary>
    public static (List<SafeTensorEntry> Entries, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> header, long dataLength, string path)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
        {
            throw new CheckpointException($"{path}: expected the JSON header to start with '{{' but it starts with {(header.Length == 0 ? "nothing" : $"byte 0x{header[0]:X2}")}");
        }

        // JsonDocument accepts bytes that are not UTF-8 inside strings and only fails when a string is read out.
        int invalid = Utf8Text.FirstInvalidByte(header);
        if (invalid >= 0)
        {
            throw new CheckpointException(
                $"{path}: expected the JSON header to be UTF-8 text but byte {8 + invalid} of the file (0x{header[invalid]:X2}) does not continue a UTF-8 sequence");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.ToArray());
        }
        catch (JsonException error)
        {
            throw new CheckpointException($"{path}: expected a JSON object as the header but it is not valid JSON ({error.Message})", error);
        }

        using (document)
        {
            try
            {
                return ReadDocument(document, dataLength, path);
            }
            catch (InvalidOperationException error)
            {
                // An escaped lone surrogate ("\ud800") is valid JSON but no string: reading it out throws.
                throw new CheckpointException($"{path}: expected the JSON header's strings to be text but one holds an unpaired surrogate escape ({error.Message})", error);
            }
        }
    }

    private static (List<SafeTensorEntry> Entries, Dictionary<string, string> Metadata) ReadDocument(JsonDocument document, long dataLength, string path)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException($"{path}: expected a JSON object as the header but found a {document.RootElement.ValueKind}");
        }

        var entries = new List<SafeTensorEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (!seen.Add(property.Name)) throw new CheckpointException($"{path}: expected each key once in the header but '{property.Name}' appears twice");
            if (property.Name == MetadataKey) ReadMetadata(property.Value, metadata, path);
            else entries.Add(ReadEntry(property.Name, property.Value, path));
        }

        CheckTiling(entries, dataLength, path);
        return (entries, metadata);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) throw new CheckpointException($"{path}: expected {MetadataKey} to be an object of strings but found a {value.ValueKind}");
        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new CheckpointException($"{path}: expected {MetadataKey} to map strings to strings but '{item.Name}' maps to a {item.Value.ValueKind}");
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw new CheckpointException($"{path}: expected each key of {MetadataKey} once but '{item.Name}' appears twice");
            }
        }
    }

    private static SafeTensorEntry ReadEntry(string name, JsonElement value, string path)
    {
        string where = $"{path}: tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object) throw new CheckpointException($"{where}: expected an object with dtype, shape and data_offsets but found a {value.ValueKind}");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty field in value.EnumerateObject())
        {
            // TryGetProperty would silently pick one of two equal keys; the file is ambiguous, so refuse it.
            if (!keys.Add(field.Name)) throw new CheckpointException($"{where}: expected each key once but '{field.Name}' appears twice");
        }

        if (!value.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new CheckpointException($"{where}: expected a string \"dtype\" but it has none");
        }

        string dtypeName = dtypeElement.GetString()!;
        SafeTensorDType dtype = dtypeName switch
        {
            "F32" => SafeTensorDType.F32,
            "F64" => SafeTensorDType.F64,
            _ => throw new CheckpointException($"{where}: expected dtype F32 or F64 (the ones DslNets reads) but found '{dtypeName}'"),
        };

        long[] shape = ReadIntegers(value, "shape", where, count: null);
        long[] offsets = ReadIntegers(value, "data_offsets", where, count: 2);
        long elements = 1;
        foreach (long dimension in shape)
        {
            elements = dimension == 0 ? 0 : elements > long.MaxValue / 8 / dimension ? throw new CheckpointException($"{where}: shape {FormatShape(shape)} is too large") : elements * dimension;
        }

        long expectedBytes = elements * ElementSize(dtype);
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != expectedBytes)
        {
            throw new CheckpointException(
                $"{where}: shape {FormatShape(shape)} of {dtypeName} needs {expectedBytes} bytes but its data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]}");
        }

        return new SafeTensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(JsonElement value, string key, string where, int? count)
    {
        if (!value.TryGetProperty(key, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new CheckpointException($"{where}: expected an array \"{key}\" but it has none");
        }

        var numbers = new List<long>();
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long number) || number < 0)
            {
                throw new CheckpointException($"{where}: expected \"{key}\" to hold non-negative integers but found {item.GetRawText()}");
            }

            numbers.Add(number);
        }

        if (count is { } n && numbers.Count != n) throw new CheckpointException($"{where}: expected {n} numbers in \"{key}\" but found {numbers.Count}");
        return [.. numbers];
    }

    private static void CheckTiling(List<SafeTensorEntry> entries, long dataLength, string path)
    {
        long expected = 0;
        string previous = "the start of the data block";
        foreach (SafeTensorEntry entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.End > dataLength)
            {
                throw new CheckpointException(
                    $"{path}: tensor '{entry.Name}' ends at byte {entry.End} of the data block but the file has only {dataLength} bytes of data (is it truncated?)");
            }

            if (entry.Begin != expected)
            {
                throw new CheckpointException(
                    $"{path}: tensor '{entry.Name}' starts at byte {entry.Begin} of the data block but {previous} ends at byte {expected}; expected the tensors to follow one another without gaps or overlaps");
            }

            expected = entry.End;
            previous = $"tensor '{entry.Name}'";
        }

        if (expected != dataLength)
        {
            throw new CheckpointException($"{path}: the tensors cover {expected} bytes of the data block but the file has {dataLength}; expected no bytes after the last tensor");
        }
    }
}
