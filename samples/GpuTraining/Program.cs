using System.Diagnostics;
using DslNets;
using DslNets.Data;
using DslNets.Gpu;
using DslNets.Optimizers;
using DslNets.Training;
using GpuTraining;
using Spectre.Console;

// MNIST MLPs trained on an accelerator through DeviceTrainer, beside the same training on the host (Trainer), with
// samples/s of each. On a machine without CUDA the device is ILGPU's CPU accelerator: correct, but not fast.
//   dotnet run -c Release --project samples/GpuTraining -- [--mnist DIR] [--device cuda|cpu|auto] [--subset N] [--epochs N] [--batch N]
string? mnist = null;
DeviceKind kind = DeviceKind.Auto;
int subset = 10_000, epochs = 1, batchSize = 64;
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]}: expected a value after it.");
        switch (args[i])
        {
            case "--mnist": mnist = Value(); break;
            case "--device": kind = ComputeDevice.Parse(Value()); break;
            case "--subset": subset = Positive("--subset", Value()); break;
            case "--epochs": epochs = Positive("--epochs", Value()); break;
            case "--batch": batchSize = Positive("--batch", Value()); break;
            default: throw new ArgumentException($"Unknown argument '{args[i]}'; expected --mnist, --device, --subset, --epochs or --batch.");
        }
    }

    string folder = LocateMnist(mnist);
    MnistData<float> data = Mnist.Load<float>(folder);
    Dataset<float> train = data.Training.Take(Math.Min(subset, data.Training.Count));
    Dataset<float> test = data.Test.Take(Math.Min(Math.Max(1, subset / 5), data.Test.Count));
    AnsiConsole.MarkupLine($"[bold]DslNets on a device[/]: MNIST from {Markup.Escape(folder)}, {train.Count:N0} training and {test.Count:N0} test images.");
    using ComputeDevice device = ComputeDevice.Open(kind);
    var table = new Table().AddColumns("Network", "Path", "Device samples/s", "Host samples/s", "Device test accuracy", "Host test accuracy");
    Compare<SmallMlp>(device, train, test, epochs, batchSize, table);
    Compare<WideMlp>(device, train, test, epochs, batchSize, table);
    AnsiConsole.Write(table);
    AnsiConsole.MarkupLine($"Device: {Markup.Escape(device.Description)}");
    return 0;
}
catch (Exception error) when (error is ArgumentException or DataFormatException or IOException or DeviceStartException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
    return 2;
}

static void Compare<TNet>(ComputeDevice device, Dataset<float> train, Dataset<float> test, int epochs, int batchSize, Table table)
    where TNet : IDeviceNetwork<TNet, float>
{
    var options = new TrainerOptions { Epochs = epochs, BatchSize = batchSize, Seed = 1 };
    TrainingSet<float> training = train.ToTrainingSet(), testing = test.ToTrainingSet();
    TNet onDevice = TNet.Create(1, ReadOnlySpan<float>.Empty);
    using var deviceTrainer = new DeviceTrainer<TNet, float>(device, onDevice, new Sgd<float>(TNet.ParameterCount, 0.05, momentum: 0.9), options);
    (double deviceRate, double deviceAccuracy) = Run($"{typeof(TNet).Name} on the device", deviceTrainer.Fit, t => { deviceTrainer.BatchCompleted += t; }, training, testing, deviceTrainer.Evaluate);
    TNet onHost = TNet.Create(1, ReadOnlySpan<float>.Empty);
    var hostTrainer = new Trainer<TNet, float>(onHost, new Sgd<float>(TNet.ParameterCount, 0.05, momentum: 0.9), options);
    (double hostRate, double hostAccuracy) = Run($"{typeof(TNet).Name} on the host", hostTrainer.Fit, t => { hostTrainer.BatchCompleted += t; }, training, testing, hostTrainer.Evaluate);
    table.AddRow(typeof(TNet).Name, Markup.Escape(deviceTrainer.DeviceNetwork.PathDescription), $"{deviceRate:N0}", $"{hostRate:N0}", $"{deviceAccuracy:P1}", $"{hostAccuracy:P1}");
}

static (double SamplesPerSecond, double TestAccuracy) Run(string what, Func<TrainingSet<float>, TrainingSet<float>?, CancellationToken, TrainingResult> fit,
    Action<Action<BatchProgress>> subscribe, TrainingSet<float> training, TrainingSet<float> test, Func<TrainingSet<float>, Metrics> evaluate)
{
    var stopwatch = new Stopwatch();
    long samples = 0;
    AnsiConsole.Progress()
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
        .Start(context =>
        {
            ProgressTask task = context.AddTask(what);
            subscribe(progress =>
            {
                task.MaxValue = progress.TotalSamples;
                task.Value = progress.SamplesSeen;
                samples = progress.SamplesSeen;
            });
            stopwatch.Start();
            fit(training, null, CancellationToken.None);
            stopwatch.Stop();
        });
    return (samples / stopwatch.Elapsed.TotalSeconds, evaluate(test).Accuracy);
}

static int Positive(string name, string text) =>
    int.TryParse(text, out int value) && value >= 1 ? value : throw new ArgumentException($"{name}: expected a positive whole number but got '{text}'.");

static string LocateMnist(string? given)
{
    if (given is not null)
        return Directory.Exists(given) ? given : throw new ArgumentException($"Expected a folder with the four MNIST files at '{given}' but it does not exist (scripts/fetch-mnist.sh fetches them).");
    for (DirectoryInfo? dir = new(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "shared", "data", "mnist");
        if (Directory.Exists(candidate)) return candidate;
    }

    throw new ArgumentException("Expected --mnist <folder with the four MNIST IDX files>; none was given and no shared/data/mnist lies above this folder (scripts/fetch-mnist.sh fetches them).");
}
