// Linear regions of an MNIST network on the plane through three test images, at initialisation and over training:
// does training multiply the regions exponentially with depth, or do they stay near (#neurons)² as Hanin and Rolnick
// (arXiv 1906.00904) found? The exact partition of the slice is computed layer by layer (DslNets.Geometry.SliceRegions).
//
//   dotnet run -c Release --project samples/Regions -- <mnist folder> [--epochs 5] [--train 20000] [--images 0,1,2] [--out regions-output] [--resume]
//
// Training writes a resumable checkpoint into the output folder after every epoch; --resume continues an interrupted run
// from it (the epochs it finished are not partitioned again), and a run without --resume starts afresh.
//
// The MNIST folder holds the four standard IDX files (raw or .gz); scripts/fetch-mnist.sh fetches them.
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using DslNets;
using DslNets.Data;
using DslNets.Geometry;
using DslNets.Optimizers;
using DslNets.Plotting;
using DslNets.Training;
using Regions;

string? folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Environment.GetEnvironmentVariable("DSLNETS_MNIST");
int epochs = Option("--epochs", 5), trainCount = Option("--train", 20000);
string output = OptionText("--out", "regions-output");
bool resume = args.Contains("--resume");
int[] picked = OptionText("--images", "0,1,2").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
if (folder is null)
{
    Console.Error.WriteLine("Expected the MNIST folder as the first argument (or in DSLNETS_MNIST); scripts/fetch-mnist.sh fetches the files.");
    return 1;
}

if (picked.Length != 3) throw new ArgumentException($"Expected three image indices for --images but got {picked.Length}.");
MnistData<float> data = Mnist.Load<float>(folder);
Dataset<float> training = data.Training.Take(Math.Min(trainCount, data.Training.Count));
Dataset<float> test = data.Test;
double[][] images = picked.Select(i => test.Row(i).ToArray().Select(p => (double)p).ToArray()).ToArray();
double[] origin = images[0];
double[] u = images[1].Zip(images[0], (a, b) => a - b).ToArray();
double[] v = images[2].Zip(images[0], (a, b) => a - b).ToArray();
var window = new SliceWindow(-0.25, 1.25, -0.25, 1.25);
var marks = new List<(double S, double T, string Label)>
{
    (0, 0, $"#{picked[0]} ({test.Labels[picked[0]]})"), (1, 0, $"#{picked[1]} ({test.Labels[picked[1]]})"), (0, 1, $"#{picked[2]} ({test.Labels[picked[2]]})"),
};

var net = new Mnist784x128x128x128x10(seed: 1);
int[] widths = RegionCountBounds.KinkWidths<Mnist784x128x128x128x10>();
BigInteger serra = RegionCountBounds.SerraUpperBound(2, widths), montufar = RegionCountBounds.MontufarLowerBound(2, widths);
int neurons = widths.Sum();
Console.WriteLine(Mnist784x128x128x128x10.Summary);
Console.WriteLine($"Slice: x = x#{picked[0]} + s·(x#{picked[1]} − x#{picked[0]}) + t·(x#{picked[2]} − x#{picked[0]}), (s, t) in [{window.SMin}, {window.SMax}]²");
Console.WriteLine($"Bounds for widths {string.Join("-", widths)} on a 2-D input: Montúfar et al. lower {montufar:N0}, Serra et al. upper {Scientific(serra)}; (#neurons)² = {neurons * neurons:N0}");
Console.WriteLine();
Console.WriteLine($"{"epoch",5} {"regions",8} {"partition s",11} {"cpu s",6} {"test accuracy",13} {"train loss",10}");
Directory.CreateDirectory(output);

SlicePartition partition = Partition(net, 0, double.NaN);
new PartitionPlot(partition, RegionColoring.PatternHash, title: "784-128-128-128-10 at initialisation", marks: marks).SavePngAndSvg(Path.Combine(output, "slice-init"));

var optimizer = new Sgd<float>(Mnist784x128x128x128x10.ParameterCount, learningRate: 0.05, momentum: 0.9);
string resumable = Path.Combine(output, "training.resume.safetensors");
if (!resume) File.Delete(resumable);
else if (File.Exists(resumable)) Console.WriteLine($"--resume: continuing the training saved in {resumable}");
var trainer = new Trainer<Mnist784x128x128x128x10, float>(net, optimizer, new TrainerOptions
{
    Epochs = epochs, BatchSize = 64, Seed = 11, DropLast = true, EvaluateTrainingSet = false,
    Resumable = new ResumableCheckpoint(resumable) { EveryEpochs = 1 },
});
trainer.EpochCompleted += report => partition = Partition(net, report.Epoch, report.TrainingLoss);
trainer.Fit(training.ToTrainingSet());

new PartitionPlot(partition, RegionColoring.PatternHash, title: $"784-128-128-128-10 after {epochs} epochs", marks: marks).SavePngAndSvg(Path.Combine(output, "slice-trained"));
new PartitionPlot(partition, RegionColoring.OutputValue, output: test.Labels[picked[0]], title: $"logit {test.Labels[picked[0]]} after {epochs} epochs", marks: marks)
    .SavePngAndSvg(Path.Combine(output, "slice-trained-logit"));
Console.WriteLine();
Console.WriteLine($"Pictures (PNG and SVG): {Path.GetFullPath(output)}/slice-init, slice-trained, slice-trained-logit");
return 0;

SlicePartition Partition(Mnist784x128x128x128x10 network, int epoch, double trainLoss)
{
    // Wall time and this process's processor time: on a busy machine the second is the better measure of the work.
    using var process = Process.GetCurrentProcess();
    TimeSpan cpu = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    SlicePartition result = SliceRegions.Compute(network, origin, u, v, window);
    double seconds = clock.Elapsed.TotalSeconds;
    process.Refresh();
    double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine($"{epoch,5} {result.Regions.Count,8} {seconds,11:F3} {cpuSeconds,6:F3} {Accuracy(network),13:P2} {(double.IsNaN(trainLoss) ? "" : trainLoss.ToString("F4", CultureInfo.InvariantCulture)),10}");
    return result;
}

double Accuracy(Mnist784x128x128x128x10 network)
{
    const int chunk = 500;
    var outputs = new float[chunk * 10];
    int correct = 0;
    for (int start = 0; start + chunk <= test.Count; start += chunk)
    {
        network.ForwardBatch(test.Features.AsSpan(start * 784, chunk * 784), outputs);
        for (int i = 0; i < chunk; i++)
            if (TensorPrimitives.IndexOfMax<float>(outputs.AsSpan(i * 10, 10)) == test.Labels[start + i]) correct++;
    }

    return (double)correct / (test.Count / chunk * chunk);
}

int Option(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

string OptionText(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

static string Scientific(BigInteger value)
{
    string digits = value.ToString(CultureInfo.InvariantCulture);
    return digits.Length <= 12 ? value.ToString("N0", CultureInfo.InvariantCulture) : $"{digits[0]}.{digits.Substring(1, 3)}e{digits.Length - 1}";
}

namespace Regions
{
    /// <summary>The network of the issue: three ReLU layers of 128 on MNIST's 784 pixels, ten logits.</summary>
    [Network(Inputs = 784, Loss = Loss.SoftmaxCrossEntropy)]
    public partial class Mnist784x128x128x128x10
    {
        [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden1 { get; }
        [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden2 { get; }
        [Dense(128, Activation.ReLU)] public partial DenseLayer Hidden3 { get; }
        [Dense(10)] public partial DenseLayer Logits { get; }
    }
}
