using DslNets.Kernels;

namespace DslNets.Runtime.Tests.Kernels;

/// <summary>The matrix product against the naive double-accumulating triple loop, on every path and transpose combination.</summary>
public class GemmTests
{
    private static readonly int[] OddSizes = [1, 7, 31, 33, 65, 257];
    private const double FloatRelative = 1e-5;

    public static TheoryData<int, MatrixOp, MatrixOp> PathsAndOps()
    {
        var data = new TheoryData<int, MatrixOp, MatrixOp>();
        foreach (GemmPath path in new[] { GemmPath.Vector512, GemmPath.Vector256, GemmPath.Scalar })
        {
            foreach (MatrixOp opA in new[] { MatrixOp.None, MatrixOp.Transpose })
            {
                foreach (MatrixOp opB in new[] { MatrixOp.None, MatrixOp.Transpose })
                    data.Add((int)path, opA, opB);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndOps))]
    public void OddSizesInEveryDimensionMatchTheNaiveProduct(int path, MatrixOp opA, MatrixOp opB)
    {
        GemmPaths.Forced = (GemmPath)path;
        try
        {
            long seed = 100;
            foreach (int m in OddSizes)
            {
                foreach (int n in OddSizes)
                {
                    foreach (int k in OddSizes)
                    {
                        // The largest cube would dominate the run time on the scalar path; two 257s are enough there.
                        if (m == 257 && n == 257 && k == 257) continue;
                        CheckOne(opA, opB, m, n, k, alpha: 0.75f, beta: -0.5f, padA: 0, padB: 0, padC: 0, seed++, $"{(GemmPath)path} {opA}/{opB} m={m} n={n} k={k}");
                    }
                }
            }
        }
        finally
        {
            GemmPaths.Forced = GemmPath.Auto;
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndOps))]
    public void LeadingDimensionsWiderThanTheMatricesAreHonoured(int path, MatrixOp opA, MatrixOp opB)
    {
        GemmPaths.Forced = (GemmPath)path;
        try
        {
            CheckOne(opA, opB, 37, 45, 70, alpha: 1.5f, beta: 2f, padA: 5, padB: 3, padC: 11, seed: 7, $"{(GemmPath)path} {opA}/{opB} padded");
            CheckOne(opA, opB, 9, 70, 13, alpha: -1f, beta: 0f, padA: 1, padB: 17, padC: 2, seed: 8, $"{(GemmPath)path} {opA}/{opB} padded beta 0");
        }
        finally
        {
            GemmPaths.Forced = GemmPath.Auto;
        }
    }

    [Theory]
    [InlineData(MatrixOp.None, MatrixOp.None)]
    [InlineData(MatrixOp.None, MatrixOp.Transpose)]
    [InlineData(MatrixOp.Transpose, MatrixOp.None)]
    [InlineData(MatrixOp.Transpose, MatrixOp.Transpose)]
    public void LargeProductSplitAcrossBothCoresMatchesTheNaiveProduct(MatrixOp opA, MatrixOp opB)
    {
        // RequireWorkerChunk makes the caller wait until the worker has taken a chunk of each product, so the
        // worker's share is computed in every run, whatever the scheduler does (no timing involved).
        GemmThreading.Mode = GemmThreadingMode.RequireWorkerChunk;
        int splitsBefore = GemmThreading.SplitCalls;
        long chunksBefore = GemmThreading.WorkerChunks;
        long wideChunks, tallChunks;
        try
        {
            CheckOne(opA, opB, 600, 700, 500, alpha: 1f, beta: 0.25f, padA: 0, padB: 0, padC: 0, seed: 11, $"split {opA}/{opB} 600×700×500");
            wideChunks = GemmThreading.WorkerChunks - chunksBefore;
            // A tall product splits by rows instead of columns.
            CheckOne(opA, opB, 700, 96, 300, alpha: 1f, beta: 0f, padA: 2, padB: 0, padC: 1, seed: 12, $"split {opA}/{opB} 700×96×300");
            tallChunks = GemmThreading.WorkerChunks - chunksBefore - wideChunks;
        }
        finally
        {
            GemmThreading.Mode = GemmThreadingMode.Auto;
        }
        Assert.Equal(splitsBefore + 2, GemmThreading.SplitCalls);
        // Each product is cut into at most four chunks (ChunksPerSplit); the worker computed at least one of each.
        Assert.InRange(wideChunks, 1, 4);
        Assert.InRange(tallChunks, 1, 4);
    }

    [Fact]
    public void SplitProductOnTheVector256PathMatchesTheNaiveProduct()
    {
        GemmThreading.Mode = GemmThreadingMode.RequireSplit;
        GemmPaths.Forced = GemmPath.Vector256;
        try
        {
            CheckOne(MatrixOp.None, MatrixOp.Transpose, 300, 257, 200, alpha: 1f, beta: 1f, padA: 0, padB: 0, padC: 0, seed: 13, "split Vector256");
        }
        finally
        {
            GemmThreading.Mode = GemmThreadingMode.Auto;
            GemmPaths.Forced = GemmPath.Auto;
        }
    }

    [Fact]
    public void SmallProductsStayOnTheCallingThread()
    {
        int before = GemmThreading.SplitCalls;
        // 2·16·16·16 flops is far below the split threshold.
        CheckOne(MatrixOp.None, MatrixOp.None, 16, 16, 16, alpha: 1f, beta: 0f, padA: 0, padB: 0, padC: 0, seed: 21, "small auto");
        Assert.Equal(before, GemmThreading.SplitCalls);
        Assert.True(2.0 * 16 * 16 * 16 < GemmThreading.ParallelThresholdFlops);
    }

    [Fact]
    public void ConcurrentCallersEachGetTheirOwnCorrectProduct()
    {
        // Several threads at once: one may hold the worker while the others run alone; every result must be right.
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var threads = new Thread[3];
        for (int t = 0; t < threads.Length; t++)
        {
            int id = t;
            threads[t] = new Thread(() =>
            {
                try
                {
                    CheckOne(MatrixOp.None, MatrixOp.Transpose, 150 + id, 200, 120, alpha: 1f, beta: 0.5f, padA: 0, padB: 0, padC: 0, seed: 30 + id, $"concurrent {id}");
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex.Message);
                }
            });
            threads[t].Start();
        }
        foreach (Thread thread in threads) thread.Join();
        Assert.Empty(failures);
    }

    [Fact]
    public void BetaZeroOverwritesCEvenWhereItHoldsNaN()
    {
        int m = 19, n = 40, k = 300;
        float[] a = GemmReference.Random<float>(m * k, 1), b = GemmReference.Random<float>(k * n, 2);
        float[] c = new float[m * n];
        Array.Fill(c, float.NaN);
        Gemm.Multiply(MatrixOp.None, MatrixOp.None, m, n, k, 1f, a, b, 0f, c);
        double[] expected = GemmReference.Multiply(MatrixOp.None, MatrixOp.None, m, n, k, 1, a, k, b, n, 0, c, n);
        GemmReference.AssertClose(expected, c, m, n, n, FloatRelative, k, "beta 0 over NaN");
    }

    [Fact]
    public void AlphaZeroOrEmptyInnerDimensionOnlyScalesC()
    {
        float[] c = [1f, -2f, 3f, 4f, 5f, -6f];
        float[] a = [float.NaN, 1f, 2f, 3f, 4f, 5f];
        float[] b = [1f, 2f, 3f, 4f, 5f, 6f];
        // alpha = 0: BLAS does not read A or B, so a NaN in A does not reach C.
        Gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 3, 2, 0f, a, 2, b, 3, 2f, c, 3);
        Assert.Equal(new[] { 2f, -4f, 6f, 8f, 10f, -12f }, c);
        // k = 0: the product is empty, C = beta·C.
        Gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 3, 0, 1f, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 3, 0.5f, c, 3);
        Assert.Equal(new[] { 1f, -2f, 3f, 4f, 5f, -6f }, c);
        Gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 3, 0, 1f, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 3, 0f, c, 3);
        Assert.All(c, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void HandComputedTwoByTwoProducts()
    {
        float[] a = [1, 2, 3, 4];
        float[] b = [5, 6, 7, 8];
        float[] c = new float[4];
        Gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 2, 2, 1f, a, b, 0f, c);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c);
        Gemm.Multiply(MatrixOp.Transpose, MatrixOp.None, 2, 2, 2, 1f, a, b, 0f, c);
        Assert.Equal(new float[] { 26, 30, 38, 44 }, c);
        Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, 2, 2, 2, 1f, a, b, 0f, c);
        Assert.Equal(new float[] { 17, 23, 39, 53 }, c);
        Gemm.Multiply(MatrixOp.Transpose, MatrixOp.Transpose, 2, 2, 2, 2f, a, b, 1f, c);
        Assert.Equal(new float[] { 17 + 2 * 23, 23 + 2 * 31, 39 + 2 * 34, 53 + 2 * 46 }, c);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void DoublePrecisionMatchesTheNaiveProductOnEveryPath(int path)
    {
        GemmPaths.Forced = (GemmPath)path;
        try
        {
            long seed = 500;
            foreach (MatrixOp opA in new[] { MatrixOp.None, MatrixOp.Transpose })
            {
                foreach (MatrixOp opB in new[] { MatrixOp.None, MatrixOp.Transpose })
                {
                    foreach ((int m, int n, int k) in new[] { (1, 1, 1), (7, 33, 31), (65, 17, 257), (33, 65, 7), (130, 90, 300) })
                    {
                        int lda = (opA == MatrixOp.None ? k : m) + 2, ldb = (opB == MatrixOp.None ? n : k) + 1, ldc = n + 3;
                        double[] a = GemmReference.Random<double>((opA == MatrixOp.None ? m : k) * lda, seed++);
                        double[] b = GemmReference.Random<double>((opB == MatrixOp.None ? k : n) * ldb, seed++);
                        double[] c = GemmReference.Random<double>(m * ldc, seed++);
                        double[] expected = GemmReference.Multiply(opA, opB, m, n, k, -0.5, a, lda, b, ldb, 1.25, c, ldc);
                        Gemm.Multiply(opA, opB, m, n, k, -0.5, a, lda, b, ldb, 1.25, c, ldc);
                        GemmReference.AssertClose(expected, c, m, n, ldc, 1e-14, 0.5 * k + 1.25, $"double {(GemmPath)path} {opA}/{opB} {m}×{n}×{k}");
                    }
                }
            }
        }
        finally
        {
            GemmPaths.Forced = GemmPath.Auto;
        }
    }

    [Fact]
    public void RepeatedSameSizeProductsAllocateNothing()
    {
        int m = 64, n = 128, k = 784;
        float[] a = GemmReference.Random<float>(m * k, 1), b = GemmReference.Random<float>(n * k, 2), c = new float[m * n];
        foreach (GemmThreadingMode mode in new[] { GemmThreadingMode.SingleThread, GemmThreadingMode.RequireSplit })
        {
            GemmThreading.Mode = mode;
            try
            {
                for (int i = 0; i < 3; i++) Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, m, n, k, 1f, a, b, 0f, c);
                Allocations.AssertNone(() => Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, m, n, k, 1f, a, b, 0f, c), 5, $"{mode} products");
            }
            finally
            {
                GemmThreading.Mode = GemmThreadingMode.Auto;
            }
        }
    }

    [Fact]
    public void ThePathSwitchFallsBackToWhatTheMachineSupports()
    {
        GemmPaths.Forced = GemmPath.Scalar;
        try
        {
            Assert.Equal(GemmPath.Scalar, GemmPaths.Resolve());
            GemmPaths.Forced = GemmPath.Vector256;
            Assert.Equal(GemmPaths.Vector256Supported ? GemmPath.Vector256 : GemmPath.Scalar, GemmPaths.Resolve());
            GemmPaths.Forced = GemmPath.Auto;
            GemmPath expected = GemmPaths.Vector512Supported ? GemmPath.Vector512 : GemmPaths.Vector256Supported ? GemmPath.Vector256 : GemmPath.Scalar;
            Assert.Equal(expected, GemmPaths.Resolve());
        }
        finally
        {
            GemmPaths.Forced = GemmPath.Auto;
        }
    }

    /// <summary>One product with random operands, NaN in every padding slot of A and B and a sentinel in C's padding.</summary>
    private static void CheckOne(MatrixOp opA, MatrixOp opB, int m, int n, int k, float alpha, float beta, int padA, int padB, int padC, long seed, string label)
    {
        int rowsA = opA == MatrixOp.None ? m : k, colsA = opA == MatrixOp.None ? k : m;
        int rowsB = opB == MatrixOp.None ? k : n, colsB = opB == MatrixOp.None ? n : k;
        int lda = colsA + padA, ldb = colsB + padB, ldc = n + padC;
        float[] a = Padded(rowsA, colsA, lda, seed * 3, float.NaN);
        float[] b = Padded(rowsB, colsB, ldb, seed * 3 + 1, float.NaN);
        const float Sentinel = 12345f;
        float[] c = Padded(m, n, ldc, seed * 3 + 2, Sentinel);
        double[] expected = GemmReference.Multiply(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        Gemm.Multiply(opA, opB, m, n, k, alpha, a.AsSpan(0, StoredLength(rowsA, colsA, lda)), lda, b.AsSpan(0, StoredLength(rowsB, colsB, ldb)), ldb, beta, c.AsSpan(0, StoredLength(m, n, ldc)), ldc);
        double scale = Math.Abs(alpha) * k + Math.Abs(beta);
        GemmReference.AssertClose(expected, c, m, n, ldc, FloatRelative, scale, label);
        for (int i = 0; i < m; i++)
        {
            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
                Assert.True(c[i * ldc + j] == Sentinel, $"{label}: padding C[{i},{j}] was written.");
        }
    }

    private static int StoredLength(int rows, int cols, int ld) => rows == 0 ? 0 : (rows - 1) * ld + cols;

    private static float[] Padded(int rows, int cols, int ld, long seed, float padding)
    {
        float[] values = GemmReference.Random<float>(rows * ld, seed);
        for (int i = 0; i < rows; i++)
        {
            for (int j = cols; j < ld; j++) values[i * ld + j] = padding;
        }
        return values;
    }
}
