using System.Diagnostics;
using System.Globalization;
using DslNets.Data;
using DslNets.Optimizers;
using DslNets.Training;
using MnistCnn;
using Spectre.Console;

// A LeNet-5-like convolution net (LeNet5.cs, declared with the DSL) trained on MNIST by the library's Trainer with Adam
// and a cosine learning-rate decay, to 99 % test accuracy; prints the accuracy after every epoch and the time.
//
//   dotnet run -c Release --project samples/MnistCnn -- [<mnist folder>] [--epochs 12] [--seed 1] [--batch 64] [--quick]
//
// The MNIST folder holds the four IDX files (raw or .gz); without one the sample takes DSLNETS_MNIST, then the nearest
// ../shared/data/mnist above the working folder; scripts/fetch-mnist.sh fetches the files. --quick trains 2 epochs on
// the first 6,000 training images (under a minute, about 95 %).
string? folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsOptionValue(a))
    ?? Environment.GetEnvironmentVariable("DSLNETS_MNIST") ?? FindSharedMnist();
bool quick = args.Contains("--quick");
int epochs = Option("--epochs", quick ? 2 : 12), seed = Option("--seed", 1), batchSize = Option("--batch", 64);
const double learningRate = 2e-3;
if (folder is null)
{
    Console.Error.WriteLine("MnistCnn: expected the MNIST folder as the first argument (or in DSLNETS_MNIST); scripts/fetch-mnist.sh fetches the files.");
    return 2;
}

var clock = Stopwatch.StartNew();
AnsiConsole.MarkupLine("[bold]MnistCnn[/]: a LeNet-5-like net declared with the DSL, trained on MNIST\n");
AnsiConsole.WriteLine(LeNet5.Summary);
AnsiConsole.WriteLine();
MnistData<float> data = Mnist.Load<float>(folder);
Dataset<float> training = quick ? data.Training.Take(6000) : data.Training;
Dataset<float> test = data.Test;
int stepsPerEpoch = (training.Count + batchSize - 1) / batchSize;
AnsiConsole.MarkupLine($"Data: {training.Count:N0} training and {test.Count:N0} test images from {Markup.Escape(Path.GetFullPath(folder))}.");
AnsiConsole.MarkupLine($"Adam, learning rate {learningRate.ToString(CultureInfo.InvariantCulture)} decayed by a cosine to 0 over {epochs} epochs of {stepsPerEpoch:N0} steps, batch {batchSize}, seed {seed}.\n");

var net = new LeNet5(seed);
var optimizer = new Adam<float>(LeNet5.ParameterCount, learningRate);
var options = new TrainerOptions
{
    Epochs = epochs, BatchSize = batchSize, Seed = seed, EvaluateTrainingSet = false,
    Schedule = LearningRateSchedule.Cosine(learningRate, (long)epochs * stepsPerEpoch),
};
var trainer = new Trainer<LeNet5, float>(net, optimizer, options);
var epochTimes = new List<double>();
// The test set is the validation set only so that its accuracy is reported after every epoch: nothing is tuned on it.
TrainingResult result = AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
    .Start(context =>
    {
        ProgressTask task = context.AddTask($"Epoch 1/{epochs}");
        trainer.BatchCompleted += progress =>
        {
            task.MaxValue = progress.TotalSamples;
            task.Value = progress.SamplesSeen;
        };
        trainer.EpochCompleted += report =>
        {
            epochTimes.Add(clock.Elapsed.TotalSeconds);
            task.Description = $"Epoch {Math.Min(report.Epoch + 1, epochs)}/{epochs}, test accuracy {report.Validation!.Accuracy:P2}";
        };
        return trainer.Fit(training.ToTrainingSet(), validation: test.ToTrainingSet());
    });

var table = new Table().AddColumns("Epoch", "Learning rate", "Train loss", "Test loss", "Test accuracy", "Elapsed (s)");
foreach (EpochReport report in result.History)
{
    table.AddRow($"{report.Epoch}", report.LearningRate.ToString("G3", CultureInfo.InvariantCulture), $"{report.TrainingLoss:F4}",
        $"{report.Validation!.Loss:F4}", $"{report.Validation.Accuracy:P2}", $"{epochTimes[report.Epoch - 1]:F1}");
}

AnsiConsole.Write(table);
double accuracy = result.History[^1].Validation!.Accuracy;
double seconds = clock.Elapsed.TotalSeconds;
AnsiConsole.MarkupLine($"\nTest accuracy after {epochs} epochs: [bold]{accuracy:P2}[/]; {seconds:F1} s in all " +
                       $"({(double)training.Count * epochs / seconds:N0} training images/s including the test passes and loading).");
return quick || accuracy >= 0.99 ? 0 : 1;

int Option(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

bool IsOptionValue(string arg)
{
    int at = Array.IndexOf(args, arg);
    return at > 0 && args[at - 1] is "--epochs" or "--seed" or "--batch";
}

static string? FindSharedMnist()
{
    for (DirectoryInfo? directory = new(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        string candidate = Path.Combine(directory.FullName, "..", "shared", "data", "mnist");
        if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
    }

    return null;
}
