using System.Buffers.Binary;
using System.Text;
using DslNets.Checkpoints;
using DslNets.Data;
using DslNets.Erm;
using DslNets.Runtime.Tests.Data;

namespace DslNets.Runtime.Tests.Robustness;

/// <summary>
/// The inputs issue 17 named, each refused with the reader's documented exception, a message naming the file, and (for
/// the three that claim huge sizes) in under 100 ms with under 16 MB allocated.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const long AllocationLimit = 16L << 20;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(100);

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The 19-byte file: magic 0x00000803, dimensions 40000×40000×1, three payload bytes.</summary>
    private static byte[] NineteenByteIdx() => IdxBytes.Build(0x08, [40000, 40000, 1], [1, 2, 3]);

    [Fact]
    public void The_19_byte_idx_claiming_40000x40000_is_refused_before_allocating()
    {
        string path = Write("claims-1.6GB-idx3-ubyte", NineteenByteIdx());
        Assert.Equal(19, new FileInfo(path).Length);

        var (time, allocated, message) = RejectionCost.Measure<DataFormatException>(() => IdxReader.Read(path));

        Assert.Contains(path, message);
        Assert.Contains("expected 1600000000 bytes of data (40000×40000×1) after the 16-byte header but the file ends after 3 of them", message);
        Assert.True(time < TimeLimit, $"refusing took {time.TotalMilliseconds:F1} ms");
        Assert.True(allocated < AllocationLimit, $"refusing allocated {allocated} bytes");
    }

    [Fact]
    public void The_19_byte_idx_gzipped_grows_its_buffer_only_as_data_arrives()
    {
        string path = Write("claims-1.6GB-idx3-ubyte.gz", IdxBytes.Gzip(NineteenByteIdx()));

        var (time, allocated, message) = RejectionCost.Measure<DataFormatException>(() => Mnist.LoadImages<float>(path));

        Assert.Contains(path, message);
        Assert.Contains("expected 1600000000 bytes of image data (40000×40000×1) after the 16-byte header but the file ends after 3 of them", message);
        Assert.True(time < TimeLimit, $"refusing took {time.TotalMilliseconds:F1} ms");
        Assert.True(allocated < AllocationLimit, $"refusing allocated {allocated} bytes");
    }

    [Fact]
    public void A_safetensors_header_length_of_2_to_the_63_is_refused_before_allocating()
    {
        byte[] bytes = new byte[8 + 64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 63);
        Encoding.UTF8.GetBytes("{}").CopyTo(bytes, 8);
        string path = Write("huge-header.safetensors", bytes);

        var (time, allocated, message) = RejectionCost.Measure<CheckpointException>(() => SafeTensorsFile.Read(path));

        Assert.Contains(path, message);
        Assert.Contains($"the first 8 bytes say the JSON header has {1UL << 63} bytes but the file has only 64 bytes after them", message);
        Assert.True(time < TimeLimit, $"refusing took {time.TotalMilliseconds:F1} ms");
        Assert.True(allocated < AllocationLimit, $"refusing allocated {allocated} bytes");
    }

    [Fact]
    public void A_csv_with_one_100_MB_line_is_refused_after_reading_only_the_line_limit()
    {
        string path = _folder.File("one-line.csv");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            byte[] chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0.5,", 1 << 18)));
            for (long written = 0; written < 100_000_000; written += chunk.Length) file.Write(chunk);
        }

        var (time, allocated, message) = RejectionCost.Measure<DataFormatException>(() => CsvDataset.Load<float>(path));

        Assert.Contains(path, message);
        Assert.Contains($"line 1 is longer than {CsvDataset.MaxLineLength} characters", message);
        Assert.True(time < TimeLimit, $"refusing took {time.TotalMilliseconds:F1} ms");
        Assert.True(allocated < AllocationLimit, $"refusing allocated {allocated} bytes");
    }

    [Fact]
    public void Invalid_utf8_in_a_safetensors_header_is_a_checkpoint_error_naming_the_file_and_byte()
    {
        string path = _folder.File("net.safetensors");
        Checkpoint.Save<Checkpoints.CheckpointNet, float>(new Checkpoints.CheckpointNet(seed: 3), path);
        byte[] bytes = File.ReadAllBytes(path);
        int key = IndexOf(bytes, "Hidden.weight");
        bytes[key + 2] = 0xC3; // a lead byte followed by 'd' (0x64), not a continuation byte
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load<Checkpoints.CheckpointNet, float>(path));

        Assert.Contains(path, error.Message);
        Assert.Contains($"expected the JSON header to be UTF-8 text but byte {key + 2} of the file (0xC3)", error.Message);
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_a_safetensors_header_is_a_checkpoint_error()
    {
        byte[] header = Encoding.UTF8.GetBytes("""{"__metadata__":{"k":"\ud800"}}""");
        var bytes = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        string path = Write("surrogate.safetensors", bytes);

        var error = Assert.Throws<CheckpointException>(() => SafeTensorsFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("unpaired surrogate", error.Message);
    }

    [Fact]
    public void An_erm_shard_with_ShardCount_0_is_refused_at_read_naming_the_file()
    {
        var result = ExactErm.Solve(new double[,] { { -1 }, { 0 }, { 1 } }, [1, 0, 1], new ErmOptions(1));
        string json = ErmResultJson.Write(result).Replace("\"ShardCount\": 1", "\"ShardCount\": 0", StringComparison.Ordinal);
        Assert.Contains("\"ShardCount\": 0", json);
        string path = Write("shard0.json", Encoding.UTF8.GetBytes(json));

        var error = Assert.Throws<FormatException>(() => ErmResultJson.ReadFile(path));

        Assert.Equal($"{path}: expected ShardCount to be at least 1 but found 0.", error.Message);
    }

    private static int IndexOf(byte[] bytes, string text)
    {
        byte[] needle = Encoding.UTF8.GetBytes(text);
        int at = bytes.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, $"'{text}' is not in the file");
        return at;
    }
}
