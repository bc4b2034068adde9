using DslNets.Checkpoints;
using DslNets.Runtime.Tests.Checkpoints;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// Safetensors checkpoints: <see cref="SafeTensorsFile"/> and <see cref="Checkpoint"/>'s load. An accepted file must
/// load into its network, and the network saved again must give the same bytes when the file's header is the one
/// the project writes (NaN payloads and all), or read back equal otherwise.
/// </summary>
public sealed class SafeTensorsTarget : ReaderTarget
{
    /// <inheritdoc />
    public override string Name => "safetensors";

    /// <inheritdoc />
    public override Type DocumentedException => typeof(CheckpointException);

    /// <inheritdoc />
    public override bool RefusesEveryTruncation => true;

    /// <inheritdoc />
    public override IReadOnlyList<FuzzSeed> Seeds { get; } = MakeSeeds();

    /// <inheritdoc />
    public override string Read(byte[] input)
    {
        SafeTensorsFile file = SafeTensorsFile.Parse(InputPath, input);
        foreach (SafeTensorEntry entry in file.Tensors) _ = file.ReadDoubles(entry.Name);
        var metadata = file.Metadata.Where(p => !p.Key.StartsWith("dslnets.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
        bool isDouble = file.Metadata.GetValueOrDefault(Checkpoint.NetworkKey) == typeof(CheckpointNetDouble).FullName;
        byte[] written;
        if (isDouble)
        {
            var net = new CheckpointNetDouble(seed: 1);
            Checkpoint.LoadInto<CheckpointNetDouble, double>(net, file);
            written = Checkpoint.SaveToBytes<CheckpointNetDouble, double>(net, metadata);
        }
        else
        {
            var net = new CheckpointNet(seed: 1);
            Checkpoint.LoadInto<CheckpointNet, float>(net, file);
            written = Checkpoint.SaveToBytes<CheckpointNet, float>(net, metadata);
        }

        if (SameHeader(input, written))
        {
            if (!input.AsSpan().SequenceEqual(written)) throw new FuzzFailure("an accepted checkpoint with the project's own header did not write back byte-identical");
            return "accepted, wrote back byte-identical";
        }

        // Another writer's header (other key order, spacing): the content must survive, bit for bit.
        SafeTensorsFile again = SafeTensorsFile.Parse(InputPath, written);
        foreach (SafeTensorEntry entry in file.Tensors)
        {
            double[] before = file.ReadDoubles(entry.Name), after = again.ReadDoubles(entry.Name);
            for (int i = 0; i < before.Length; i++)
            {
                if (BitConverter.DoubleToInt64Bits(before[i]) != BitConverter.DoubleToInt64Bits(after[i])) throw new FuzzFailure($"tensor '{entry.Name}' changed at {i} when written back");
            }
        }

        return "accepted, other header form";
    }

    private static bool SameHeader(byte[] a, byte[] b)
    {
        int lengthA = (int)BitConverter.ToUInt64(a, 0), lengthB = (int)BitConverter.ToUInt64(b, 0);
        return a.AsSpan(8, lengthA).SequenceEqual(b.AsSpan(8, lengthB));
    }

    private static List<FuzzSeed> MakeSeeds()
    {
        var single = new CheckpointNet(seed: 7);
        var special = new CheckpointNet(seed: 8);
        // NaN with a payload, both infinities, negative zero and a subnormal: values a checkpoint may hold and must keep.
        special.Parameters[0] = BitConverter.Int32BitsToSingle(0x7FC12345);
        special.Parameters[1] = float.PositiveInfinity;
        special.Parameters[2] = float.NegativeInfinity;
        special.Parameters[3] = -0f;
        special.Parameters[4] = float.Epsilon;
        var wide = new CheckpointNetDouble(seed: 9);
        wide.Parameters[0] = BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF);
        var metadata = new Dictionary<string, string> { ["epoch"] = "3", ["note"] = "caf\u00e9 \u2713" };
        return
        [
            new("float checkpoint", Checkpoint.SaveToBytes<CheckpointNet, float>(single, metadata)),
            new("float checkpoint with NaN and infinities", Checkpoint.SaveToBytes<CheckpointNet, float>(special, new Dictionary<string, string>())),
            new("double checkpoint", Checkpoint.SaveToBytes<CheckpointNetDouble, double>(wide, metadata)),
        ];
    }
}
