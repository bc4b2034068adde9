using System.Numerics;

namespace DslNets.Data;

/// <summary>How a <see cref="Normalizer{T}"/> rescales each feature.</summary>
public enum NormalizationKind
{
    /// <summary>x' = (x − min) / (max − min): the training data falls in [0, 1].</summary>
    MinMax,

    /// <summary>x' = (x − mean) / std (population standard deviation): the training data has mean 0 and variance 1.</summary>
    ZScore,
}

/// <summary>
/// A per-feature affine rescaling x' = (x − Offset)·Scale, fitted on training data and then applied unchanged to
/// test data (so no test statistics leak into training). A constant feature gets Scale = 1, as scikit-learn does,
/// so it maps to 0 on the training data and keeps test deviations visible instead of dividing by zero.
/// </summary>
/// <typeparam name="T">The feature type (float or double).</typeparam>
public sealed class Normalizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _offset;
    private readonly T[] _scale;

    private Normalizer(NormalizationKind kind, T[] offset, T[] scale)
    {
        Kind = kind;
        _offset = offset;
        _scale = scale;
    }

    /// <summary>Which rescaling this is.</summary>
    public NormalizationKind Kind { get; }

    /// <summary>What is subtracted from each feature (its training minimum or mean).</summary>
    public IReadOnlyList<T> Offset => _offset;

    /// <summary>What each centred feature is multiplied by (1/(max − min) or 1/std; 1 for a constant feature).</summary>
    public IReadOnlyList<T> Scale => _scale;

    /// <summary>The number of features.</summary>
    public int FeatureCount => _offset.Length;

    /// <summary>Fits a min-max rescaling on <paramref name="training"/>.</summary>
    public static Normalizer<T> FitMinMax(Dataset<T> training) => Fit(NormalizationKind.MinMax, training);

    /// <summary>Fits a z-score rescaling on <paramref name="training"/>.</summary>
    public static Normalizer<T> FitZScore(Dataset<T> training) => Fit(NormalizationKind.ZScore, training);

    /// <summary>Fits a rescaling of <paramref name="kind"/> on <paramref name="training"/> (statistics accumulated in double).</summary>
    public static Normalizer<T> Fit(NormalizationKind kind, Dataset<T> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count == 0) throw new ArgumentException("Expected at least one training sample to fit a normalizer on, but the data set is empty.", nameof(training));
        int d = training.FeatureCount;
        var offset = new T[d];
        var scale = new T[d];
        for (int j = 0; j < d; j++)
        {
            double spread;
            double centre;
            if (kind == NormalizationKind.MinMax)
            {
                double min = double.PositiveInfinity, max = double.NegativeInfinity;
                for (int i = 0; i < training.Count; i++)
                {
                    double x = double.CreateChecked(training.Features[i * d + j]);
                    min = Math.Min(min, x);
                    max = Math.Max(max, x);
                }

                centre = min;
                spread = max - min;
            }
            else
            {
                double mean = 0;
                for (int i = 0; i < training.Count; i++) mean += double.CreateChecked(training.Features[i * d + j]);
                mean /= training.Count;
                double sumSquares = 0;
                for (int i = 0; i < training.Count; i++)
                {
                    double deviation = double.CreateChecked(training.Features[i * d + j]) - mean;
                    sumSquares += deviation * deviation;
                }

                centre = mean;
                spread = Math.Sqrt(sumSquares / training.Count);
            }

            if (!double.IsFinite(centre) || !double.IsFinite(spread))
            {
                throw new ArgumentException($"Expected finite features but feature {j} has a non-finite {(kind == NormalizationKind.MinMax ? "range" : "mean or spread")}.", nameof(training));
            }

            offset[j] = T.CreateChecked(centre);
            scale[j] = T.CreateChecked(spread > 0 ? 1.0 / spread : 1.0);
        }

        return new Normalizer<T>(kind, offset, scale);
    }

    /// <summary>Rescales <paramref name="features"/> (rows of <see cref="FeatureCount"/> values) in place.</summary>
    public void ApplyInPlace(Span<T> features)
    {
        int d = FeatureCount;
        if (features.Length % d != 0)
        {
            throw new ArgumentException($"Expected whole rows of {d} features but the span has {features.Length} values, not a multiple of {d}.", nameof(features));
        }

        T[] offset = _offset;
        T[] scale = _scale;
        for (int start = 0; start < features.Length; start += d)
        {
            Span<T> row = features.Slice(start, d);
            for (int j = 0; j < d; j++) row[j] = (row[j] - offset[j]) * scale[j];
        }
    }

    /// <summary>A rescaled copy of <paramref name="data"/> (labels shared, features copied).</summary>
    public Dataset<T> Apply(Dataset<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
        {
            throw new ArgumentException($"Expected data with {FeatureCount} features (as fitted) but it has {data.FeatureCount}.", nameof(data));
        }

        var features = (T[])data.Features.Clone();
        ApplyInPlace(features);
        return new Dataset<T>(features, data.Labels, data.FeatureCount, data.ClassCount, data.ClassNames);
    }
}
