using DslNets.Kernels;

namespace DslNets.Runtime.Tests.Kernels;

/// <summary>The independent check: a naive triple loop in double accumulation, and the float error bound it allows.</summary>
internal static class GemmReference
{
    /// <summary>C = alpha·op(A)·op(B) + beta·C0 in double, from row-major storage with leading dimensions.</summary>
    public static double[] Multiply<T>(MatrixOp opA, MatrixOp opB, int m, int n, int k, double alpha, T[] a, int lda, T[] b, int ldb, double beta, T[] c0, int ldc)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // op(A) row by row and op(B) column by column, in double, so the inner loop runs over contiguous memory.
        var rowsOfA = new double[m * k];
        var columnsOfB = new double[n * k];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
                rowsOfA[i * k + p] = double.CreateChecked(opA == MatrixOp.None ? a[i * lda + p] : a[p * lda + i]);
        }
        for (int j = 0; j < n; j++)
        {
            for (int p = 0; p < k; p++)
                columnsOfB[j * k + p] = double.CreateChecked(opB == MatrixOp.None ? b[p * ldb + j] : b[j * ldb + p]);
        }
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                int rowStart = i * k, columnStart = j * k;
                for (int p = 0; p < k; p++) sum += rowsOfA[rowStart + p] * columnsOfB[columnStart + p];
                double old = beta == 0 ? 0 : beta * double.CreateChecked(c0[i * ldc + j]);
                result[i * n + j] = alpha * sum + old;
            }
        }
        return result;
    }

    /// <summary>Random values in [-1, 1) from a seed.</summary>
    public static T[] Random<T>(int length, long seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new SeededRandom(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++) values[i] = T.CreateChecked(2 * random.NextDouble() - 1);
        return values;
    }

    /// <summary>
    /// Asserts that every entry of the m×n block of C (leading dimension ldc) is within
    /// relative · (|alpha|·k·max|a|·max|b| + |beta|·max|C0|) of the reference, naming the case and the entry on failure.
    /// </summary>
    public static void AssertClose<T>(double[] expected, T[] actual, int m, int n, int ldc, double relative, double scale, string label)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double tolerance = relative * scale + 1e-30;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double got = double.CreateChecked(actual[i * ldc + j]);
                double want = expected[i * n + j];
                if (!(Math.Abs(got - want) <= tolerance))
                    Assert.Fail($"{label}: C[{i},{j}] = {got:R}, expected {want:R} (tolerance {tolerance:E2}).");
            }
        }
    }

    /// <summary>max |x| over an array.</summary>
    public static double MaxAbs<T>(T[] values)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double max = 0;
        foreach (T v in values) max = Math.Max(max, Math.Abs(double.CreateChecked(v)));
        return max;
    }
}
