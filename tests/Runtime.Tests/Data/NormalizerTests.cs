using DslNets.Data;

namespace DslNets.Runtime.Tests.Data;

public class NormalizerTests
{
    // Training: feature 0 takes 1, 3, 5, 7 (min 1, max 7, mean 4, population std √5); feature 1 is constant 2.
    private static readonly Dataset<double> Training = new([1, 2, 3, 2, 5, 2, 7, 2], [0, 1, 0, 1], 2, 2);
    private static readonly Dataset<double> Test = new([4, 3, 13, 2], [0, 1], 2, 2);

    [Fact]
    public void MinMaxMapsTheTrainingRangeToTheUnitIntervalAndReusesItOnTestData()
    {
        Normalizer<double> normalizer = Normalizer<double>.FitMinMax(Training);

        Dataset<double> training = normalizer.Apply(Training);
        Dataset<double> test = normalizer.Apply(Test);

        Assert.Equal([0.0, 0.0, 1.0 / 3, 0.0, 2.0 / 3, 0.0, 1.0, 0.0], training.Features, Tolerance);
        // (4 − 1)/6 = 0.5; the constant feature has scale 1: 3 − 2 = 1; (13 − 1)/6 = 2.
        Assert.Equal([0.5, 1.0, 2.0, 0.0], test.Features, Tolerance);
        Assert.Equal([1.0, 3.0, 5.0, 7.0], Training.Features.Where((_, i) => i % 2 == 0)); // the input is not changed
        Assert.Equal(Test.Labels, test.Labels);
    }

    [Fact]
    public void ZScoreGivesTrainingDataMeanZeroAndUnitVariance()
    {
        Normalizer<double> normalizer = Normalizer<double>.FitZScore(Training);

        Dataset<double> training = normalizer.Apply(Training);
        Dataset<double> test = normalizer.Apply(Test);

        double root5 = Math.Sqrt(5);
        Assert.Equal([-3 / root5, 0, -1 / root5, 0, 1 / root5, 0, 3 / root5, 0], training.Features, Tolerance);
        double[] column = training.Features.Where((_, i) => i % 2 == 0).ToArray();
        Assert.Equal(0.0, column.Average(), 1e-12);
        Assert.Equal(1.0, column.Select(x => x * x).Average(), 1e-12);
        Assert.Equal([0.0, 1.0, 9 / root5, 0.0], test.Features, Tolerance);
    }

    [Fact]
    public void FloatNormalisationMatchesDouble()
    {
        Dataset<float> training = Training.Convert<float>();
        Normalizer<float> normalizer = Normalizer<float>.FitZScore(training);

        float[] features = (float[])training.Features.Clone();
        normalizer.ApplyInPlace(features);

        double[] reference = Normalizer<double>.FitZScore(Training).Apply(Training).Features;
        for (int i = 0; i < features.Length; i++) Assert.Equal(reference[i], features[i], 1e-6);
        Assert.Contains("not a multiple of 2", Assert.Throws<ArgumentException>(() => normalizer.ApplyInPlace(new float[3])).Message);
    }

    private static readonly IEqualityComparer<double> Tolerance = new NearlyEqual();

    private sealed class NearlyEqual : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= 1e-12 * Math.Max(1, Math.Abs(y));

        public int GetHashCode(double obj) => 0;
    }
}
