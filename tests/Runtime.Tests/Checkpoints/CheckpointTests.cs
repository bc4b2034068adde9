using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DslNets.Checkpoints;
using DslNets.Runtime.Tests.Data;

namespace DslNets.Runtime.Tests.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly string NetName = typeof(CheckpointNet).FullName!;

    [Fact]
    public void AFloatNetworkRoundTripsExactly()
    {
        var saved = new CheckpointNet(seed: 1);
        string path = _folder.File("net.safetensors");

        Checkpoint.Save<CheckpointNet, float>(saved, path);
        var overwritten = new CheckpointNet(seed: 2);
        IReadOnlyDictionary<string, string> metadata = Checkpoint.LoadInto<CheckpointNet, float>(overwritten, path);
        CheckpointNet created = Checkpoint.Load<CheckpointNet, float>(path);

        Assert.Equal(saved.Parameters, overwritten.Parameters);
        Assert.Equal(saved.Parameters, created.Parameters);
        Assert.Equal(NetName, metadata[Checkpoint.NetworkKey]);
        Assert.Equal(CheckpointNet.ParameterCount.ToString(), metadata[Checkpoint.ParameterCountKey]);
        float[] input = [0.5f, -1f, 2f, 0.25f];
        float[] expected = new float[3], actual = new float[3];
        saved.Forward(input, expected);
        created.Forward(input, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ADoubleNetworkRoundTripsExactlyWithUserMetadata()
    {
        var saved = new CheckpointNetDouble(seed: 3);
        string path = _folder.File("net64.safetensors");

        Checkpoint.Save<CheckpointNetDouble, double>(saved, path, new Dictionary<string, string> { ["epoch"] = "12" });
        var loaded = new CheckpointNetDouble(seed: 4);
        IReadOnlyDictionary<string, string> metadata = Checkpoint.LoadInto<CheckpointNetDouble, double>(loaded, path);

        Assert.Equal(saved.Parameters, loaded.Parameters);
        Assert.Equal("12", metadata["epoch"]);
        Assert.Throws<ArgumentException>(() => Checkpoint.Save<CheckpointNetDouble, double>(saved, path, new Dictionary<string, string> { ["dslnets.network"] = "x" }));
    }

    [Fact]
    public void TheFileFollowsTheSafetensorsLayout()
    {
        // Decode the file with System.Text.Json and BinaryPrimitives straight from the format's definition.
        var net = new CheckpointNet(seed: 5);
        string path = _folder.File("layout.safetensors");
        Checkpoint.Save<CheckpointNet, float>(net, path);
        byte[] bytes = File.ReadAllBytes(path);

        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        int dataStart = 8 + (int)headerLength;
        using JsonDocument header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength));

        Assert.Equal(0, headerLength % 8);
        Assert.Equal(NetName, header.RootElement.GetProperty("__metadata__").GetProperty("dslnets.network").GetString());
        Assert.Equal(["__metadata__", "Hidden.weight", "Hidden.bias", "Out.weight", "Out.bias"], header.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(4 * CheckpointNet.ParameterCount, bytes.Length - dataStart);
        foreach (TensorInfo tensor in CheckpointNet.Tensors)
        {
            JsonElement entry = header.RootElement.GetProperty(tensor.Name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.Shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            int begin = entry.GetProperty("data_offsets")[0].GetInt32();
            Assert.Equal(begin + 4 * tensor.Length, entry.GetProperty("data_offsets")[1].GetInt32());
            for (int i = 0; i < tensor.Length; i++)
            {
                Assert.Equal(net.Parameters[tensor.Offset + i], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + begin + 4 * i)));
            }
        }
    }

    [Fact]
    public void TiedAndSharedFilterNetworksRoundTrip()
    {
        var tied = new CheckpointTiedNet(seed: 6);
        string tiedPath = _folder.File("tied.safetensors");
        Checkpoint.Save<CheckpointTiedNet, double>(tied, tiedPath);

        // The fixed matrices are not parameters: the caller supplies them again on loading.
        double[] constants = Enumerable.Range(0, CheckpointFilterNet.ConstantCount).Select(i => Math.Sin(i + 1)).ToArray();
        var filter = new CheckpointFilterNet(7, constants);
        string filterPath = _folder.File("filter.safetensors");
        Checkpoint.Save<CheckpointFilterNet, double>(filter, filterPath);
        CheckpointFilterNet loaded = Checkpoint.Load<CheckpointFilterNet, double>(filterPath, constants);

        Assert.Equal(["Encoder.weight", "Encoder.bias"], SafeTensorsFile.Read(tiedPath).Tensors.Select(t => t.Name));
        Assert.Equal(tied.Parameters, Checkpoint.Load<CheckpointTiedNet, double>(tiedPath).Parameters);
        Assert.Equal(["Filter.filter"], SafeTensorsFile.Read(filterPath).Tensors.Select(t => t.Name));
        Assert.Equal(filter.Parameters, loaded.Parameters);
        double[] input = [0.3, -0.2, 1.0, 0.7, -1.1];
        double[] expected = new double[1], actual = new double[1];
        filter.Forward(input, expected);
        loaded.Forward(input, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void AnotherNetworkTypeIsNamed()
    {
        var net = new CheckpointNet(seed: 1);
        string path = _folder.File("checkpoint.safetensors");
        Checkpoint.SaveTensors<float>(path, CheckpointNet.Tensors, net.Parameters, new Dictionary<string, string> { [Checkpoint.NetworkKey] = "Demo.Other" });

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load<CheckpointNet, float>(path));

        Assert.Equal($"{path} was written by 'Demo.Other', not '{NetName}'", error.Message);
    }

    [Fact]
    public void ADifferentShapeIsNamedWithBothShapes()
    {
        // The same parameter count, but Hidden.weight stored transposed: [4, 5] instead of [5, 4].
        TensorInfo[] transposed = CheckpointNet.Tensors.Select(t => t.Name == "Hidden.weight" ? t with { Rows = t.Columns, Columns = t.Rows } : t).ToArray();
        var net = new CheckpointNet(seed: 1);
        string path = _folder.File("shape.safetensors");
        Checkpoint.SaveTensors<float>(path, transposed, net.Parameters, NetworkMetadata(CheckpointNet.ParameterCount));
        var target = new CheckpointNet(seed: 9);
        float[] before = (float[])target.Parameters.Clone();

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto<CheckpointNet, float>(target, path));

        Assert.Equal($"{path}: tensor 'Hidden.weight' has shape [4, 5] in the file but [5, 4] in CheckpointNet", error.Message);
        Assert.Equal(before, target.Parameters); // a failed load changes nothing
    }

    [Fact]
    public void AParameterCountMismatchIsNamed()
    {
        string path = _folder.File("count.safetensors");
        Checkpoint.SaveTensors<float>(path, CheckpointNet.Tensors, new CheckpointNet(1).Parameters, NetworkMetadata(99));

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load<CheckpointNet, float>(path));

        Assert.Equal($"{path} holds 99 parameters but CheckpointNet has {CheckpointNet.ParameterCount}", error.Message);
    }

    [Fact]
    public void AWrongDtypeIsNamed()
    {
        var wide = new CheckpointNetDouble(seed: 1);
        string path = _folder.File("dtype.safetensors");
        Checkpoint.SaveTensors<double>(path, CheckpointNetDouble.Tensors, wide.Parameters, NetworkMetadata(CheckpointNet.ParameterCount));

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load<CheckpointNet, float>(path));

        Assert.Equal($"{path}: tensor 'Hidden.weight' is F64 in the file but CheckpointNet holds F32 (Single)", error.Message);
    }

    [Fact]
    public void MissingAndExtraTensorsAreNamed()
    {
        var net = new CheckpointNet(seed: 1);
        string missing = _folder.File("missing.safetensors");
        string extra = _folder.File("extra.safetensors");
        Checkpoint.SaveTensors<float>(missing, CheckpointNet.Tensors.Where(t => t.Name != "Out.bias").ToArray(), net.Parameters, NetworkMetadata(CheckpointNet.ParameterCount));
        Checkpoint.SaveTensors<float>(extra, [.. CheckpointNet.Tensors, new TensorInfo("Out.scale", 0, 3, 0)], net.Parameters, NetworkMetadata(CheckpointNet.ParameterCount));

        Assert.Equal($"{missing}: tensor 'Out.bias' of CheckpointNet is missing from the file (which has 'Hidden.weight', 'Hidden.bias', 'Out.weight')",
            Assert.Throws<CheckpointException>(() => Checkpoint.Load<CheckpointNet, float>(missing)).Message);
        Assert.StartsWith($"{extra}: tensor 'Out.scale' is in the file but not in CheckpointNet",
            Assert.Throws<CheckpointException>(() => Checkpoint.Load<CheckpointNet, float>(extra)).Message);
    }

    [Fact]
    public void AFileWithoutTheNetworkEntryIsRefusedByTheNetworkApi()
    {
        string path = _folder.File("anonymous.safetensors");
        Checkpoint.SaveTensors<float>(path, CheckpointNet.Tensors, new CheckpointNet(1).Parameters);

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load<CheckpointNet, float>(path));

        Assert.Contains("has no 'dslnets.network' entry in its __metadata__", error.Message);
    }

    [Fact]
    public void NamedFlatVectorsRoundTripThroughTheTensorApi()
    {
        // A posterior's mean and ρ laid end to end in one vector of 2·6 values.
        TensorInfo[] layout = [new("mean", 0, 2, 3), new("rho", 6, 6, 0)];
        double[] values = Enumerable.Range(0, 12).Select(i => Math.Sqrt(i) - 1.7).ToArray();
        string path = _folder.File("posterior.safetensors");

        Checkpoint.SaveTensors<double>(path, layout, values, new Dictionary<string, string> { ["kind"] = "posterior" });
        var loaded = new double[12];
        IReadOnlyDictionary<string, string> metadata = Checkpoint.LoadTensors<double>(path, layout, loaded, "the posterior");

        Assert.Equal(values, loaded);
        Assert.Equal("posterior", metadata["kind"]);
        TensorInfo[] otherShape = [new("mean", 0, 3, 2), new("rho", 6, 6, 0)];
        Assert.Equal($"{path}: tensor 'mean' has shape [2, 3] in the file but [3, 2] in the posterior",
            Assert.Throws<CheckpointException>(() => Checkpoint.LoadTensors<double>(path, otherShape, loaded, "the posterior")).Message);
        Assert.Contains("is F64 in the file but the posterior holds F32",
            Assert.Throws<CheckpointException>(() => Checkpoint.LoadTensors<float>(path, layout, new float[12], "the posterior")).Message);
    }

    [Fact]
    public void BadTensorListsAreRejectedBeforeWriting()
    {
        string path = _folder.File("never.safetensors");

        Assert.Contains("'a' appears twice", Assert.Throws<ArgumentException>(() => Checkpoint.SaveTensors<float>(path, [new("a", 0, 1, 0), new("a", 1, 1, 0)], new float[2])).Message);
        Assert.Contains("inside the vector of 4 values", Assert.Throws<ArgumentException>(() => Checkpoint.SaveTensors<float>(path, [new("a", 2, 3, 0)], new float[4])).Message);
        Assert.Contains("'__metadata__'", Assert.Throws<ArgumentException>(() => Checkpoint.SaveTensors<float>(path, [new("__metadata__", 0, 1, 0)], new float[1])).Message);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    private static Dictionary<string, string> NetworkMetadata(int parameterCount) => new()
    {
        [Checkpoint.NetworkKey] = NetName,
        [Checkpoint.ParameterCountKey] = parameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
