using System.Diagnostics;
using DslNets.Data;
using DslNets.Gpu;
using DslNets.Optimizers;
using DslNets.Plotting;
using DslNets.Training;
using Quickstart;
using Spectre.Console;

// DslNets quickstart: declare a network (DigitsNet.cs), train it with plain SGD on the embedded UCI digits through
// the library's Trainer, report the test accuracy. Runs in a few seconds.
// With --device cuda|cpu|auto the same training runs on an accelerator through DeviceTrainer (auto: CUDA when present).
DeviceKind? deviceKind = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--device" && i + 1 < args.Length) deviceKind = ComputeDevice.Parse(args[++i]);
    else
    {
        Console.Error.WriteLine($"Quickstart: unknown argument '{args[i]}'; expected nothing, or --device cuda|cpu|auto.");
        return 2;
    }
}

const int seed = 1;
const int epochs = 30;
const int batchSize = 16;
const double learningRate = 0.1;

var stopwatch = Stopwatch.StartNew();
AnsiConsole.MarkupLine("[bold]DslNets quickstart[/]: a generated network trained on the UCI optical digits\n");
AnsiConsole.WriteLine(DigitsNet.Summary);
AnsiConsole.WriteLine();

Dataset<float> digits = EmbeddedDigits.Load();
(Dataset<float> train, Dataset<float> test) = digits.Split(testFraction: 0.2, seed, stratified: true);
AnsiConsole.MarkupLine($"Data: {digits.Count} images ({train.Count} to train, {test.Count} to test), {digits.FeatureCount} features, {digits.ClassCount} classes.");

var net = new DigitsNet(seed);
var optimizer = new Sgd<float>(DigitsNet.ParameterCount, learningRate);
var options = new TrainerOptions { Epochs = epochs, BatchSize = batchSize, Seed = seed };
using ComputeDevice? device = deviceKind is { } kind ? ComputeDevice.Open(kind) : null;
using DeviceTrainer<DigitsNet, float>? deviceTrainer = device is null ? null : new DeviceTrainer<DigitsNet, float>(device, net, optimizer, options);
var trainer = new Trainer<DigitsNet, float>(net, optimizer, options);
if (deviceTrainer is not null) AnsiConsole.MarkupLine($"Gradient path: {Markup.Escape(deviceTrainer.DeviceNetwork.PathDescription)}.");

// The trainer wants inputs with targets; a labelled data set gives one-hot targets for the ten class scores.
// The test set is passed as the validation set only so its accuracy is reported after every epoch: nothing is
// tuned on it.
TrainingResult result = AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
    .Start(context =>
    {
        ProgressTask task = context.AddTask("Training");
        void OnBatch(BatchProgress progress)
        {
            task.MaxValue = progress.TotalSamples;
            task.Value = progress.SamplesSeen;
        }

        void OnEpoch(EpochReport report) => task.Description = $"Epoch {report.Epoch}/{epochs}, test accuracy {report.Validation!.Accuracy:P1}";
        if (deviceTrainer is not null)
        {
            deviceTrainer.BatchCompleted += OnBatch;
            deviceTrainer.EpochCompleted += OnEpoch;
            return deviceTrainer.Fit(train.ToTrainingSet(), validation: test.ToTrainingSet());
        }

        trainer.BatchCompleted += OnBatch;
        trainer.EpochCompleted += OnEpoch;
        return trainer.Fit(train.ToTrainingSet(), validation: test.ToTrainingSet());
    });

var table = new Table().AddColumns("Epoch", "Train loss", "Train accuracy", "Test accuracy");
foreach (EpochReport report in result.History.Where(r => r.Epoch == 1 || r.Epoch % 5 == 0))
{
    table.AddRow($"{report.Epoch}", $"{report.TrainingLoss:F4}", $"{report.Training!.Accuracy:P1}", $"{report.Validation!.Accuracy:P1}");
}

AnsiConsole.Write(table);
string plotPath = Path.Combine("out", "quickstart-training");
new LinePlot("DigitsNet on the UCI digits (SGD)", "epoch", "loss / accuracy")
    .Add("train loss", result.History.Select(r => r.TrainingLoss).ToArray())
    .Add("train accuracy", result.History.Select(r => r.Training!.Accuracy).ToArray())
    .Add("test accuracy", result.History.Select(r => r.Validation!.Accuracy).ToArray())
    .SavePngAndSvg(plotPath);
AnsiConsole.MarkupLine($"Training curves: {Path.GetFullPath(plotPath)}.png and .svg");
double finalAccuracy = result.History[^1].Validation!.Accuracy;
AnsiConsole.MarkupLine($"\nTest accuracy after {epochs} epochs: [bold]{finalAccuracy:P2}[/] ({stopwatch.Elapsed.TotalSeconds:F1} s).");
return finalAccuracy > 0.9 ? 0 : 1;
