using DslNets.Training;

namespace DslNets.Runtime.Tests.Training;

/// <summary>Small seeded datasets with known structure.</summary>
internal static class TrainingData
{
    /// <summary>y = 2x₁ − 3x₂ + 0.5 exactly, x ~ N(0, I): realisable, the least-squares solution is (2, −3, 0.5).</summary>
    public static TrainingSet<double> Linear(int n, long seed)
    {
        var random = new SeededRandom(seed);
        var x = new double[2 * n];
        var y = new double[n];
        random.FillGaussian<double>(x);
        for (int j = 0; j < n; j++) y[j] = 2 * x[2 * j] - 3 * x[2 * j + 1] + 0.5;
        return new TrainingSet<double>(x, y, 2, 1);
    }

    /// <summary>
    /// Two blobs N((±2, ±2), 0.5²I) with labels {1, 0} (or {+1, −1} when <paramref name="signed"/>): separable by
    /// x₁ + x₂ = 0 unless a point strays 2√2/0.5 ≈ 5.7 standard deviations.
    /// </summary>
    public static TrainingSet<double> Blobs(int n, long seed, bool signed = false)
    {
        var random = new SeededRandom(seed);
        var x = new double[2 * n];
        var y = new double[n];
        for (int j = 0; j < n; j++)
        {
            bool positive = j % 2 == 0;
            double centre = positive ? 2.0 : -2.0;
            x[2 * j] = centre + 0.5 * random.NextGaussian();
            x[2 * j + 1] = centre + 0.5 * random.NextGaussian();
            y[j] = positive ? 1.0 : signed ? -1.0 : 0.0;
        }
        return new TrainingSet<double>(x, y, 2, 1);
    }

    /// <summary>Three blobs around (3, 0), (−3, 3), (−3, −3) with σ = 0.5 and one-hot targets.</summary>
    public static TrainingSet<double> ThreeBlobs(int n, long seed)
    {
        double[][] centres = [[3, 0], [-3, 3], [-3, -3]];
        var random = new SeededRandom(seed);
        var x = new double[2 * n];
        var y = new double[3 * n];
        for (int j = 0; j < n; j++)
        {
            int c = j % 3;
            x[2 * j] = centres[c][0] + 0.5 * random.NextGaussian();
            x[2 * j + 1] = centres[c][1] + 0.5 * random.NextGaussian();
            y[3 * j + c] = 1.0;
        }
        return new TrainingSet<double>(x, y, 2, 3);
    }
}
