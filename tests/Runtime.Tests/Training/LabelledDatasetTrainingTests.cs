using DslNets.Data;
using DslNets.Optimizers;
using DslNets.Training;

namespace DslNets.Runtime.Tests.Training;

/// <summary>The path a user takes from a labelled data set (what Mnist.Load and CsvDataset.Load return) to the trainer.</summary>
public class LabelledDatasetTrainingTests
{
    /// <summary>Three blobs around (3, 0), (−3, 3), (−3, −3) with σ = 0.5, labelled 0, 1, 2.</summary>
    private static Dataset<double> LabelledBlobs(int n, long seed)
    {
        double[][] centres = [[3, 0], [-3, 3], [-3, -3]];
        var random = new SeededRandom(seed);
        var x = new double[2 * n];
        var labels = new int[n];
        for (int j = 0; j < n; j++)
        {
            labels[j] = j % 3;
            x[2 * j] = centres[labels[j]][0] + 0.5 * random.NextGaussian();
            x[2 * j + 1] = centres[labels[j]][1] + 0.5 * random.NextGaussian();
        }
        return new Dataset<double>(x, labels, 2, 3);
    }

    [Fact]
    public void ALabelledDatasetTrainsASoftmaxClassifierThroughItsOneHotTrainingSet()
    {
        (Dataset<double> train, Dataset<double> test) = LabelledBlobs(300, seed: 3).Split(0.2, seed: 4, stratified: true);
        var trainer = new Trainer<LinearModel<Softmax3>, double>(LinearModel<Softmax3>.Create(1, []), new Sgd<double>(9, 0.1),
            new TrainerOptions { Epochs = 10, BatchSize = 16, Seed = 5 });
        double before = trainer.Evaluate(test.ToTrainingSet()).Accuracy;

        TrainingResult result = trainer.Fit(train.ToTrainingSet(), test.ToTrainingSet());

        Assert.True(before < 0.9, $"accuracy before training {before}"); // so the check below shows learning
        Assert.Equal(1.0, result.History[^1].Validation!.Accuracy);
    }

    [Fact]
    public void ABinaryLabelledDatasetTrainsALogisticModelThroughAMappedTarget()
    {
        // Label 0 against the rest: blob 0 lies at x₁ = 3, the others at x₁ = −3.
        Dataset<double> data = LabelledBlobs(120, seed: 6);
        var trainer = new Trainer<LinearModel<Logistic2>, double>(LinearModel<Logistic2>.Create(1, []), new Sgd<double>(3, 0.1),
            new TrainerOptions { Epochs = 5, BatchSize = 10, Seed = 7 });

        TrainingResult result = trainer.Fit(data.ToTrainingSet(label => label == 0 ? 1.0 : 0.0));

        Assert.Equal(1.0, result.History[^1].Training!.Accuracy);
        Assert.True(trainer.Network.Parameters[0] > 0, $"weight on x₁ {trainer.Network.Parameters[0]}");
    }
}
