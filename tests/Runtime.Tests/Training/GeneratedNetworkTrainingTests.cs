using DslNets.Optimizers;
using DslNets.Training;

namespace DslNets.Runtime.Tests.Training;

/// <summary>A generated single-precision network: the XOR of the signs of x₁ and x₂ needs the hidden layer.</summary>
[Network(Inputs = 2, Loss = Loss.Logistic)]
public partial class XorClassifier
{
    [Dense(8, Activation.Tanh)] public partial DenseLayer Hidden { get; }
    [Dense(1)] public partial DenseLayer Logit { get; }
}

/// <summary>The trainer on a network written by the source generator, in float.</summary>
public class GeneratedNetworkTrainingTests
{
    /// <summary>Four clusters N((±1.5, ±1.5), 0.3²I), label 1 where the signs differ: not linearly separable.</summary>
    private static TrainingSet<float> Xor(int n, long seed)
    {
        var random = new SeededRandom(seed);
        var x = new float[2 * n];
        var y = new float[n];
        for (int j = 0; j < n; j++)
        {
            float a = (j & 1) == 0 ? 1.5f : -1.5f, b = (j & 2) == 0 ? 1.5f : -1.5f;
            x[2 * j] = a + (float)(0.3 * random.NextGaussian());
            x[2 * j + 1] = b + (float)(0.3 * random.NextGaussian());
            y[j] = a * b < 0 ? 1f : 0f;
        }
        return new TrainingSet<float>(x, y, 2, 1);
    }

    [Fact]
    public void TrainsAGeneratedFloatNetworkOnXor()
    {
        var train = Xor(200, seed: 1);
        var validation = Xor(100, seed: 2);
        var net = new XorClassifier(seed: 3);
        var trainer = new Trainer<XorClassifier, float>(net, new Adam<float>(XorClassifier.ParameterCount, 0.05),
            new TrainerOptions { Epochs = 30, BatchSize = 20, Seed = 4 });
        Metrics before = trainer.Evaluate(train);
        TrainingResult result = trainer.Fit(train, validation);
        EpochReport last = result.History[^1];
        // A linear classifier gets at most 3 of the 4 clusters (accuracy ≤ 0.75 on balanced data); the network must do better.
        Assert.True(last.Validation!.Accuracy >= 0.97, $"validation accuracy {last.Validation.Accuracy}");
        Assert.True(last.Training!.Loss < before.Loss / 4, $"loss {last.Training.Loss} from {before.Loss}");
        // The trainer's loss from the outputs agrees with the generated network's own loss.
        double own = 0;
        for (int j = 0; j < validation.Count; j++) own += net.ComputeLoss(validation.Input(j), validation.Target(j));
        Assert.Equal(own / validation.Count, last.Validation.Loss, 4);
    }
}

public class GeneratedNetworkStepAllocationTests
{
    [Fact]
    public void ATrainingStepOnAGeneratedNetworkAllocatesNothing()
    {
        var x = new float[2 * 32];
        var y = new float[32];
        new SeededRandom(5).FillGaussian<float>(x);
        for (int j = 0; j < 32; j++) y[j] = x[2 * j] * x[2 * j + 1] < 0 ? 1f : 0f;
        var data = new TrainingSet<float>(x, y, 2, 1);
        var trainer = new Trainer<XorClassifier, float>(new XorClassifier(seed: 1), new Sgd<float>(XorClassifier.ParameterCount, 0.1f, momentum: 0.9),
            new TrainerOptions { Epochs = 1, BatchSize = 8, ClipNorm = 5.0 });
        int[] indices = Enumerable.Range(0, 32).ToArray();
        for (int s = 0; s < 4; s++) trainer.TrainStep(data, indices.AsSpan(8 * s, 8), 1, s + 1, s, 0);
        Allocations.AssertNone(() =>
        {
            for (int s = 0; s < 4; s++) trainer.TrainStep(data, indices.AsSpan(8 * s, 8), 1, s + 1, s, 0);
        }, 25, "4 training steps");
    }
}
