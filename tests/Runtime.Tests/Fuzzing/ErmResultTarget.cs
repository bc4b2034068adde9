using DslNets.Erm;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// Exact-ERM shard and merged result files: <see cref="ErmResultJson"/>, then what reads them next. An accepted result
/// must predict (any number: huge weights may overflow), write back to JSON that reads back the same, and merge alone either into a result or with
/// <see cref="ExactErm.Merge"/>'s documented <see cref="ArgumentException"/> (a lone shard of several is incomplete).
/// </summary>
public sealed class ErmResultTarget : ReaderTarget
{
    /// <inheritdoc />
    public override string Name => "erm-json";

    /// <inheritdoc />
    public override Type DocumentedException => typeof(FormatException);

    /// <inheritdoc />
    public override IReadOnlyList<FuzzSeed> Seeds { get; } = MakeSeeds();

    /// <inheritdoc />
    public override string Read(byte[] input)
    {
        ErmResult result = ErmResultJson.Parse(input, InputPath);
        _ = result.Predict(new double[result.Inputs]);
        string json = ErmResultJson.Write(result);
        if (ErmResultJson.Write(ErmResultJson.Read(json, "the written copy")) != json) throw new FuzzFailure("an accepted result did not read back the same after writing");
        try
        {
            ErmResult merged = ExactErm.Merge([result]);
            if (merged.BestLoss != result.BestLoss) throw new FuzzFailure("merging one shard changed its loss");
            return "accepted, merges alone";
        }
        catch (ArgumentException error) when (error is not ArgumentNullException)
        {
            return "accepted, Merge refuses it alone";
        }
    }

    private static List<FuzzSeed> MakeSeeds()
    {
        double[,] x = { { -1, 0.5 }, { 0, 1 }, { 1, -0.5 }, { 2, 0 } };
        double[] y = [1, 0, 1, 2];
        ErmResult single = ExactErm.Solve(x, y, new ErmOptions(1, MaxDegreeOfParallelism: 1));
        ErmResult shard = ExactErm.Solve(x, y, new ErmOptions(2, ShardIndex: 1, ShardCount: 2, OutputBias: true, MaxDegreeOfParallelism: 1));
        ErmResult other = ExactErm.Solve(x, y, new ErmOptions(2, ShardIndex: 0, ShardCount: 2, OutputBias: true, MaxDegreeOfParallelism: 1));
        ErmResult merged = ExactErm.Merge([shard, other]);
        ErmResult hinge = ExactErm.Solve(x, [1, -1, 1, -1], new ErmOptions(1, Loss: ErmLoss.Hinge, MaxDegreeOfParallelism: 1));
        return
        [
            new("single result", System.Text.Encoding.UTF8.GetBytes(ErmResultJson.Write(single))),
            new("shard 1 of 2 with output bias", System.Text.Encoding.UTF8.GetBytes(ErmResultJson.Write(shard))),
            new("merged result", System.Text.Encoding.UTF8.GetBytes(ErmResultJson.Write(merged))),
            new("hinge-loss result", System.Text.Encoding.UTF8.GetBytes(ErmResultJson.Write(hinge))),
        ];
    }
}
