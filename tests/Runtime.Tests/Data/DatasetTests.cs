using DslNets.Data;
using DslNets.Training;

namespace DslNets.Runtime.Tests.Data;

public class DatasetTests
{
    /// <summary>n samples of 2 features (i, 10·i) with labels i mod classes.</summary>
    private static Dataset<double> Counting(int n, int classes) =>
        new(Enumerable.Range(0, n).SelectMany(i => new double[] { i, 10 * i }).ToArray(), Enumerable.Range(0, n).Select(i => i % classes).ToArray(), 2, classes);

    [Fact]
    public void OneHotTargetsHaveASingleOneAtTheLabel()
    {
        var data = new Dataset<float>(new float[4], [2, 0], 2, 3);

        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f], data.OneHotTargets());
    }

    [Fact]
    public void ToTrainingSetGivesOneHotTargetsAndSharesTheFeatures()
    {
        Dataset<double> data = Counting(3, 3);

        TrainingSet<double> set = data.ToTrainingSet();

        Assert.Same(data.Features, set.Inputs);
        Assert.Equal(3, set.Count);
        Assert.Equal(2, set.InputSize);
        Assert.Equal(3, set.OutputSize);
        Assert.Equal([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0], set.Targets);
    }

    [Fact]
    public void ToTrainingSetWithATargetFunctionGivesOneNumberPerSample()
    {
        Dataset<float> data = Counting(4, 2).Convert<float>();

        TrainingSet<float> signed = data.ToTrainingSet(label => label == 1 ? 1f : -1f);

        Assert.Equal(1, signed.OutputSize);
        Assert.Equal([-1f, 1f, -1f, 1f], signed.Targets);
        Assert.Equal([2f, 20f], signed.Input(2).ToArray());
    }

    [Fact]
    public void GatherBatchCopiesRowsAndTargetsWithoutAllocating()
    {
        Dataset<double> data = Counting(6, 3);
        int[] indices = [4, 1];
        var inputs = new double[4];
        var targets = new double[6];

        data.GatherBatch(indices, inputs, targets);
        long before = GC.GetAllocatedBytesForCurrentThread();
        data.GatherBatch(indices, inputs, targets);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal([4.0, 40.0, 1.0, 10.0], inputs);
        Assert.Equal([0.0, 1.0, 0.0, 0.0, 1.0, 0.0], targets);
        Assert.Equal(0, allocated);
        Assert.Contains("Expected inputs of 2×2 = 4 values but the span has 3", Assert.Throws<ArgumentException>(() => data.GatherBatch(indices, new double[3], targets)).Message);
    }

    [Fact]
    public void TheConstructorNamesInconsistentShapes()
    {
        Assert.Contains("Expected 2 labels × 3 features = 6 feature values but got 5",
            Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[5], [0, 1], 3, 2)).Message);
        Assert.Contains("Expected every label in [0, 2) but label 1 is 2",
            Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[6], [0, 2], 3, 2)).Message);
    }

    [Fact]
    public void SubsetTakeAndConvertKeepRowsWithTheirLabels()
    {
        Dataset<double> data = Counting(5, 2);

        Dataset<double> subset = data.Subset([3, 0]);
        Dataset<float> first = data.Take(2).Convert<float>();

        Assert.Equal([3.0, 30.0, 0.0, 0.0], subset.Features);
        Assert.Equal([1, 0], subset.Labels);
        Assert.Equal([0f, 0f, 1f, 10f], first.Features);
        Assert.Equal([0, 1], first.Labels);
    }

    [Fact]
    public void ASplitIsASeededPartition()
    {
        Dataset<double> data = Counting(100, 4);

        (Dataset<double> training, Dataset<double> test) = data.Split(0.25, seed: 7);
        (Dataset<double> again, _) = data.Split(0.25, seed: 7);
        (Dataset<double> other, _) = data.Split(0.25, seed: 8);

        Assert.Equal(75, training.Count);
        Assert.Equal(25, test.Count);
        // Feature 0 is the sample's index, so the parts can be compared as sets of indices.
        int[] trainIndices = Indices(training);
        int[] testIndices = Indices(test);
        Assert.Empty(trainIndices.Intersect(testIndices));
        Assert.Equal(Enumerable.Range(0, 100), trainIndices.Concat(testIndices).Order());
        Assert.Equal(trainIndices.Order(), trainIndices); // original order kept
        Assert.Equal(trainIndices, Indices(again));
        Assert.NotEqual(trainIndices, Indices(other));
        Assert.All(Enumerable.Range(0, training.Count), j => Assert.Equal(trainIndices[j] % 4, training.Labels[j]));
    }

    [Fact]
    public void AStratifiedSplitKeepsClassProportions()
    {
        // 60 samples of class 0, 30 of class 1, 10 of class 2.
        int[] labels = [.. Enumerable.Repeat(0, 60), .. Enumerable.Repeat(1, 30), .. Enumerable.Repeat(2, 10)];
        var data = new Dataset<float>(Enumerable.Range(0, 100).Select(i => (float)i).ToArray(), labels, 1, 3);

        (Dataset<float> training, Dataset<float> test) = data.Split(0.3, seed: 3, stratified: true);

        Assert.Equal([18, 9, 3], test.ClassCounts());
        Assert.Equal([42, 21, 7], training.ClassCounts());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), training.Features.Concat(test.Features).Order());
    }

    [Fact]
    public void ASplitThatEmptiesAPartIsRejected()
    {
        Dataset<double> data = Counting(3, 1);

        Assert.Contains("leaves 3 for training and 0 for testing", Assert.Throws<ArgumentException>(() => data.Split(0.1, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(1.0, 1));
    }

    private static int[] Indices(Dataset<double> data) => Enumerable.Range(0, data.Count).Select(i => (int)data.Row(i)[0]).ToArray();
}
