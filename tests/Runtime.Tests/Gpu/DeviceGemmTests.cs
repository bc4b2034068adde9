using DslNets.Gpu;
using DslNets.Kernels;
using DslNets.Runtime.Tests.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// The device product against the naive double-accumulating triple loop, on the default CPU accelerator (16 threads
/// per group: the 16×16 tile) and a 64-thread one (the 32×32 tile): every transpose combination, sizes that are and
/// are not multiples of the tiles, α and β, β = 0 over NaN, leading dimensions; and the host Gemm that a CPU accelerator
/// takes by default, on the same cases (views into the accelerator's memory, sub-views at offsets included).
/// </summary>
[Collection(GemmTestAcceleratorsCollection.Name)]
public class DeviceGemmTests(GemmTestAccelerators accelerators)
{
    private const double DoubleRelative = 1e-12;
    private const double FloatRelative = 1e-5;

    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (7, 7, 7), (16, 16, 16), (33, 33, 33), (65, 65, 65), (130, 130, 130),
        (1, 130, 7), (130, 1, 33), (7, 65, 130), (65, 16, 1), (33, 7, 65), (16, 130, 33), (130, 33, 16), (1, 1, 130), (65, 130, 7),
    ];

    public static TheoryData<string, MatrixOp, MatrixOp> AcceleratorsAndOps()
    {
        var data = new TheoryData<string, MatrixOp, MatrixOp>();
        foreach (string accelerator in new[] { "default", "wide", "host" })
        {
            foreach (MatrixOp opA in new[] { MatrixOp.None, MatrixOp.Transpose })
            {
                foreach (MatrixOp opB in new[] { MatrixOp.None, MatrixOp.Transpose })
                    data.Add(accelerator, opA, opB);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AcceleratorsAndOps))]
    public void EverySizeMatchesTheNaiveProduct(string accelerator, MatrixOp opA, MatrixOp opB)
    {
        DeviceGemm gemm = accelerators.Gemm(accelerator);
        long seed = 1000;
        foreach ((int m, int n, int k) in Shapes)
        {
            string label = $"{accelerator} {opA}/{opB} m={m} n={n} k={k}";
            CheckOne<double>(gemm, opA, opB, m, n, k, 0.75, -0.5, 0, 0, 0, seed++, DoubleRelative, label + " double");
            CheckOne<float>(gemm, opA, opB, m, n, k, 0.75, -0.5, 0, 0, 0, seed++, FloatRelative, label + " float");
        }
    }

    [Theory]
    [MemberData(nameof(AcceleratorsAndOps))]
    public void BetaZeroOverwritesNaNWithoutReadingIt(string accelerator, MatrixOp opA, MatrixOp opB)
    {
        DeviceGemm gemm = accelerators.Gemm(accelerator);
        foreach ((int m, int n, int k) in new[] { (33, 17, 65), (1, 130, 7), (16, 16, 16) })
        {
            string label = $"{accelerator} {opA}/{opB} m={m} n={n} k={k} beta 0";
            CheckOne<double>(gemm, opA, opB, m, n, k, 1.0, 0.0, 0, 0, 0, 5, DoubleRelative, label, initialC: double.NaN);
            CheckOne<float>(gemm, opA, opB, m, n, k, -2.0, 0.0, 0, 0, 0, 6, FloatRelative, label, initialC: float.NaN);
        }
    }

    [Theory]
    [MemberData(nameof(AcceleratorsAndOps))]
    public void LeadingDimensionsWiderThanTheMatricesAreHonoured(string accelerator, MatrixOp opA, MatrixOp opB)
    {
        DeviceGemm gemm = accelerators.Gemm(accelerator);
        CheckOne<double>(gemm, opA, opB, 37, 45, 70, 1.5, 2.0, 5, 3, 11, 7, DoubleRelative, $"{accelerator} {opA}/{opB} padded");
        CheckOne<float>(gemm, opA, opB, 9, 70, 13, -1.0, 0.0, 1, 17, 2, 8, FloatRelative, $"{accelerator} {opA}/{opB} padded beta 0");
    }

    [Theory]
    [InlineData("default")]
    [InlineData("wide")]
    public void AnEmptyInnerDimensionOrZeroAlphaOnlyScalesC(string accelerator)
    {
        DeviceGemm gemm = accelerators.Gemm(accelerator);
        Accelerator device = gemm.Accelerator;
        double[] c0 = GemmReference.Random<double>(6 * 5, 9);

        // k = 0: C = β·C (ILGPU allocates no empty buffers: empty views stand for A and B).
        using (var c = DeviceBuffers.Upload(device, (double[])c0.Clone()))
        {
            gemm.Multiply(MatrixOp.None, MatrixOp.None, 6, 5, 0, 1.0, ArrayView<double>.Empty, ArrayView<double>.Empty, -3.0, c.View);
            double[] got = DeviceBuffers.Download(device, c);
            for (int i = 0; i < got.Length; i++) Assert.Equal(-3.0 * c0[i], got[i]);
        }

        // α = 0 with NaN in A: no product, so C = β·C stays finite; β = 0 then clears NaN out of C.
        using (var a = DeviceBuffers.Upload(device, DeviceBuffers.Filled(6 * 4, double.NaN)))
        using (var b = DeviceBuffers.Upload(device, GemmReference.Random<double>(4 * 5, 10)))
        using (var c = DeviceBuffers.Upload(device, (double[])c0.Clone()))
        {
            gemm.Multiply(MatrixOp.None, MatrixOp.None, 6, 5, 4, 0.0, a.View, b.View, 0.5, c.View);
            double[] got = DeviceBuffers.Download(device, c);
            for (int i = 0; i < got.Length; i++) Assert.Equal(0.5 * c0[i], got[i]);
        }
        using (var a = DeviceBuffers.Upload(device, GemmReference.Random<float>(6 * 4, 11)))
        using (var b = DeviceBuffers.Upload(device, GemmReference.Random<float>(4 * 5, 12)))
        using (var c = DeviceBuffers.Upload(device, DeviceBuffers.Filled(6 * 5, float.NaN)))
        {
            gemm.Multiply(MatrixOp.None, MatrixOp.None, 6, 5, 4, 0f, a.View, b.View, 0f, c.View);
            Assert.All(DeviceBuffers.Download(device, c), value => Assert.Equal(0f, value));
        }
    }

    [Fact]
    public void TheHostGemmReadsAndWritesSubViewsAtTheirOffsets()
    {
        // A (4×3), B (3×5) and C (4×5) as sub-views at odd offsets of larger buffers, as the device network's scratch holds them.
        DeviceGemm gemm = accelerators.HostGemm;
        Accelerator device = gemm.Accelerator;
        double[] a = GemmReference.Random<double>(4 * 3, 21), b = GemmReference.Random<double>(3 * 5, 22);
        double[] bigA = new double[7 + a.Length + 2], bigB = new double[3 + b.Length], bigC = DeviceBuffers.Filled(11 + 20 + 5, -7.0);
        a.CopyTo(bigA, 7);
        b.CopyTo(bigB, 3);
        using var da = DeviceBuffers.Upload(device, bigA);
        using var db = DeviceBuffers.Upload(device, bigB);
        using var dc = DeviceBuffers.Upload(device, bigC);
        gemm.Multiply(MatrixOp.None, MatrixOp.None, 4, 5, 3, 1.0, da.View.SubView(7, a.Length), db.View.SubView(3, b.Length), 0.0, dc.View.SubView(11, 20));
        double[] got = DeviceBuffers.Download(device, dc);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++)
            {
                double want = 0;
                for (int l = 0; l < 3; l++) want += a[i * 3 + l] * b[l * 5 + j];
                Assert.Equal(want, got[11 + i * 5 + j], 1e-14);
            }
        Assert.All(got.Take(11).Concat(got.Skip(31)), value => Assert.Equal(-7.0, value));   // nothing outside C is touched
    }

    [Fact]
    public void TheCpuAcceleratorsMultiplyOnTheHostUnlessTheOwnKernelIsAskedFor()
    {
        Assert.Equal("host Gemm on the CPU accelerator's memory", accelerators.HostGemm.Backend);
        Assert.Contains("not a CUDA accelerator", accelerators.HostGemm.CuBlasUnavailableReason);
        Assert.Equal("own tiled kernel", accelerators.DefaultGemm.Backend);
        Assert.StartsWith("16×16 block tile", accelerators.DefaultGemm.TileConfiguration);
        Assert.StartsWith("32×32 block tile", accelerators.WideGemm.TileConfiguration);
        using var forced = new DeviceGemm(accelerators.Default, forceOwnKernel: true);
        Assert.Equal("own tiled kernel", forced.Backend);
        Assert.Contains("asked for", forced.CuBlasUnavailableReason);
    }

    [Fact]
    public void TheTileShapeIsTheLargestTheGroupsAllow()
    {
        // An H200 (and any CUDA device): 1024 threads and 48 KB of static shared memory per group.
        Assert.Equal(GemmTileShape.Large, GemmTiles.Choose(1024, 48 * 1024));
        Assert.True(GemmTiles.SharedBytes(GemmTileShape.Large, sizeof(double)) <= 48 * 1024);
        Assert.Equal(256, GemmTiles.Threads(GemmTileShape.Large));
        Assert.Equal(GemmTileShape.Medium, GemmTiles.Choose(64, int.MaxValue));
        Assert.Equal(GemmTileShape.Small, GemmTiles.Choose(16, int.MaxValue));
        Assert.Equal(GemmTileShape.Medium, GemmTiles.Choose(1024, 8 * 1024));
        var ex = Assert.Throws<NotSupportedException>(() => GemmTiles.Choose(8, int.MaxValue));
        Assert.Contains("8 threads", ex.Message);
    }

    private static void CheckOne<T>(DeviceGemm gemm, MatrixOp opA, MatrixOp opB, int m, int n, int k, double alpha, double beta,
        int padA, int padB, int padC, long seed, double relative, string label, T? initialC = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int lda = (opA == MatrixOp.None ? k : m) + padA, ldb = (opB == MatrixOp.None ? n : k) + padB, ldc = n + padC;
        int aRows = opA == MatrixOp.None ? m : k, bRows = opB == MatrixOp.None ? k : n;
        T[] a = GemmReference.Random<T>(aRows * lda, seed);
        T[] b = GemmReference.Random<T>(bRows * ldb, seed + 500);
        T[] c0 = initialC is { } fill ? DeviceBuffers.Filled(m * ldc, fill) : GemmReference.Random<T>(m * ldc, seed + 900);
        double[] expected = GemmReference.Multiply(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc);

        Accelerator device = gemm.Accelerator;
        using var da = DeviceBuffers.Upload(device, a);
        using var db = DeviceBuffers.Upload(device, b);
        using var dc = DeviceBuffers.Upload(device, c0);
        bool dense = padA == 0 && padB == 0 && padC == 0;
        if (dense) gemm.Multiply(opA, opB, m, n, k, T.CreateChecked(alpha), da.View, db.View, T.CreateChecked(beta), dc.View);
        else gemm.Multiply(opA, opB, m, n, k, T.CreateChecked(alpha), da.View, lda, db.View, ldb, T.CreateChecked(beta), dc.View, ldc);
        T[] c = DeviceBuffers.Download(device, dc);

        double scale = Math.Abs(alpha) * k * GemmReference.MaxAbs(a) * GemmReference.MaxAbs(b) + (beta == 0 ? 0 : Math.Abs(beta) * GemmReference.MaxAbs(c0));
        GemmReference.AssertClose(expected, c, m, n, ldc, relative, scale, label);
        // The padding between rows of C is never written.
        for (int i = 0; i < m; i++)
        {
            for (int j = n; j < ldc; j++)
            {
                if (!c[i * ldc + j].Equals(c0[i * ldc + j])) Assert.Fail($"{label}: padding C[{i},{j}] was overwritten.");
            }
        }
    }
}
