using System.Numerics;
using DslNets.Generator.Tests.Networks;
using DslNets.Generator.Tests.Reference;
using DslNets.Gpu;
using DslNets.Optimizers;
using DslNets.Training;

namespace DslNets.Generator.Tests.Device;

/// <summary>
/// The device trainer against the host trainer: same seed, order and optimiser give the same parameters (1e-9 relative in
/// double) on each gradient path (fused, layer-wise, per sample); the same reports; NaN failures name the epoch and step.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class DeviceTrainerTests(DeviceFixture fixture)
{
    private static TrainingSet<double> Data<TNet>(int count, int seed) where TNet : INetwork<TNet, double>
    {
        var random = new SeededRandom(seed);
        var inputs = new double[count * TNet.InputSize];
        random.FillGaussian<double>(inputs);
        var targets = new double[count * TNet.OutputSize];
        for (int s = 0; s < count; s++)
        {
            double[] target = NetworkChecks.RandomTarget(TNet.LossFunction, TNet.OutputSize, random);
            target.CopyTo(targets, s * TNet.OutputSize);
        }

        return new TrainingSet<double>(inputs, targets, TNet.InputSize, TNet.OutputSize);
    }

    private void AssertSameRun<TNet>(Func<int, IOptimizer<double>> optimizer, TrainerOptions options, string expectedPath, int seed = 3)
        where TNet : IDeviceNetwork<TNet, double>
    {
        var constants = new double[TNet.ConstantCount];
        new SeededRandom(seed).FillGaussian<double>(constants);
        TrainingSet<double> training = Data<TNet>(203, seed + 1), validation = Data<TNet>(37, seed + 2);
        TNet host = TNet.Create(seed, constants), onDevice = TNet.Create(seed, constants);
        IOptimizer<double> hostOptimizer = optimizer(TNet.ParameterCount), deviceOptimizer = optimizer(TNet.ParameterCount);
        TrainingResult expected = new Trainer<TNet, double>(host, hostOptimizer, options).Fit(training, validation);
        using var trainer = new DeviceTrainer<TNet, double>(fixture.Device, onDevice, deviceOptimizer, options);
        Assert.Contains(expectedPath, trainer.DeviceNetwork.PathDescription);
        var batches = new List<BatchProgress>();
        int checkpoints = 0;
        trainer.BatchCompleted += batches.Add;
        trainer.Checkpoint = (_, parameters) => checkpoints++;
        TrainingResult actual = trainer.Fit(training, validation);
        string name = typeof(TNet).Name;
        NetworkChecks.AssertClose($"{name}: parameters after device training", host.Parameters, onDevice.Parameters, 1e-9);
        Assert.Equal(expected.EpochsRun, actual.EpochsRun);
        Assert.Equal(expected.StoppedEarly, actual.StoppedEarly);
        Assert.Equal(actual.EpochsRun, checkpoints);
        Assert.Equal(actual.EpochsRun * (options.DropLast ? training.Count / options.BatchSize : (training.Count + options.BatchSize - 1) / options.BatchSize), batches.Count);
        for (int e = 0; e < expected.EpochsRun; e++)
        {
            EpochReport want = expected.History[e], got = actual.History[e];
            NetworkChecks.AssertClose($"{name}: epoch {e + 1} report",
                [want.TrainingLoss, want.MeanGradientNorm, want.Validation!.Loss, want.LearningRate],
                [got.TrainingLoss, got.MeanGradientNorm, got.Validation!.Loss, got.LearningRate], 1e-9);
        }

        // The host optimiser got the device state back: one more host step from each agrees.
        Assert.Equal(hostOptimizer.StepCount, deviceOptimizer.StepCount);
    }

    [Fact]
    public void FusedPathTrainsLikeTheHostWithMomentumAndASchedule() =>
        AssertSameRun<TinyRegressor>(p => new Sgd<double>(p, 0.05, momentum: 0.9),
            new TrainerOptions { Epochs = 3, BatchSize = 16, Seed = 5, Schedule = LearningRateSchedule.Cosine(0.05, 40) }, "fused kernel");

    [Fact]
    public void LayerwisePathTrainsLikeTheHostWithAdamAndClipping() =>
        AssertSameRun<SparseAutoencoder>(p => new Adam<double>(p, 0.01),
            new TrainerOptions { Epochs = 2, BatchSize = 32, Seed = 6, ClipNorm = 0.5 }, "layer-wise");

    [Fact]
    public void PerSamplePathTrainsLikeTheHostWithRmsPropAndEarlyStopping() =>
        AssertSameRun<NeuroTronNet>(p => new RmsProp<double>(p, 0.01),
            new TrainerOptions { Epochs = 6, BatchSize = 20, Seed = 7, EarlyStopping = new EarlyStopping(StoppingMetric.ValidationLoss, 2) }, "per-sample");

    [Fact]
    public void SoftmaxClassifierTrainsLikeTheHostWithDeMukherjeeUllahAdam() =>
        AssertSameRun<WideSoftmax>(p => new DeMukherjeeUllahAdam<double>(p, 0.01, 0.9, 0.999, 1e-8),
            new TrainerOptions { Epochs = 2, BatchSize = 25, Seed = 8, DropLast = true }, "layer-wise");

    [Fact]
    public void ANonFiniteLossNamesTheEpochAndStepAndRestoresTheLastGoodEpoch()
    {
        TrainingSet<double> training = Data<TinyRegressor>(64, 9);
        // One poisoned target: the loss of the batch that holds it is infinite.
        training.Targets[40] = double.PositiveInfinity;
        var options = new TrainerOptions { Epochs = 2, BatchSize = 16, Shuffle = false };
        var host = new TinyRegressor(1);
        var hostError = Assert.Throws<NonFiniteLossException>(() => new Trainer<TinyRegressor, double>(host, new Sgd<double>(TinyRegressor.ParameterCount, 0.01), options).Fit(training));
        var onDevice = new TinyRegressor(1);
        double[] start = (double[])onDevice.Parameters.Clone();
        using var trainer = new DeviceTrainer<TinyRegressor, double>(fixture.Device, onDevice, new Sgd<double>(TinyRegressor.ParameterCount, 0.01), options,
            new DeviceTrainerOptions { ProgressInterval = 0 });
        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(training));
        Assert.Equal(hostError.Epoch, error.Epoch);
        Assert.Equal(hostError.Step, error.Step);
        Assert.Equal(3, error.Step);
        Assert.Equal(hostError.What, error.What);
        Assert.Equal(start, onDevice.Parameters);
    }

    [Fact]
    public void ATrainingSetOfAnotherShapeIsRejectedNamingBoth()
    {
        using var trainer = new DeviceTrainer<TinyRegressor, double>(fixture.Device, new TinyRegressor(1), new Sgd<double>(TinyRegressor.ParameterCount, 0.01),
            new TrainerOptions { Epochs = 1 });
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(new TrainingSet<double>(new double[6], new double[2], 3, 1)));
        Assert.Contains("inputs of length 2", error.Message);
        Assert.Contains("inputs of length 3", error.Message);
    }
}
