using System.Buffers.Binary;
using System.Text;
using DslNets.Checkpoints;
using DslNets.Runtime.Tests.Data;

namespace DslNets.Runtime.Tests.Checkpoints;

public sealed class SafeTensorsFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A file from parts: the 8-byte length of <paramref name="json"/>, the JSON, then <paramref name="dataLength"/> bytes.</summary>
    private string Write(string json, int dataLength, long? claimedLength = null)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(claimedLength ?? header.Length));
        header.CopyTo(bytes, 8);
        string path = _folder.File($"f{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string ErrorOf(string path) => Assert.Throws<CheckpointException>(() => SafeTensorsFile.Read(path)).Message;

    [Fact]
    public void AValidFileWithPaddingAndNoMetadataIsRead()
    {
        string path = Write("""{"b":{"dtype":"F64","shape":[],"data_offsets":[8,16]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}   """, 16);

        SafeTensorsFile file = SafeTensorsFile.Read(path);

        Assert.Equal(["b", "a"], file.Tensors.Select(t => t.Name));
        Assert.Empty(file.Metadata);
        Assert.Equal(1, file.Find("b")!.ElementCount);
        Assert.Equal([0.0, 0.0], file.ReadDoubles("a"));
        Assert.Null(file.Find("c"));
    }

    [Fact]
    public void TruncatedFilesAreNamedAsSuch()
    {
        string shortFile = _folder.File("short.safetensors");
        File.WriteAllBytes(shortFile, [1, 2, 3]);
        string cutHeader = Write("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 0, claimedLength: 500);
        string cutData = Write("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 10);

        Assert.Contains("expected an 8-byte header length at the start but the file has only 3 bytes", ErrorOf(shortFile));
        Assert.Contains("say the JSON header has 500 bytes but the file has only", ErrorOf(cutHeader));
        Assert.Contains("tensor 'a' ends at byte 16 of the data block but the file has only 10 bytes of data (is it truncated?)", ErrorOf(cutData));
    }

    [Fact]
    public void MalformedHeadersAreNamed()
    {
        Assert.Contains("expected the JSON header to start with '{'", ErrorOf(Write("[1]", 0)));
        Assert.Contains("is not valid JSON", ErrorOf(Write("{\"a\":", 0)));
        Assert.Contains("expected dtype F32 or F64 (the ones DslNets reads) but found 'F16'", ErrorOf(Write("""{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}""", 2)));
        Assert.Contains("tensor 'a': shape [2, 3] of F32 needs 24 bytes but its data_offsets [0, 20] span 20",
            ErrorOf(Write("""{"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}""", 20)));
        Assert.Contains("expected an array \"shape\"", ErrorOf(Write("""{"a":{"dtype":"F32","data_offsets":[0,4]}}""", 4)));
        Assert.Contains("expected \"shape\" to hold non-negative integers but found -1", ErrorOf(Write("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4)));
        Assert.Contains("'a' appears twice", ErrorOf(Write("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4)));
        Assert.Contains("expected __metadata__ to map strings to strings but 'n' maps to a Number", ErrorOf(Write("""{"__metadata__":{"n":1}}""", 0)));
    }

    [Fact]
    public void GapsOverlapsAndTrailingBytesAreNamed()
    {
        string gap = Write("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12);
        string overlap = Write("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8);
        string trailing = Write("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 6);

        Assert.Contains("tensor 'b' starts at byte 8 of the data block but tensor 'a' ends at byte 4", ErrorOf(gap));
        Assert.Contains("tensor 'b' starts at byte 4 of the data block but tensor 'a' ends at byte 8", ErrorOf(overlap));
        Assert.Contains("the tensors cover 4 bytes of the data block but the file has 6", ErrorOf(trailing));
    }

    [Fact]
    public void CopyToChecksTheDtypeAndLength()
    {
        string path = Write("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8);
        SafeTensorsFile file = SafeTensorsFile.Read(path);

        Assert.Contains("tensor 'a' is F32 in the file but F64 (Double) was asked for", Assert.Throws<CheckpointException>(() => file.CopyTo<double>("a", new double[2])).Message);
        Assert.Contains("has 2 elements (shape [2]) but the destination has 3", Assert.Throws<CheckpointException>(() => file.CopyTo<float>("a", new float[3])).Message);
        Assert.Contains("expected a tensor 'z' but the file has none (it has 'a')", Assert.Throws<CheckpointException>(() => file.ReadDoubles("z")).Message);
    }
}
