using DslNets.Optimizers;
using DslNets.Training;

namespace DslNets.Runtime.Tests.Training;

public class TrainerTests
{
    private static Trainer<LinearModel<TShape>, double> MakeTrainer<TShape>(IOptimizer<double>? optimizer = null, TrainerOptions? options = null, int seed = 1)
        where TShape : ILinearShape
    {
        var net = LinearModel<TShape>.Create(seed, []);
        return new Trainer<LinearModel<TShape>, double>(
            net,
            optimizer ?? new Sgd<double>(LinearModel<TShape>.ParameterCount, 0.1, momentum: 0.9),
            options ?? new TrainerOptions { Epochs = 10, BatchSize = 16, Seed = 5 });
    }

    [Fact]
    public void RealisableRegressionRecoversTheTrueWeights()
    {
        var data = TrainingData.Linear(200, seed: 11);
        var trainer = MakeTrainer<Regression2>(options: new TrainerOptions { Epochs = 40, BatchSize = 16, Seed = 3 });
        double before = trainer.Evaluate(data).Loss;
        TrainingResult result = trainer.Fit(data);
        double[] p = trainer.Network.Parameters;
        // The data are exactly y = 2x₁ − 3x₂ + 0.5, so the minimiser is (2, −3, 0.5) with loss 0.
        Assert.Equal(2.0, p[0], 4);
        Assert.Equal(-3.0, p[1], 4);
        Assert.Equal(0.5, p[2], 4);
        Assert.True(result.History[^1].Training!.Loss < 1e-8 * before, $"loss {result.History[^1].Training!.Loss} from {before}");
        Assert.True(double.IsNaN(result.History[^1].Training!.Accuracy)); // not defined for one-output regression
        Assert.Equal(40, result.EpochsRun);
    }

    [Fact]
    public void LogisticRegressionSeparatesTwoBlobs()
    {
        var train = TrainingData.Blobs(200, seed: 21);
        var validation = TrainingData.Blobs(100, seed: 22);
        var trainer = MakeTrainer<Logistic2>(new Adam<double>(3, 0.05), new TrainerOptions { Epochs = 15, BatchSize = 20, Seed = 4 });
        Metrics before = trainer.Evaluate(train);
        TrainingResult result = trainer.Fit(train, validation);
        EpochReport last = result.History[^1];
        Assert.Equal(1.0, last.Training!.Accuracy);
        Assert.Equal(1.0, last.Validation!.Accuracy);
        Assert.True(last.Training.Loss < before.Loss / 5, $"loss {last.Training.Loss} from {before.Loss}");
        // The learned direction is close to the separating normal (1, 1)/√2.
        double[] p = trainer.Network.Parameters;
        Assert.True(p[0] > 0 && p[1] > 0 && Math.Abs(p[0] - p[1]) < 0.5 * (p[0] + p[1]));
    }

    [Fact]
    public void HingeClassifierUsesSignedTargets()
    {
        var train = TrainingData.Blobs(100, seed: 31, signed: true);
        var trainer = MakeTrainer<Hinge2>(new Sgd<double>(3, 0.05), new TrainerOptions { Epochs = 10, BatchSize = 10, Seed = 2 });
        TrainingResult result = trainer.Fit(train);
        Assert.Equal(1.0, result.History[^1].Training!.Accuracy);
        Assert.True(result.History[^1].Training!.Loss < 0.05);
    }

    [Fact]
    public void SoftmaxRegressionClassifiesThreeBlobsByArgmax()
    {
        var train = TrainingData.ThreeBlobs(150, seed: 41);
        var trainer = MakeTrainer<Softmax3>(new Adam<double>(9, 0.05), new TrainerOptions { Epochs = 20, BatchSize = 15, Seed = 6 });
        double before = trainer.Evaluate(train).Loss;
        TrainingResult result = trainer.Fit(train);
        Assert.True(result.History[^1].Training!.Accuracy >= 0.99, $"accuracy {result.History[^1].Training!.Accuracy}");
        Assert.True(result.History[^1].Training!.Loss < before / 10);
    }

    [Fact]
    public void EvaluateAgreesWithTheNetworksOwnLossAndAHandCount()
    {
        var net = LinearModel<Logistic2>.Create(0, []);
        net.Parameters[0] = 1.0; net.Parameters[1] = -1.0; net.Parameters[2] = 0.25; // z = x₁ − x₂ + 0.25
        // Samples: z = 1.25 (t 1: right), z = −0.75 (t 0: right), z = 0.25 (t 0: wrong), z = −2.75 (t 1: wrong).
        var data = new TrainingSet<double>([1, 0, 0, 1, 0, 0, -1, 2], [1, 0, 0, 1], 2, 1);
        var trainer = new Trainer<LinearModel<Logistic2>, double>(net, new Sgd<double>(3, 0.1), new TrainerOptions { Epochs = 1, BatchSize = 3 });
        Metrics m = trainer.Evaluate(data);
        double expectedLoss = 0;
        for (int j = 0; j < 4; j++) expectedLoss += net.ComputeLoss(data.Input(j), data.Target(j));
        Assert.Equal(expectedLoss / 4, m.Loss, 14);
        Assert.Equal(0.5, m.Accuracy);

        var soft = LinearModel<Softmax3>.Create(0, []);
        var softData = TrainingData.ThreeBlobs(7, seed: 9);
        var softTrainer = new Trainer<LinearModel<Softmax3>, double>(soft, new Sgd<double>(9, 0.1), new TrainerOptions { Epochs = 1, BatchSize = 2 });
        double softExpected = 0;
        for (int j = 0; j < 7; j++) softExpected += soft.ComputeLoss(softData.Input(j), softData.Target(j));
        Assert.Equal(softExpected / 7, softTrainer.Evaluate(softData).Loss, 13);
    }

    [Fact]
    public void TheSameSeedGivesIdenticalParametersAndAnotherSeedDoesNot()
    {
        var data = TrainingData.Blobs(60, seed: 51);
        double[] Run(long seed)
        {
            var trainer = MakeTrainer<Logistic2>(new Adam<double>(3, 0.05), new TrainerOptions { Epochs = 3, BatchSize = 7, Seed = seed });
            trainer.Fit(data);
            return trainer.Network.Parameters;
        }
        double[] a = Run(8), b = Run(8), c = Run(9);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void TheCallbackIsCalledOncePerEpochAndProgressCountsSamples()
    {
        var data = TrainingData.Linear(10, seed: 61);
        var trainer = MakeTrainer<Regression2>(new Sgd<double>(3, 0.01), new TrainerOptions { Epochs = 4, BatchSize = 4, Seed = 1 });
        var epochs = new List<int>();
        var progress = new List<BatchProgress>();
        trainer.EpochCompleted += r => epochs.Add(r.Epoch);
        trainer.BatchCompleted += p => progress.Add(p);
        TrainingResult result = trainer.Fit(data);
        Assert.Equal([1, 2, 3, 4], epochs);
        // 10 samples in batches of 4: steps of 4, 4, 2 → 3 steps per epoch, 12 in all.
        Assert.Equal(12, progress.Count);
        Assert.All(progress, p => Assert.Equal(3, p.StepsPerEpoch));
        Assert.Equal(40, progress[^1].SamplesSeen);
        Assert.Equal(40, progress[^1].TotalSamples);
        Assert.Equal(8, progress[1].SamplesSeen);
        Assert.Equal(12, result.History[^1].Steps);
    }

    [Fact]
    public void TheRunningTrainingLossWeighsAPartialLastBatchBySize()
    {
        // With learning rate 0 the parameters never move, so the epoch's running loss (batches of 4, 4, 2 weighted
        // by size) must equal the whole-set mean loss.
        var data = TrainingData.Linear(10, seed: 71);
        var trainer = MakeTrainer<Regression2>(new Sgd<double>(3, 0.0), new TrainerOptions { Epochs = 1, BatchSize = 4, Seed = 1 });
        TrainingResult result = trainer.Fit(data);
        Assert.Equal(result.History[0].Training!.Loss, result.History[0].TrainingLoss, 12);
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceEpochsWithoutImprovement()
    {
        // Learning rate 0: the validation loss is the same every epoch, so epoch 1 is the best and training stops
        // after 1 + patience = 4 epochs of the 50 allowed.
        var data = TrainingData.Blobs(40, seed: 81);
        var trainer = MakeTrainer<Logistic2>(new Sgd<double>(3, 0.0), new TrainerOptions
        {
            Epochs = 50, BatchSize = 8, EarlyStopping = new EarlyStopping(StoppingMetric.ValidationLoss, Patience: 3),
        });
        int calls = 0;
        trainer.EpochCompleted += _ => calls++;
        TrainingResult result = trainer.Fit(data, data);
        Assert.True(result.StoppedEarly);
        Assert.Equal(4, result.EpochsRun);
        Assert.Equal(4, calls);
        Assert.Equal(1, result.BestEpoch);
        Assert.Equal([true, false, false, false], result.History.Select(r => r.Improved));
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestParametersWhenValidationGetsWorse()
    {
        // Validation labels are the opposite of the training labels, so every epoch of learning makes the
        // validation loss worse: the best epoch is 1, training stops at 1 + 2, and epoch 1's parameters come back.
        var train = TrainingData.Blobs(40, seed: 91);
        var flipped = new TrainingSet<double>(train.Inputs, train.Targets.Select(t => 1.0 - t).ToArray(), 2, 1);
        var trainer = MakeTrainer<Logistic2>(new Sgd<double>(3, 0.05), new TrainerOptions
        {
            Epochs = 30, BatchSize = 8, Seed = 2, EarlyStopping = new EarlyStopping(StoppingMetric.ValidationLoss, Patience: 2),
        });
        var snapshots = new List<double[]>();
        trainer.Checkpoint = (_, p) => snapshots.Add(p.ToArray());
        TrainingResult result = trainer.Fit(train, flipped);
        Assert.True(result.StoppedEarly);
        Assert.Equal(3, result.EpochsRun);
        Assert.Equal(1, result.BestEpoch);
        Assert.True(result.History[2].Validation!.Loss > result.History[0].Validation!.Loss);
        Assert.Equal(snapshots[0], trainer.Network.Parameters);
        Assert.NotEqual(snapshots[2], trainer.Network.Parameters);
    }

    [Fact]
    public void APoisonedSampleStopsWithEpochAndStepAndRestoresTheLastGoodParameters()
    {
        const long seed = 17;
        const int batch = 6, poisoned = 13;
        var train = TrainingData.Blobs(40, seed: 101);
        var trainer = MakeTrainer<Logistic2>(new Adam<double>(3, 0.05), new TrainerOptions { Epochs = 10, BatchSize = batch, Seed = seed });
        var checkpoints = new List<(int Epoch, double[] Parameters)>();
        trainer.Checkpoint = (report, p) => checkpoints.Add((report.Epoch, p.ToArray()));
        trainer.EpochCompleted += report =>
        {
            if (report.Epoch == 2) train.Inputs[2 * poisoned] = double.NaN; // poison sample 13 for epoch 3
        };

        var e = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(train));

        // Where sample 13 falls in epoch 3: the documented permutation (identity, shuffled in place each epoch).
        var permutation = Enumerable.Range(0, 40).ToArray();
        var random = new SeededRandom(seed);
        for (int epoch = 1; epoch <= 3; epoch++) random.Shuffle(permutation.AsSpan());
        int expectedStep = Array.IndexOf(permutation, poisoned) / batch + 1;
        Assert.Equal(3, e.Epoch);
        Assert.Equal(expectedStep, e.Step);
        Assert.Equal(2 * 7 + expectedStep - 1, e.GlobalStep); // 7 steps per epoch (40 = 6·6 + 4)
        Assert.Contains($"epoch 3, step {expectedStep}", e.Message);
        Assert.True(double.IsNaN(e.Value));
        Assert.Equal(2, e.RestoredEpoch);
        // The parameters are those at the end of epoch 2, and no checkpoint was written after it.
        Assert.Equal([1, 2], checkpoints.Select(c => c.Epoch));
        Assert.Equal(checkpoints[^1].Parameters, trainer.Network.Parameters);
    }

    [Fact]
    public void APoisonedSampleInTheFirstEpochRestoresTheStartingParameters()
    {
        var train = TrainingData.Blobs(20, seed: 111);
        train.Inputs[5] = double.PositiveInfinity;
        var trainer = MakeTrainer<Logistic2>(new Sgd<double>(3, 0.1), new TrainerOptions { Epochs = 3, BatchSize = 4, Shuffle = false });
        double[] start = trainer.Network.Parameters.ToArray();
        int checkpoints = 0;
        trainer.Checkpoint = (_, _) => checkpoints++;
        var e = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(train));
        // Without shuffling, sample 2 (inputs 4 and 5) is in the first batch of 4.
        Assert.Equal(1, e.Epoch);
        Assert.Equal(1, e.Step);
        Assert.Equal(0, e.RestoredEpoch);
        Assert.Equal(start, trainer.Network.Parameters);
        Assert.Equal(0, checkpoints);
    }

    [Fact]
    public void DivergenceWithAHugeLearningRateStopsWithFiniteParameters()
    {
        // Squared error with step 1e6 multiplies the error by about 1e6 each step: it overflows within a few epochs.
        var data = TrainingData.Linear(32, seed: 121);
        var trainer = MakeTrainer<Regression2>(new Sgd<double>(3, 1e6), new TrainerOptions { Epochs = 100, BatchSize = 8, Seed = 1 });
        var e = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(data));
        Assert.All(trainer.Network.Parameters, p => Assert.True(double.IsFinite(p)));
        Assert.Contains($"epoch {e.Epoch}", e.Message);
    }

    [Fact]
    public void TheTrainingStepAllocatesNothing()
    {
        var data = TrainingData.Blobs(64, seed: 131);
        var trainer = MakeTrainer<Logistic2>(new Adam<double>(3, 0.01), new TrainerOptions { Epochs = 1, BatchSize = 16, ClipNorm = 1.0 });
        int[] indices = Enumerable.Range(0, 64).Reverse().ToArray();
        for (int s = 0; s < 4; s++) trainer.TrainStep(data, indices.AsSpan(16 * s, 16), 1, s + 1, s, 0);
        Allocations.AssertNone(() =>
        {
            for (int s = 0; s < 4; s++) trainer.TrainStep(data, indices.AsSpan(16 * s, 16), 1, s + 1, s, 0);
        }, 50, "4 training steps");
    }

    [Fact]
    public void AScheduleSetsTheOptimisersRate()
    {
        // 10 samples, batch 5: 2 steps per epoch; step schedule halving every 2 steps → epoch e ran at 0.1·0.5^(e−1).
        var data = TrainingData.Linear(10, seed: 141);
        var sgd = new Sgd<double>(3, 1.0);
        var trainer = MakeTrainer<Regression2>(sgd, new TrainerOptions
        {
            Epochs = 3, BatchSize = 5, Schedule = LearningRateSchedule.Step(0.1, stepSize: 2, gamma: 0.5),
        });
        TrainingResult result = trainer.Fit(data);
        Assert.Equal([0.1, 0.05, 0.025], result.History.Select(r => r.LearningRate));
        Assert.Equal(0.025, sgd.LearningRate);
    }

    [Fact]
    public void AnEpochScheduleChangesTheRateOncePerEpochAndDropLastSkipsTheRemainder()
    {
        // 10 samples, batch 4, DropLast: 2 steps of 4 per epoch (2 samples unused); cosine over 2 epochs from 0.2 to 0:
        // epoch 1 at 0.2, epoch 2 at 0.1 (cos(π/2) = 0), epoch 3 at 0 (the minimum held).
        var data = TrainingData.Linear(10, seed: 161);
        var trainer = MakeTrainer<Regression2>(new Sgd<double>(3, 1.0), new TrainerOptions
        {
            Epochs = 3, BatchSize = 4, DropLast = true, ScheduleByEpoch = true, Schedule = LearningRateSchedule.Cosine(0.2, period: 2),
        });
        var progress = new List<BatchProgress>();
        trainer.BatchCompleted += p => progress.Add(p);
        TrainingResult result = trainer.Fit(data);
        Assert.Equal(0.2, result.History[0].LearningRate, 15);
        Assert.Equal(0.1, result.History[1].LearningRate, 15);
        Assert.Equal(0.0, result.History[2].LearningRate, 15);
        Assert.Equal(6, progress.Count);
        Assert.Equal(24, progress[^1].SamplesSeen);
        Assert.Equal(6, result.History[^1].Steps);
    }

    [Fact]
    public void ClippingBoundsTheStep()
    {
        // Plain SGD with rate 1 and clipping at 0.01: each step moves the parameters by at most 0.01 in norm.
        var data = TrainingData.Linear(8, seed: 151);
        var trainer = MakeTrainer<Regression2>(new Sgd<double>(3, 1.0), new TrainerOptions { Epochs = 1, BatchSize = 8, ClipNorm = 0.01 });
        double[] start = trainer.Network.Parameters.ToArray();
        TrainingResult result = trainer.Fit(data);
        double moved = Math.Sqrt(start.Zip(trainer.Network.Parameters, (a, b) => (a - b) * (a - b)).Sum());
        Assert.True(result.History[0].MeanGradientNorm > 0.01); // the gradient was longer than the clip
        Assert.InRange(moved, 0.0099, 0.01);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithWhatWasExpected()
    {
        var net = LinearModel<Regression2>.Create(1, []);
        var e1 = Assert.Throws<ArgumentException>(() => new Trainer<LinearModel<Regression2>, double>(net, new Sgd<double>(4, 0.1), new TrainerOptions { Epochs = 1 }));
        Assert.Contains("3 parameters", e1.Message);
        Assert.Contains("4", e1.Message);

        var trainer = new Trainer<LinearModel<Regression2>, double>(net, new Sgd<double>(3, 0.1), new TrainerOptions { Epochs = 1 });
        var wrong = new TrainingSet<double>(new double[9], new double[3], 3, 1);
        var e2 = Assert.Throws<ArgumentException>(() => trainer.Fit(wrong));
        Assert.Contains("inputs of length 2", e2.Message);
        Assert.Contains("inputs of length 3", e2.Message);

        var stopping = new Trainer<LinearModel<Regression2>, double>(net, new Sgd<double>(3, 0.1),
            new TrainerOptions { Epochs = 1, EarlyStopping = new EarlyStopping(StoppingMetric.ValidationLoss, 2) });
        var e3 = Assert.Throws<ArgumentException>(() => stopping.Fit(TrainingData.Linear(4, 1)));
        Assert.Contains("validation set", e3.Message);

        var e4 = Assert.Throws<ArgumentException>(() => new Trainer<LinearModel<Regression2>, double>(net, new Sgd<double>(3, 0.1),
            new TrainerOptions { Epochs = 1, EarlyStopping = new EarlyStopping(StoppingMetric.ValidationAccuracy, 2) }));
        Assert.Contains("accuracy is not defined", e4.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer<LinearModel<Regression2>, double>(net, new Sgd<double>(3, 0.1), new TrainerOptions { Epochs = 0 }));
        var e5 = Assert.Throws<ArgumentException>(() => new TrainingSet<double>(new double[6], new double[4], 2, 1));
        Assert.Contains("3 targets", e5.Message);
        Assert.Contains("length 4", e5.Message);
    }
}
