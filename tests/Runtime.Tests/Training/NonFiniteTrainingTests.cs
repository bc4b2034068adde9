using DslNets.Checkpoints;
using DslNets.Optimizers;
using DslNets.Runtime.Tests.Data;
using DslNets.Training;

namespace DslNets.Runtime.Tests.Training;

/// <summary>What a NaN or infinity in the middle of training leaves behind, and which step it is blamed on.</summary>
public class NonFiniteTrainingTests
{
    /// <summary>Two float blobs N((±1.5, ±1.5), 0.3²I), label 1 for the positive one.</summary>
    private static TrainingSet<float> FloatBlobs(int n, long seed)
    {
        var random = new SeededRandom(seed);
        var x = new float[2 * n];
        var y = new float[n];
        for (int j = 0; j < n; j++)
        {
            float centre = j % 2 == 0 ? 1.5f : -1.5f;
            x[2 * j] = centre + (float)(0.3 * random.NextGaussian());
            x[2 * j + 1] = centre + (float)(0.3 * random.NextGaussian());
            y[j] = j % 2 == 0 ? 1f : 0f;
        }
        return new TrainingSet<float>(x, y, 2, 1);
    }

    [Fact]
    public void ACheckpointWrittenThroughTheHookStillHoldsTheLastGoodParametersAfterANaN()
    {
        const long seed = 23;
        const int batch = 8, poisoned = 29, samples = 60;
        using var folder = new TemporaryFolder();
        string path = folder.File("xor.safetensors");
        TrainingSet<float> train = FloatBlobs(samples, seed: 3);
        var trainer = new Trainer<XorClassifier, float>(new XorClassifier(seed: 4), new Adam<float>(XorClassifier.ParameterCount, 0.02),
            new TrainerOptions { Epochs = 10, BatchSize = batch, Seed = seed });
        var savedEpochs = new List<int>();
        byte[] savedBytes = [];
        float[] savedParameters = [];
        trainer.Checkpoint = (report, parameters) =>
        {
            Checkpoint.Save<XorClassifier, float>(trainer.Network, path);
            savedEpochs.Add(report.Epoch);
            savedBytes = File.ReadAllBytes(path);
            savedParameters = parameters.ToArray();
        };
        trainer.EpochCompleted += report =>
        {
            if (report.Epoch == 2) train.Inputs[2 * poisoned + 1] = float.NaN; // poison one sample for epoch 3
        };

        var e = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(train));

        // The step of epoch 3 whose batch holds the poisoned sample, from the documented shuffling.
        var permutation = Enumerable.Range(0, samples).ToArray();
        var random = new SeededRandom(seed);
        for (int epoch = 1; epoch <= 3; epoch++) random.Shuffle(permutation.AsSpan());
        int expectedStep = Array.IndexOf(permutation, poisoned) / batch + 1;
        Assert.Equal(3, e.Epoch);
        Assert.Equal(expectedStep, e.Step);
        Assert.Equal("loss", e.What);
        Assert.Contains($"non-finite loss at epoch 3, step {expectedStep}", e.Message);
        Assert.Equal(2, e.RestoredEpoch);

        // The file on disk is the one written at the end of epoch 2, byte for byte, and it loads as those parameters.
        Assert.Equal([1, 2], savedEpochs);
        Assert.Equal(savedBytes, File.ReadAllBytes(path));
        XorClassifier reloaded = Checkpoint.Load<XorClassifier, float>(path);
        Assert.Equal(savedParameters, reloaded.Parameters);
        Assert.Equal(savedParameters, trainer.Network.Parameters);
        Assert.All(savedParameters, p => Assert.True(float.IsFinite(p)));
        // Only the checkpoint is in the folder: no temporary file from the atomic writes survived.
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Theory]
    [InlineData(8)]  // four steps per epoch: the next step's loss would be the first non-finite one
    [InlineData(32)] // one step per epoch: the next thing to see it would be the end-of-epoch evaluation
    public void AnUpdateThatOverflowsTheParametersIsBlamedOnTheStepThatWroteIt(int batch)
    {
        var data = TrainingData.Linear(32, seed: 171);
        var net = LinearModel<Regression2>.Create(1, []);
        double[] start = net.Parameters.ToArray();
        // Precondition: the first batch's mean gradient has an entry above 1, so a rate of double.MaxValue overflows it.
        var gradient = new double[LinearModel<Regression2>.ParameterCount];
        net.GradientBatch(data.Inputs.AsSpan(0, 2 * batch), data.Targets.AsSpan(0, batch), gradient, 1.0 / batch);
        Assert.True(gradient.Max(Math.Abs) > 1, $"largest gradient entry {gradient.Max(Math.Abs)}");
        var trainer = new Trainer<LinearModel<Regression2>, double>(net, new Sgd<double>(3, double.MaxValue),
            new TrainerOptions { Epochs = 3, BatchSize = batch, Shuffle = false });

        var e = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(data));

        Assert.Equal(1, e.Epoch);
        Assert.Equal(1, e.Step);
        Assert.Equal(0, e.GlobalStep);
        Assert.StartsWith("parameter (index ", e.What);
        Assert.True(double.IsInfinity(e.Value), $"value {e.Value}");
        Assert.Contains("after the optimiser update at epoch 1, step 1 (optimiser step 1)", e.Message);
        Assert.Equal(start, trainer.Network.Parameters);
    }

    [Fact]
    public void NonFiniteStartingParametersAreRejectedBeforeAnyStep()
    {
        var net = LinearModel<Regression2>.Create(1, []);
        net.Parameters[2] = double.NaN;
        var trainer = new Trainer<LinearModel<Regression2>, double>(net, new Sgd<double>(3, 0.1), new TrainerOptions { Epochs = 1 });
        int steps = 0;
        trainer.BatchCompleted += _ => steps++;

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(TrainingData.Linear(8, seed: 1)));

        Assert.Contains("parameter 2", e.Message);
        Assert.Equal(0, steps);
    }
}
