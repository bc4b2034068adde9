using System.Text;
using DslNets;
using DslNets.Checkpoints;
using DslNets.Data;
using DslNets.Erm;
using SharpFuzz;

// The readers under AFL++ (scripts/fuzz.sh --afl): each input is written to a file and read by the public entry point,
// as a user's file would be. A documented exception is a pass; any other exception escapes, and AFL records a crash.
//   DslNets.AflHarness seeds <reader> <folder>   writes valid files the project makes, AFL's starting corpus
//   DslNets.AflHarness fuzz <reader>             the target AFL runs (out of process: one input per run of the action)
//   DslNets.AflHarness check <reader> <file>     reads one file as the target would, for replaying a crash
// Readers: safetensors, idx, csv, erm-json.
string[] readers = ["safetensors", "idx", "csv", "erm-json"];
if (args.Length < 2 || !readers.Contains(args[1]))
{
    Console.Error.WriteLine($"usage: DslNets.AflHarness seeds|fuzz|check <{string.Join("|", readers)}> [folder or file]");
    return 2;
}

string reader = args[1];
string scratch = Path.Combine(Path.GetTempPath(), $"dslnets-afl-{Environment.ProcessId}{Extension(reader)}");
switch (args[0])
{
    case "seeds" when args.Length == 3:
        Seeds.Write(reader, args[2]);
        return 0;
    case "fuzz":
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using (FileStream file = File.Create(scratch)) stream.CopyTo(file);
            Read(reader, scratch);
        });
        return 0;
    case "check" when args.Length == 3:
        Read(reader, args[2]);
        Console.WriteLine("read without an undocumented exception");
        return 0;
    default:
        Console.Error.WriteLine("usage: DslNets.AflHarness seeds|fuzz|check <reader> [folder or file]");
        return 2;
}

static string Extension(string reader) => reader switch { "safetensors" => ".safetensors", "csv" => ".csv", "erm-json" => ".json", _ => ".idx" };

// The reader's documented exceptions are the expected failures; every other type is a bug.
static void Read(string reader, string path)
{
    try
    {
        switch (reader)
        {
            case "safetensors":
                SafeTensorsFile file = SafeTensorsFile.Read(path);
                _ = file.Metadata.Count;
                break;
            case "idx":
                _ = IdxReader.Read(path).ToDoubles();
                break;
            case "csv":
                _ = CsvDataset.Load<double>(path);
                break;
            default:
                _ = ErmResultJson.ReadFile(path);
                break;
        }
    }
    catch (Exception error) when (error is CheckpointException or DataFormatException or FormatException)
    {
    }
}

/// <summary>AFL's starting corpus: small valid files of each format, as the project writes them.</summary>
internal static class Seeds
{
    public static void Write(string reader, string folder)
    {
        Directory.CreateDirectory(folder);
        switch (reader)
        {
            case "safetensors":
                var net = new SeedNet(seed: 1);
                Checkpoint.Save<SeedNet, float>(net, Path.Combine(folder, "net.safetensors"), new Dictionary<string, string> { ["note"] = "seed" });
                break;
            case "idx":
                File.WriteAllBytes(Path.Combine(folder, "images.idx"), Idx(0x08, [2, 3, 3], Enumerable.Range(0, 18).Select(i => (byte)(i * 13)).ToArray()));
                File.WriteAllBytes(Path.Combine(folder, "labels.idx"), Idx(0x08, [4], [0, 7, 3, 9]));
                File.WriteAllBytes(Path.Combine(folder, "doubles.idx"), Idx(0x0E, [2], [0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0x7F, 0xF8, 0, 0, 0, 0, 0, 1]));
                break;
            case "csv":
                File.WriteAllText(Path.Combine(folder, "digits.csv"), "x1,x2,x3,label\n0.5,1,2,0\n-1e3,2.5e-7,NaN,1\n3,4,5,2\n");
                File.WriteAllText(Path.Combine(folder, "plain.csv"), "1,2,0\n3,4,1\n");
                break;
            default:
                double[,] x = { { -1, 0.5 }, { 0, 1 }, { 1, -0.5 }, { 2, 0 } };
                ErmResult result = ExactErm.Solve(x, [1, 0, 1, 2], new ErmOptions(2, ShardIndex: 1, ShardCount: 2, OutputBias: true, MaxDegreeOfParallelism: 1));
                File.WriteAllText(Path.Combine(folder, "shard.json"), ErmResultJson.Write(result), Encoding.UTF8);
                break;
        }
    }

    // An IDX file: two zero bytes, the type, the rank, big-endian dimensions, then the payload.
    private static byte[] Idx(byte type, int[] dimensions, byte[] payload)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dimensions.Length };
        foreach (int d in dimensions) bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        bytes.AddRange(payload);
        return bytes.ToArray();
    }
}

/// <summary>A small network whose checkpoint seeds the safetensors corpus.</summary>
[Network(Inputs = 3, Loss = Loss.SquaredError)]
public partial class SeedNet
{
    [Dense(4, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(2)] public partial DenseLayer Prediction { get; }
}
