using DslNets.Gpu;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>Device clipping by global norm equals <see cref="GradientClipping.ClipByGlobalNorm{T}"/>.</summary>
public sealed class DeviceGradientClippingTests(GpuTestAccelerator gpu) : IClassFixture<GpuTestAccelerator>
{
    // Lengths below, at and above one group (64 here), and above the most groups × group size (1024 × 64), where
    // each thread sums a strided run.
    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(1, 10.0)]
    [InlineData(63, 0.1)]
    [InlineData(64, 0.5)]
    [InlineData(65, 0.1)]
    [InlineData(1000, 0.1)]
    [InlineData(1000, 10.0)]
    [InlineData(100_003, 0.1)]
    [InlineData(100_003, 3.0)]
    public void MatchesHostClipping(int length, double maxNormOverNorm)
    {
        double[] g = RandomGradient(length, seed: length);
        double norm = Math.Sqrt(g.Sum(x => x * x));
        double maxNorm = maxNormOverNorm * norm;

        double[] expected = (double[])g.Clone();
        double expectedNorm = GradientClipping.ClipByGlobalNorm<double>(expected, maxNorm);
        (double[] actual, double actualNorm) = DeviceClip(g, maxNorm);

        Assert.True(Math.Abs(actualNorm - expectedNorm) <= 1e-12 * expectedNorm, $"norm {actualNorm:R}, host {expectedNorm:R}");
        for (int i = 0; i < length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-12 * Math.Abs(expected[i]), $"element {i}: {actual[i]:R}, host {expected[i]:R}");
        if (maxNormOverNorm >= 1.0) Assert.Equal(g, actual); // no clip: untouched, as on the host
        else Assert.NotEqual(g[0], actual[0]);
    }

    [Fact]
    public void FloatMatchesHostClipping()
    {
        float[] g = RandomGradient(5000, seed: 3).Select(x => (float)x).ToArray();
        float[] expected = (float[])g.Clone();
        float expectedNorm = GradientClipping.ClipByGlobalNorm<float>(expected, 7.5f);

        using var clipper = new DeviceGradientClipping<float>(gpu.Accelerator);
        using MemoryBuffer1D<float, Stride1D.Dense> buffer = gpu.Upload(g);
        clipper.ClipByGlobalNorm(buffer.View, 7.5f);
        float[] actual = gpu.Download(buffer);

        Assert.True(Math.Abs(clipper.ReadNorm() - expectedNorm) <= 1e-5 * expectedNorm);
        for (int i = 0; i < g.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * Math.Abs(expected[i]), $"element {i}: {actual[i]}, host {expected[i]}");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e200)] // the squares overflow: the norm is ∞ on the host too
    public void ANonFiniteNormLeavesTheGradientAsTheHostDoes(double poison)
    {
        double[] g = RandomGradient(300, seed: 11);
        g[123] = poison;
        double[] expected = (double[])g.Clone();
        double expectedNorm = GradientClipping.ClipByGlobalNorm<double>(expected, 1.0);
        (double[] actual, double actualNorm) = DeviceClip(g, 1.0);

        Assert.False(double.IsFinite(expectedNorm));
        Assert.Equal(expectedNorm, actualNorm); // xunit's double equality takes NaN = NaN
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TheNormIsTheSameOnEveryRun()
    {
        double[] g = RandomGradient(70_001, seed: 5);
        using var clipper = new DeviceGradientClipping<double>(gpu.Accelerator);
        using MemoryBuffer1D<double, Stride1D.Dense> buffer = gpu.Accelerator.Allocate1D<double>(g.Length);
        var norms = new HashSet<long>();
        for (int run = 0; run < 3; run++)
        {
            buffer.CopyFromCPU(g);
            clipper.ClipByGlobalNorm(buffer.View, 1.0);
            norms.Add(BitConverter.DoubleToInt64Bits(clipper.ReadNorm()));
        }
        Assert.Single(norms);
    }

    [Fact]
    public void AnEmptyGradientHasNormZero()
    {
        using var clipper = new DeviceGradientClipping<double>(gpu.Accelerator);
        using MemoryBuffer1D<double, Stride1D.Dense> buffer = gpu.Upload(new[] { 3.0, 4.0 });
        clipper.ClipByGlobalNorm(buffer.View, 1.0);
        Assert.Equal(5.0, clipper.ReadNorm(), 12);
        clipper.ClipByGlobalNorm(ArrayView<double>.Empty, 1.0);
        Assert.Equal(0.0, clipper.ReadNorm());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AnInvalidMaxNormThrows(double maxNorm)
    {
        using var clipper = new DeviceGradientClipping<double>(gpu.Accelerator);
        using MemoryBuffer1D<double, Stride1D.Dense> buffer = gpu.Upload(new[] { 1.0 });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => clipper.ClipByGlobalNorm(buffer.View, maxNorm));
        Assert.Equal("maxNorm", e.ParamName);
    }

    private (double[] Gradient, double Norm) DeviceClip(double[] g, double maxNorm)
    {
        using var clipper = new DeviceGradientClipping<double>(gpu.Accelerator);
        using MemoryBuffer1D<double, Stride1D.Dense> buffer = gpu.Upload(g);
        clipper.ClipByGlobalNorm(buffer.View, maxNorm);
        return (gpu.Download(buffer), clipper.ReadNorm());
    }

    private static double[] RandomGradient(int length, int seed)
    {
        var random = new Random(seed);
        var g = new double[length];
        for (int i = 0; i < length; i++) g[i] = (random.NextDouble() - 0.5) * Math.Exp(4 * random.NextDouble());
        return g;
    }
}
