using System.Buffers.Binary;
using DslNets.Data;
using DslNets.Runtime.Tests.Data;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>IDX files of all six element types, raw and gzip: <see cref="IdxReader"/>. An accepted file's payload must be exactly what its dimensions say.</summary>
public sealed class IdxTarget : ReaderTarget
{
    /// <inheritdoc />
    public override string Name => "idx";

    /// <inheritdoc />
    public override Type DocumentedException => typeof(DataFormatException);

    /// <inheritdoc />
    public override bool RefusesEveryTruncation => true;

    /// <inheritdoc />
    public override IReadOnlyList<FuzzSeed> Seeds { get; } = MakeSeeds();

    /// <inheritdoc />
    public override string Read(byte[] input)
    {
        IdxFile file = IdxReader.Parse(InputPath, input);
        long elements = file.Dimensions.Aggregate(1L, (product, d) => product * d);
        if (file.Data.Length != elements * IdxFile.ElementSize(file.DataType)) throw new FuzzFailure($"accepted an IDX file whose payload of {file.Data.Length} bytes does not match its dimensions");
        if (file.ToDoubles().Length != elements) throw new FuzzFailure("decoded a different number of elements than the dimensions say");
        return "accepted";
    }

    private static List<FuzzSeed> MakeSeeds()
    {
        byte[] singles = new byte[16];
        float[] singleValues = [float.NaN, float.PositiveInfinity, -0f, 1.5f];
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteSingleBigEndian(singles.AsSpan(4 * i), singleValues[i]);
        byte[] doubles = new byte[24];
        double[] doubleValues = [double.NaN, double.NegativeInfinity, 2.25];
        for (int i = 0; i < 3; i++) BinaryPrimitives.WriteDoubleBigEndian(doubles.AsSpan(8 * i), doubleValues[i]);
        var plain = new List<(string Name, byte[] Bytes)>
        {
            ("images idx3 ubyte", IdxBytes.Ramp(3, 4, 4)),
            ("labels idx1 ubyte", IdxBytes.Ramp(5)),
            ("idx2 sbyte", IdxBytes.Build(0x09, [2, 3], [0x80, 0xFF, 0, 1, 2, 0x7F])),
            ("idx1 int16", IdxBytes.Build(0x0B, [3], [0x80, 0, 0xFF, 0xFF, 0, 1])),
            ("idx1 int32", IdxBytes.Build(0x0C, [2], [0x80, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF])),
            ("idx2 single with NaN and infinity", IdxBytes.Build(0x0D, [2, 2], singles)),
            ("idx1 double with NaN and infinity", IdxBytes.Build(0x0E, [3], doubles)),
        };
        var seeds = new List<FuzzSeed>();
        foreach (var (name, bytes) in plain)
        {
            seeds.Add(new FuzzSeed(name, bytes));
            seeds.Add(new FuzzSeed(name + ", gzip", IdxBytes.Gzip(bytes)));
            seeds.Add(new FuzzSeed(name + ", damaged then gzipped", bytes, GzipAfterMutation: true));
        }

        return seeds;
    }
}
