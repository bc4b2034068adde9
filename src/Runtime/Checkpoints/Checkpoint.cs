using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace DslNets.Checkpoints;

/// <summary>
/// Saves and loads parameters in the safetensors format: one tensor per layer weight or bias, named as the
/// network's <see cref="INetwork{TSelf}.Tensors"/> name them ("Hidden.weight" [128, 784]), dtype F32 for float and
/// F64 for double. Writes are atomic (temporary file, flushed, renamed over the target). Loading checks the network
/// type, the parameter count, the tensor names, shapes and dtypes, and names any mismatch.
/// </summary>
public static class Checkpoint
{
    /// <summary>The metadata key holding the network type's full name.</summary>
    public const string NetworkKey = "dslnets.network";

    /// <summary>The metadata key holding the network's parameter count.</summary>
    public const string ParameterCountKey = "dslnets.parameter_count";

    /// <summary>Saves <paramref name="net"/>'s parameters to <paramref name="path"/>, with the network type and parameter count in __metadata__.</summary>
    /// <param name="net">The network.</param>
    /// <param name="path">The file to write (replaced atomically if it exists).</param>
    /// <param name="metadata">Further string metadata to store (keys must not start with "dslnets.").</param>
    /// <typeparam name="TNet">The generated network type.</typeparam>
    /// <typeparam name="T">Its element type (float or double).</typeparam>
    public static void Save<TNet, T>(TNet net, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(net);
        T[] parameters = net.Parameters;
        CheckLayout<TNet>(parameters.Length);
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in metadata ?? new Dictionary<string, string>())
        {
            if (pair.Key.StartsWith("dslnets.", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected metadata keys outside the reserved prefix 'dslnets.' but got '{pair.Key}'.", nameof(metadata));
            }

            all[pair.Key] = pair.Value;
        }

        all[NetworkKey] = NetworkName<TNet>();
        all[ParameterCountKey] = TNet.ParameterCount.ToString(CultureInfo.InvariantCulture);
        SaveTensors<T>(path, TNet.Tensors, parameters, all);
    }

    /// <summary>
    /// Creates a <typeparamref name="TNet"/> (with <paramref name="constants"/>, for networks that take fixed
    /// matrices) and loads its parameters from <paramref name="path"/>.
    /// </summary>
    /// <param name="path">A file written by <see cref="Save{TNet, T}"/> for the same network type.</param>
    /// <param name="constants">The network's fixed numbers (empty when it has none); checkpoints hold only parameters.</param>
    /// <typeparam name="TNet">The generated network type.</typeparam>
    /// <typeparam name="T">Its element type (float or double).</typeparam>
    /// <exception cref="CheckpointException">The file is not a safetensors file DslNets reads, or it does not fit (another network type, a missing or extra tensor, another shape or dtype); the message names the file and the mismatch.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The OS could not read the file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading the file.</exception>
    public static TNet Load<TNet, T>(string path, ReadOnlySpan<T> constants = default)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Read and check the file before building the network, so a bad file costs no initialisation.
        SafeTensorsFile file = SafeTensorsFile.Read(path);
        CheckNetworkMetadata<TNet>(file);
        TNet net = TNet.Create(0, constants);
        CheckLayout<TNet>(net.Parameters.Length);
        CopyTensors(file, TNet.Tensors, net.Parameters.AsSpan(), typeof(TNet).Name);
        return net;
    }

    /// <summary>Loads the parameters in <paramref name="path"/> into <paramref name="net"/>, overwriting them; returns the file's metadata.</summary>
    /// <param name="net">The network to overwrite.</param>
    /// <param name="path">A file written by <see cref="Save{TNet, T}"/> for the same network type.</param>
    /// <typeparam name="TNet">The generated network type.</typeparam>
    /// <typeparam name="T">Its element type (float or double).</typeparam>
    /// <exception cref="CheckpointException">The file is not a safetensors file DslNets reads, or it does not fit (another network type, a missing or extra tensor, another shape or dtype); the message names the file and the mismatch.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The OS could not read the file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading the file.</exception>
    public static IReadOnlyDictionary<string, string> LoadInto<TNet, T>(TNet net, string path)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(net);
        CheckLayout<TNet>(net.Parameters.Length);
        return LoadInto<TNet, T>(net, SafeTensorsFile.Read(path));
    }

    /// <summary>The load from a file already read and validated (the fuzz tests feed it bytes held in memory).</summary>
    internal static IReadOnlyDictionary<string, string> LoadInto<TNet, T>(TNet net, SafeTensorsFile file)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckNetworkMetadata<TNet>(file);
        // All checks pass before the first value is copied: a failed load leaves the network as it was.
        CopyTensors(file, TNet.Tensors, net.Parameters.AsSpan(), typeof(TNet).Name);
        return file.Metadata;
    }

    /// <summary>
    /// Saves named slices of a flat vector (for example a posterior's mean and ρ vectors laid end to end) as
    /// tensors of the given shapes. Each tensor's values are <c>values[Offset .. Offset + Length]</c>.
    /// </summary>
    /// <param name="path">The file to write (replaced atomically if it exists).</param>
    /// <param name="tensors">The names, offsets and shapes; names unique and not "__metadata__".</param>
    /// <param name="values">The flat vector the tensors slice.</param>
    /// <param name="metadata">String metadata to store, or null.</param>
    /// <typeparam name="T">float (F32) or double (F64).</typeparam>
    public static void SaveTensors<T>(string path, IReadOnlyList<TensorInfo> tensors, ReadOnlySpan<T> values, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        SaveTensors(path, tensors, values, metadata, wrapStream: null);

    /// <summary>
    /// Loads the tensors <paramref name="tensors"/> from <paramref name="path"/> into their slices of
    /// <paramref name="values"/>. The file must hold exactly these tensors, with these shapes and the dtype of
    /// <typeparamref name="T"/>; otherwise nothing is copied and the mismatch is named. Returns the file's metadata.
    /// </summary>
    /// <param name="path">The safetensors file.</param>
    /// <param name="tensors">The names, offsets and shapes expected.</param>
    /// <param name="values">The flat vector to fill.</param>
    /// <param name="owner">What the tensors belong to, for messages ("the posterior").</param>
    /// <typeparam name="T">float (F32) or double (F64).</typeparam>
    /// <exception cref="CheckpointException">The file is not a safetensors file DslNets reads, or it does not fit (another network type, a missing or extra tensor, another shape or dtype); the message names the file and the mismatch.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The OS could not read the file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading the file.</exception>
    public static IReadOnlyDictionary<string, string> LoadTensors<T>(string path, IReadOnlyList<TensorInfo> tensors, Span<T> values, string owner = "the destination")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckTensorList(tensors, values.Length);
        SafeTensorsFile file = SafeTensorsFile.Read(path);
        CopyTensors(file, tensors, values, owner);
        return file.Metadata;
    }

    /// <summary>The load of <see cref="LoadTensors{T}(string, IReadOnlyList{TensorInfo}, Span{T}, string)"/> from a file already read (its metadata checked first).</summary>
    /// <exception cref="CheckpointException">The file's tensors are not exactly these, of these shapes and this dtype.</exception>
    internal static void LoadTensors<T>(SafeTensorsFile file, IReadOnlyList<TensorInfo> tensors, Span<T> values, string owner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckTensorList(tensors, values.Length);
        CopyTensors(file, tensors, values, owner);
    }

    /// <summary>The save, with a hook that wraps the file stream (tests use it to fail half way).</summary>
    internal static void SaveTensors<T>(
        string path, IReadOnlyList<TensorInfo> tensors, ReadOnlySpan<T> values, IReadOnlyDictionary<string, string>? metadata, Func<Stream, Stream>? wrapStream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckTensorList(tensors, values.Length);
        string fullPath = Path.GetFullPath(path);
        string temporary = AtomicFile.TemporaryPathFor(fullPath);
        try
        {
            using (FileStream file = AtomicFile.Create(temporary))
            {
                Stream stream = wrapStream?.Invoke(file) ?? file;
                WriteTensors(stream, tensors, values, metadata);
                stream.Flush();
                AtomicFile.FlushToDisk(file);
            }

            AtomicFile.Commit(temporary, fullPath);
        }
        catch
        {
            AtomicFile.Discard(temporary);
            throw;
        }
    }

    /// <summary>The bytes <see cref="Save{TNet, T}"/> would write (the fuzz tests compare accepted files with them).</summary>
    internal static byte[] SaveToBytes<TNet, T>(TNet net, IReadOnlyDictionary<string, string> metadata)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var all = new Dictionary<string, string>(metadata, StringComparer.Ordinal)
        {
            [NetworkKey] = NetworkName<TNet>(),
            [ParameterCountKey] = TNet.ParameterCount.ToString(CultureInfo.InvariantCulture),
        };
        using var buffer = new MemoryStream();
        WriteTensors<T>(buffer, TNet.Tensors, net.Parameters, all);
        return buffer.ToArray();
    }

    /// <summary>The safetensors content: the header's length, the header, then each tensor's values in order.</summary>
    private static void WriteTensors<T>(Stream stream, IReadOnlyList<TensorInfo> tensors, ReadOnlySpan<T> values, IReadOnlyDictionary<string, string>? metadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SafeTensorDType dtype = LittleEndianValues.DTypeOf<T>();
        int size = SafeTensorsHeader.ElementSize(dtype);
        var entries = new List<SafeTensorEntry>(tensors.Count);
        long begin = 0;
        foreach (TensorInfo tensor in tensors)
        {
            long end = begin + (long)tensor.Length * size;
            entries.Add(new SafeTensorEntry(tensor.Name, dtype, tensor.Shape.Select(d => (long)d).ToArray(), begin, end));
            begin = end;
        }

        byte[] header = SafeTensorsHeader.Build(entries, metadata ?? new Dictionary<string, string>());
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (TensorInfo tensor in tensors) LittleEndianValues.Write(stream, values.Slice(tensor.Offset, tensor.Length));
    }

    private static string NetworkName<TNet>() => typeof(TNet).FullName ?? typeof(TNet).Name;

    private static void CheckNetworkMetadata<TNet>(SafeTensorsFile file) where TNet : INetwork<TNet>
    {
        string expected = NetworkName<TNet>();
        if (!file.Metadata.TryGetValue(NetworkKey, out string? writtenBy))
        {
            throw new CheckpointException(
                $"{file.Path} has no '{NetworkKey}' entry in its __metadata__, so it was not written by Checkpoint.Save for '{expected}' (Checkpoint.LoadTensors reads its tensors without that check)");
        }

        if (writtenBy != expected) throw new CheckpointException($"{file.Path} was written by '{writtenBy}', not '{expected}'");
        string count = TNet.ParameterCount.ToString(CultureInfo.InvariantCulture);
        if (file.Metadata.TryGetValue(ParameterCountKey, out string? stored) && stored != count)
        {
            throw new CheckpointException($"{file.Path} holds {stored} parameters but {typeof(TNet).Name} has {count}");
        }
    }

    /// <summary>Checks every expected tensor against the file, then copies; so a mismatch copies nothing.</summary>
    private static void CopyTensors<T>(SafeTensorsFile file, IReadOnlyList<TensorInfo> tensors, Span<T> values, string owner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SafeTensorDType dtype = LittleEndianValues.DTypeOf<T>();
        var expectedNames = new HashSet<string>(tensors.Select(t => t.Name), StringComparer.Ordinal);
        foreach (SafeTensorEntry entry in file.Tensors)
        {
            if (!expectedNames.Contains(entry.Name))
            {
                throw new CheckpointException($"{file.Path}: tensor '{entry.Name}' is in the file but not in {owner} (which has {string.Join(", ", tensors.Select(t => $"'{t.Name}'"))})");
            }
        }

        foreach (TensorInfo tensor in tensors)
        {
            SafeTensorEntry entry = file.Find(tensor.Name) ?? throw new CheckpointException(
                $"{file.Path}: tensor '{tensor.Name}' of {owner} is missing from the file (which has {(file.Tensors.Count == 0 ? "no tensors" : string.Join(", ", file.Tensors.Select(t => $"'{t.Name}'")))})");
            string expectedShape = SafeTensorsHeader.FormatShape(tensor.Shape.Select(d => (long)d));
            if (entry.ShapeText != expectedShape)
            {
                throw new CheckpointException($"{file.Path}: tensor '{tensor.Name}' has shape {entry.ShapeText} in the file but {expectedShape} in {owner}");
            }

            if (entry.DType != dtype)
            {
                throw new CheckpointException($"{file.Path}: tensor '{tensor.Name}' is {entry.DType} in the file but {owner} holds {dtype} ({typeof(T).Name})");
            }
        }

        foreach (TensorInfo tensor in tensors) file.CopyTo(tensor.Name, values.Slice(tensor.Offset, tensor.Length));
    }

    private static void CheckTensorList(IReadOnlyList<TensorInfo> tensors, int valueCount)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (TensorInfo tensor in tensors)
        {
            if (string.IsNullOrEmpty(tensor.Name) || tensor.Name == SafeTensorsHeader.MetadataKey)
            {
                throw new ArgumentException($"Expected tensor names that are non-empty and not '{SafeTensorsHeader.MetadataKey}' but got '{tensor.Name}'.", nameof(tensors));
            }

            if (!names.Add(tensor.Name)) throw new ArgumentException($"Expected unique tensor names but '{tensor.Name}' appears twice.", nameof(tensors));
            if (tensor.Rows < 0 || tensor.Columns < 0 || tensor.Offset < 0 || (long)tensor.Offset + tensor.Length > valueCount)
            {
                throw new ArgumentException(
                    $"Expected tensor '{tensor.Name}' (offset {tensor.Offset}, {tensor.Length} values) inside the vector of {valueCount} values but it is not.", nameof(tensors));
            }
        }
    }

    /// <summary>A network's tensors must tile its parameter vector, or a checkpoint would silently drop parameters.</summary>
    private static void CheckLayout<TNet>(int parameterLength) where TNet : INetwork<TNet>
    {
        if (parameterLength != TNet.ParameterCount)
        {
            throw new InvalidOperationException($"{typeof(TNet).Name} says it has {TNet.ParameterCount} parameters but its Parameters vector has {parameterLength}.");
        }

        int expected = 0;
        foreach (TensorInfo tensor in TNet.Tensors.OrderBy(t => t.Offset))
        {
            if (tensor.Offset != expected)
            {
                throw new InvalidOperationException(
                    $"{typeof(TNet).Name}'s tensors do not tile its parameters: '{tensor.Name}' starts at {tensor.Offset} but the previous tensor ends at {expected}.");
            }

            expected += tensor.Length;
        }

        if (expected != TNet.ParameterCount)
        {
            throw new InvalidOperationException($"{typeof(TNet).Name}'s tensors cover {expected} of its {TNet.ParameterCount} parameters.");
        }
    }
}
