using System.Numerics;

namespace DslNets.Tron;

/// <summary>
/// The fixed matrices of the Neuro-Tron experiments: A_i = M + c_i·C (i = 1..k) with c_i running over
/// {−k/2, …, −1, 1, …, k/2}, so that the mean of the A_i is M; M and C have independent N(0, 1) entries.
/// Every matrix is r×n, row-major.
/// </summary>
public sealed class FilterMatrices
{
    private FilterMatrices(int filterSize, int inputs, int count, double[] mean, double[] spread, double[] coefficients, double[] stacked)
    {
        FilterSize = filterSize;
        Inputs = inputs;
        Count = count;
        Mean = mean;
        Spread = spread;
        Coefficients = coefficients;
        Stacked = stacked;
    }

    /// <summary>r: the number of rows of each matrix (the filter length).</summary>
    public int FilterSize { get; }

    /// <summary>n: the number of columns of each matrix (the input size).</summary>
    public int Inputs { get; }

    /// <summary>k: the number of matrices.</summary>
    public int Count { get; }

    /// <summary>M (r×n row-major), the mean of the A_i.</summary>
    public double[] Mean { get; }

    /// <summary>C (r×n row-major).</summary>
    public double[] Spread { get; }

    /// <summary>c_1..c_k.</summary>
    public double[] Coefficients { get; }

    /// <summary>A_1..A_k stacked (k·r·n numbers, A_1 first): what a shared-filter network takes as its constants.</summary>
    public double[] Stacked { get; }

    /// <summary>Draws M and C from <paramref name="random"/> (M first, then C, row by row).</summary>
    /// <param name="filterSize">r ≥ 1.</param>
    /// <param name="inputs">n ≥ 1.</param>
    /// <param name="count">k: a positive even number, so that the c_i are ±1..±k/2.</param>
    /// <param name="random">The source of the Gaussian entries.</param>
    public static FilterMatrices Create(int filterSize, int inputs, int count, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (filterSize < 1) throw new ArgumentOutOfRangeException(nameof(filterSize), filterSize, "Expected a filter size r ≥ 1.");
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "Expected an input size n ≥ 1.");
        if (count < 2 || count % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Expected a positive even number of matrices k (the coefficients are ±1..±k/2).");
        int size = filterSize * inputs;
        var mean = new double[size];
        var spread = new double[size];
        random.FillGaussian<double>(mean);
        random.FillGaussian<double>(spread);
        var coefficients = new double[count];
        for (int i = 0; i < count / 2; i++)
        {
            coefficients[i] = -(count / 2) + i;     // −k/2 .. −1
            coefficients[count / 2 + i] = i + 1;    // 1 .. k/2
        }
        var stacked = new double[count * size];
        for (int i = 0; i < count; i++)
        {
            var matrix = stacked.AsSpan(i * size, size);
            for (int e = 0; e < size; e++) matrix[e] = mean[e] + coefficients[i] * spread[e];
        }
        return new FilterMatrices(filterSize, inputs, count, mean, spread, coefficients, stacked);
    }

    /// <summary>Draws M and C from a generator seeded with <paramref name="seed"/>.</summary>
    public static FilterMatrices Create(int filterSize, int inputs, int count, long seed) =>
        Create(filterSize, inputs, count, new SeededRandom(seed));

    /// <summary>The stacked A_i rounded to <typeparamref name="T"/>.</summary>
    public T[] StackedAs<T>() where T : unmanaged, IFloatingPointIeee754<T> => Convert<T>(Stacked);

    /// <summary>M rounded to <typeparamref name="T"/>.</summary>
    public T[] MeanAs<T>() where T : unmanaged, IFloatingPointIeee754<T> => Convert<T>(Mean);

    private static T[] Convert<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = T.CreateTruncating(values[i]);
        return result;
    }
}
