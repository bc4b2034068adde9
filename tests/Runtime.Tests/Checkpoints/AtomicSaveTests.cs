using DslNets.Checkpoints;
using DslNets.Runtime.Tests.Data;

namespace DslNets.Runtime.Tests.Checkpoints;

public sealed class AtomicSaveTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(0)]     // fails on the first write
    [InlineData(7)]     // inside the 8-byte header length
    [InlineData(100)]   // inside the JSON header
    [InlineData(400)]   // inside the data
    public void ASaveThatFailsHalfWayLeavesTheOldCheckpointAndNoTemporaryFile(long failAfter)
    {
        string path = _folder.File("checkpoint.safetensors");
        var old = new CheckpointNet(seed: 1);
        Checkpoint.Save<CheckpointNet, float>(old, path);
        byte[] oldBytes = File.ReadAllBytes(path);
        var newer = new CheckpointNet(seed: 2);

        var error = Assert.Throws<IOException>(() =>
            Checkpoint.SaveTensors<float>(path, CheckpointNet.Tensors, newer.Parameters, null, file => new ThrowingStream(file, failAfter)));

        Assert.StartsWith("Simulated failure", error.Message);
        Assert.Equal(oldBytes, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
        Assert.Equal(old.Parameters, Checkpoint.Load<CheckpointNet, float>(path).Parameters);
    }

    [Fact]
    public void ASuccessfulSaveReplacesTheFileAndLeavesNothingElse()
    {
        string path = _folder.File("checkpoint.safetensors");
        Checkpoint.Save<CheckpointNet, float>(new CheckpointNet(seed: 1), path);
        var newer = new CheckpointNet(seed: 2);

        // The same path through the test hook with a stream that never fails: the hook itself changes nothing.
        Checkpoint.SaveTensors<float>(path, CheckpointNet.Tensors, newer.Parameters,
            new Dictionary<string, string> { [Checkpoint.NetworkKey] = typeof(CheckpointNet).FullName!, [Checkpoint.ParameterCountKey] = $"{CheckpointNet.ParameterCount}" },
            file => new ThrowingStream(file, long.MaxValue));

        Assert.Equal(newer.Parameters, Checkpoint.Load<CheckpointNet, float>(path).Parameters);
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }
}
