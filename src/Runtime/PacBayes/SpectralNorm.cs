namespace DslNets.PacBayes;

/// <summary>
/// Matrix norms for norm-based bounds: the spectral norm ‖W‖₂ (largest singular value) by seeded power iteration
/// on WᵀW, and the Frobenius norm. Matrices are row-major spans.
/// </summary>
public static class SpectralNorm
{
    /// <summary>
    /// ‖W‖₂ by power iteration: v ← Wᵀ(Wv)/‖Wᵀ(Wv)‖ from a seeded Gaussian start, stopping when the estimate ‖Wv‖
    /// changes by less than <paramref name="relativeTolerance"/> relative to itself, or after
    /// <paramref name="maxIterations"/> steps. The estimate increases towards ‖W‖₂ from below; convergence is
    /// geometric in (σ₂/σ₁)², so slow when the top two singular values nearly coincide.
    /// </summary>
    /// <param name="matrix">W, row-major, rows × columns.</param>
    /// <param name="rows">The number of rows, ≥ 1.</param>
    /// <param name="columns">The number of columns, ≥ 1.</param>
    /// <param name="seed">The seed of the start vector: the same seed gives the same result.</param>
    /// <param name="maxIterations">The largest number of steps, ≥ 1.</param>
    /// <param name="relativeTolerance">The relative change at which to stop, &gt; 0.</param>
    public static double Largest(ReadOnlySpan<double> matrix, int rows, int columns, long seed, int maxIterations = 20000, double relativeTolerance = 1e-14)
    {
        Guard.Count(rows, nameof(rows));
        Guard.Count(columns, nameof(columns));
        Guard.Count(maxIterations, nameof(maxIterations));
        Guard.Positive(relativeTolerance, nameof(relativeTolerance));
        if (matrix.Length != (long)rows * columns)
            throw new ArgumentException($"Expected 'matrix' of length {rows}×{columns} = {(long)rows * columns}, got length {matrix.Length}.", nameof(matrix));

        var random = new SeededRandom(seed);
        double[] v = new double[columns], u = new double[rows];
        random.FillGaussian<double>(v);
        if (Normalise(v) == 0.0) v[0] = 1.0;
        double estimate = 0.0;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Multiply(matrix, rows, columns, v, u);
            double next = Normalise(u);
            if (next == 0.0) return 0.0; // v is in the null space of W; with a Gaussian start only when W = 0
            MultiplyTransposed(matrix, rows, columns, u, v);
            Normalise(v);
            bool converged = Math.Abs(next - estimate) <= relativeTolerance * next;
            estimate = next;
            if (converged) break;
        }
        return estimate;
    }

    /// <summary>‖W‖_F = √(Σ W_ij²).</summary>
    /// <param name="matrix">The entries, in any order.</param>
    public static double Frobenius(ReadOnlySpan<double> matrix)
    {
        double scale = 0.0;
        foreach (double x in matrix) scale = Math.Max(scale, Math.Abs(x));
        if (scale == 0.0) return 0.0;
        double sum = 0.0;
        foreach (double x in matrix) { double y = x / scale; sum += y * y; }
        return scale * Math.Sqrt(sum);
    }

    private static void Multiply(ReadOnlySpan<double> a, int rows, int columns, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < rows; i++)
        {
            double sum = 0.0;
            var row = a.Slice(i * columns, columns);
            for (int j = 0; j < columns; j++) sum += row[j] * x[j];
            y[i] = sum;
        }
    }

    private static void MultiplyTransposed(ReadOnlySpan<double> a, int rows, int columns, ReadOnlySpan<double> x, Span<double> y)
    {
        y.Clear();
        for (int i = 0; i < rows; i++)
        {
            double xi = x[i];
            var row = a.Slice(i * columns, columns);
            for (int j = 0; j < columns; j++) y[j] += row[j] * xi;
        }
    }

    private static double Normalise(Span<double> x)
    {
        double norm = Frobenius(x);
        if (norm > 0.0) for (int i = 0; i < x.Length; i++) x[i] /= norm;
        return norm;
    }
}
