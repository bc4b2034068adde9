using System.Numerics;
using DslNets.Training;

namespace DslNets.Data;

/// <summary>
/// A labelled data set: <see cref="Count"/> samples of <see cref="FeatureCount"/> features stored row-major in one
/// array, and one class label in [0, <see cref="ClassCount"/>) per sample. Immutable in shape; derived sets
/// (subsets, splits, normalised copies) are new objects.
/// </summary>
/// <typeparam name="T">The feature type (float or double).</typeparam>
public sealed class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a data set over <paramref name="features"/> (not copied) and <paramref name="labels"/> (not copied).</summary>
    /// <param name="features">Count×featureCount values, row-major.</param>
    /// <param name="labels">One label per row, each in [0, classCount).</param>
    /// <param name="featureCount">The number of features per sample (at least 1).</param>
    /// <param name="classCount">The number of classes (at least 1).</param>
    /// <param name="classNames">The class names (classCount of them); null gives "0", "1", ...</param>
    public Dataset(T[] features, int[] labels, int featureCount, int classCount, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (featureCount < 1) throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "Expected at least one feature per sample.");
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Expected at least one class.");
        if ((long)labels.Length * featureCount != features.Length)
        {
            throw new ArgumentException(
                $"Expected {labels.Length} labels × {featureCount} features = {(long)labels.Length * featureCount} feature values but got {features.Length}.",
                nameof(features));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Expected every label in [0, {classCount}) but label {i} is {labels[i]}.", nameof(labels));
            }
        }

        if (classNames is not null && classNames.Count != classCount)
        {
            throw new ArgumentException($"Expected {classCount} class names but got {classNames.Count}.", nameof(classNames));
        }

        Features = features;
        Labels = labels;
        FeatureCount = featureCount;
        ClassCount = classCount;
        ClassNames = classNames ?? new NumberedClassNames(classCount);
    }

    /// <summary>The features, <see cref="Count"/>×<see cref="FeatureCount"/>, row-major.</summary>
    public T[] Features { get; }

    /// <summary>The class label of each sample.</summary>
    public int[] Labels { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Labels.Length;

    /// <summary>The number of features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>The number of classes (the length of a one-hot target).</summary>
    public int ClassCount { get; }

    /// <summary>The class names, <see cref="ClassCount"/> of them.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<T> Row(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a sample index in [0, {Count}).");
        return Features.AsSpan(index * FeatureCount, FeatureCount);
    }

    /// <summary>How many samples each class has.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (int label in Labels) counts[label]++;
        return counts;
    }

    /// <summary>The one-hot targets of all samples: Count×ClassCount, row-major, 1 at the label and 0 elsewhere.</summary>
    public T[] OneHotTargets()
    {
        var targets = new T[Count * ClassCount];
        EncodeOneHot(Labels, ClassCount, targets);
        return targets;
    }

    /// <summary>
    /// These samples as a <see cref="TrainingSet{T}"/> for <see cref="Trainer{TNet, T}"/> with one-hot targets
    /// (<see cref="OneHotTargets"/>, ClassCount per sample): what a network with ClassCount outputs and
    /// <see cref="Loss.SoftmaxCrossEntropy"/> (or squared error on the one-hot vector) trains on. The features are
    /// shared, not copied.
    /// </summary>
    public TrainingSet<T> ToTrainingSet() => new(Features, OneHotTargets(), FeatureCount, ClassCount);

    /// <summary>
    /// These samples as a <see cref="TrainingSet{T}"/> with one target per sample, <paramref name="targetOfLabel"/>
    /// of its label: for a one-output network, e.g. <c>label =&gt; label == 1 ? 1 : 0</c> (Logistic),
    /// <c>label =&gt; label == 1 ? 1 : -1</c> (Hinge) or <c>label =&gt; label</c> (regression on the label). The
    /// features are shared, not copied.
    /// </summary>
    /// <param name="targetOfLabel">The target of a sample with the given label.</param>
    public TrainingSet<T> ToTrainingSet(Func<int, T> targetOfLabel)
    {
        ArgumentNullException.ThrowIfNull(targetOfLabel);
        var targets = new T[Count];
        for (int i = 0; i < targets.Length; i++) targets[i] = targetOfLabel(Labels[i]);
        return new TrainingSet<T>(Features, targets, FeatureCount, 1);
    }

    /// <summary>Writes the one-hot encoding of <paramref name="labels"/> into <paramref name="targets"/> (labels.Length×classCount).</summary>
    public static void EncodeOneHot(ReadOnlySpan<int> labels, int classCount, Span<T> targets)
    {
        if ((long)labels.Length * classCount != targets.Length)
        {
            throw new ArgumentException(
                $"Expected {labels.Length} labels × {classCount} classes = {(long)labels.Length * classCount} target values but the span has {targets.Length}.",
                nameof(targets));
        }

        targets.Clear();
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Expected every label in [0, {classCount}) but label {i} is {labels[i]}.", nameof(labels));
            }

            targets[i * classCount + labels[i]] = T.One;
        }
    }

    /// <summary>
    /// Copies the samples <paramref name="indices"/> into a batch: their features into <paramref name="inputs"/>
    /// (indices.Length×FeatureCount) and their one-hot targets into <paramref name="targets"/> (indices.Length×ClassCount).
    /// Allocates nothing, so a training loop can call it every step.
    /// </summary>
    public void GatherBatch(ReadOnlySpan<int> indices, Span<T> inputs, Span<T> targets)
    {
        if ((long)indices.Length * FeatureCount != inputs.Length)
        {
            throw new ArgumentException($"Expected inputs of {indices.Length}×{FeatureCount} = {(long)indices.Length * FeatureCount} values but the span has {inputs.Length}.", nameof(inputs));
        }

        if ((long)indices.Length * ClassCount != targets.Length)
        {
            throw new ArgumentException($"Expected targets of {indices.Length}×{ClassCount} = {(long)indices.Length * ClassCount} values but the span has {targets.Length}.", nameof(targets));
        }

        targets.Clear();
        for (int j = 0; j < indices.Length; j++)
        {
            int sample = indices[j];
            Row(sample).CopyTo(inputs.Slice(j * FeatureCount, FeatureCount));
            targets[j * ClassCount + Labels[sample]] = T.One;
        }
    }

    /// <summary>A new data set of the samples <paramref name="indices"/>, in that order (features copied).</summary>
    public Dataset<T> Subset(ReadOnlySpan<int> indices)
    {
        var features = new T[indices.Length * FeatureCount];
        var labels = new int[indices.Length];
        for (int j = 0; j < indices.Length; j++)
        {
            Row(indices[j]).CopyTo(features.AsSpan(j * FeatureCount, FeatureCount));
            labels[j] = Labels[indices[j]];
        }

        return new Dataset<T>(features, labels, FeatureCount, ClassCount, ClassNames);
    }

    /// <summary>A new data set of the first <paramref name="count"/> samples (for example a 10,000-image subset of MNIST).</summary>
    public Dataset<T> Take(int count)
    {
        if (count < 0 || count > Count) throw new ArgumentOutOfRangeException(nameof(count), count, $"Expected a count in [0, {Count}].");
        return new Dataset<T>(Features[..(count * FeatureCount)], Labels[..count], FeatureCount, ClassCount, ClassNames);
    }

    /// <summary>The same data with features converted to <typeparamref name="TOther"/> (float to double or back, rounded to nearest).</summary>
    public Dataset<TOther> Convert<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var features = new TOther[Features.Length];
        for (int i = 0; i < features.Length; i++) features[i] = TOther.CreateChecked(Features[i]);
        return new Dataset<TOther>(features, (int[])Labels.Clone(), FeatureCount, ClassCount, ClassNames);
    }

    /// <summary>
    /// Splits into a training and a test set, seeded: the same seed gives the same split. Each part keeps the
    /// samples in their original order. Without stratification the test set has round(Count·testFraction) samples
    /// drawn uniformly; with it, each class contributes round(classCount·testFraction) samples, so the class
    /// proportions of both parts match the whole to within one sample per class.
    /// </summary>
    /// <param name="testFraction">The share of samples in the test set, in (0, 1).</param>
    /// <param name="seed">The seed of the draw.</param>
    /// <param name="stratified">Whether to split each class separately.</param>
    public (Dataset<T> Training, Dataset<T> Test) Split(double testFraction, long seed, bool stratified = false)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "Expected a test fraction strictly between 0 and 1.");
        }

        var random = new SeededRandom(seed);
        var inTest = new bool[Count];
        if (stratified)
        {
            var byClass = new List<int>[ClassCount];
            for (int c = 0; c < ClassCount; c++) byClass[c] = [];
            for (int i = 0; i < Count; i++) byClass[Labels[i]].Add(i);
            foreach (List<int> members in byClass)
            {
                int[] shuffled = [.. members];
                random.Shuffle<int>(shuffled);
                int take = (int)Math.Round(shuffled.Length * testFraction, MidpointRounding.AwayFromZero);
                for (int j = 0; j < take; j++) inTest[shuffled[j]] = true;
            }
        }
        else
        {
            int[] order = Enumerable.Range(0, Count).ToArray();
            random.Shuffle<int>(order);
            int take = (int)Math.Round(Count * testFraction, MidpointRounding.AwayFromZero);
            for (int j = 0; j < take; j++) inTest[order[j]] = true;
        }

        int[] test = Enumerable.Range(0, Count).Where(i => inTest[i]).ToArray();
        int[] training = Enumerable.Range(0, Count).Where(i => !inTest[i]).ToArray();
        if (test.Length == 0 || training.Length == 0)
        {
            throw new ArgumentException(
                $"A test fraction of {testFraction} of {Count} samples leaves {training.Length} for training and {test.Length} for testing; expected both non-empty.",
                nameof(testFraction));
        }

        return (Subset(training), Subset(test));
    }
}
