using System.Diagnostics;
using System.Numerics.Tensors;
using DslNets;
using DslNets.Plotting;
using Quickstart;
using Spectre.Console;

// DslNets quickstart: declare a network (DigitsNet.cs), train it with plain SGD on the embedded UCI digits,
// report the test accuracy. Runs in a few seconds.
const int seed = 1;
const int epochs = 30;
const int batchSize = 16;
const float learningRate = 0.1f;

var stopwatch = Stopwatch.StartNew();
AnsiConsole.MarkupLine("[bold]DslNets quickstart[/]: a generated network trained on the UCI optical digits\n");
AnsiConsole.WriteLine(DigitsNet.Summary);
AnsiConsole.WriteLine();

(float[] images, int[] labels) = EmbeddedDigits.Load();
int count = labels.Length;
int[] order = Enumerable.Range(0, count).ToArray();
new SeededRandom(seed).Shuffle<int>(order);
int trainCount = count * 4 / 5;
int[] train = order[..trainCount];
int[] test = order[trainCount..];
AnsiConsole.MarkupLine($"Data: {count} images ({train.Length} to train, {test.Length} to test), {EmbeddedDigits.Features} features, {EmbeddedDigits.Classes} classes.");

var net = new DigitsNet(seed);
var random = new SeededRandom(seed + 1);
float[] gradient = new float[DigitsNet.ParameterCount];
float[] batchInputs = new float[batchSize * DigitsNet.InputSize];
float[] batchTargets = new float[batchSize * DigitsNet.OutputSize];
var history = new List<(int Epoch, double Loss, double TrainAccuracy, double TestAccuracy)>();

AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
    .Start(context =>
    {
        ProgressTask task = context.AddTask("Training", maxValue: epochs);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle<int>(train);
            double lossSum = 0;
            for (int start = 0; start + batchSize <= train.Length; start += batchSize)
            {
                for (int j = 0; j < batchSize; j++)
                {
                    int sample = train[start + j];
                    images.AsSpan(sample * DigitsNet.InputSize, DigitsNet.InputSize).CopyTo(batchInputs.AsSpan(j * DigitsNet.InputSize));
                    Span<float> target = batchTargets.AsSpan(j * DigitsNet.OutputSize, DigitsNet.OutputSize);
                    target.Clear();
                    target[labels[sample]] = 1f;
                }

                Array.Clear(gradient);
                lossSum += net.GradientBatch(batchInputs, batchTargets, gradient, 1f / batchSize);
                // Plain SGD: θ ← θ − η·g.
                TensorPrimitives.MultiplyAdd(gradient, -learningRate, net.Parameters, net.Parameters);
            }

            int batches = train.Length / batchSize;
            history.Add((epoch, lossSum / batches, Accuracy(net, images, labels, train), Accuracy(net, images, labels, test)));
            task.Increment(1);
        }
    });

var table = new Table().AddColumns("Epoch", "Train loss", "Train accuracy", "Test accuracy");
foreach (var row in history.Where(h => h.Epoch == 1 || h.Epoch % 5 == 0))
{
    table.AddRow($"{row.Epoch}", $"{row.Loss:F4}", $"{row.TrainAccuracy:P1}", $"{row.TestAccuracy:P1}");
}

AnsiConsole.Write(table);
string plotPath = Path.Combine("out", "quickstart-training.svg");
new LinePlot("DigitsNet on the UCI digits (SGD)", "epoch", "loss / accuracy")
    .Add("train loss", history.Select(h => h.Loss).ToArray())
    .Add("train accuracy", history.Select(h => h.TrainAccuracy).ToArray())
    .Add("test accuracy", history.Select(h => h.TestAccuracy).ToArray())
    .Save(plotPath);
AnsiConsole.MarkupLine($"Training curves: {Path.GetFullPath(plotPath)}");
double finalAccuracy = history[^1].TestAccuracy;
AnsiConsole.MarkupLine($"\nTest accuracy after {epochs} epochs: [bold]{finalAccuracy:P2}[/] ({stopwatch.Elapsed.TotalSeconds:F1} s).");
return finalAccuracy > 0.9 ? 0 : 1;

static double Accuracy(DigitsNet net, float[] images, int[] labels, int[] indices)
{
    Span<float> scores = stackalloc float[DigitsNet.OutputSize];
    int correct = 0;
    foreach (int sample in indices)
    {
        net.Forward(images.AsSpan(sample * DigitsNet.InputSize, DigitsNet.InputSize), scores);
        if (TensorPrimitives.IndexOfMax(scores) == labels[sample]) correct++;
    }

    return (double)correct / indices.Length;
}
