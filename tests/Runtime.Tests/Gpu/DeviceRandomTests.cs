using DslNets.Gpu;
using ILGPU;
using ILGPU.Runtime;
using MathNet.Numerics.Distributions;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>The counter-based normal stream: Φ⁻¹ against MathNet's normal CDF, its moments and tails, and the kernel equal to the host.</summary>
public sealed class DeviceRandomTests(GpuTestAccelerator gpu) : IClassFixture<GpuTestAccelerator>
{
    [Fact]
    public void InverseNormalInvertsTheNormalDistributionFunction()
    {
        // Central region, both tails (√−ln p ≤ 5 and beyond) and the extremes the 53-bit uniforms reach.
        double[] points = [1e-300, 1e-100, 2.5e-16, 1e-12, 1e-6, 0.001, 0.02425, 0.075, 0.2, 0.5 - 1e-9, 0.5, 0.5 + 1e-9, 0.6, 0.924, 0.98, 0.999999];
        foreach (double p in points)
        {
            double z = DeviceRandom.InverseNormal(p);
            double back = p < 0.5 ? Normal.CDF(0, 1, z) : 1 - Normal.CDF(0, 1, -z);
            // Compare Φ(z) with p through the density: an error δ in z moves Φ by φ(z)·δ.
            double zError = Math.Abs(back - p) / Normal.PDF(0, 1, z);
            Assert.True(zError <= 1e-12 * Math.Max(1, Math.Abs(z)), $"Φ⁻¹({p:R}) = {z:R}, Φ of it = {back:R} (z off by {zError:G3}).");
        }
        for (int i = 1; i < 2000; i++)
        {
            double p = i / 2000.0;
            Assert.Equal(Normal.InvCDF(0, 1, p), DeviceRandom.InverseNormal(p), 1e-12);
            Assert.Equal(-DeviceRandom.InverseNormal(p), DeviceRandom.InverseNormal(1 - p), 1e-13);
        }
    }

    [Fact]
    public void TheStreamHasTheMomentsAndTailsOfAStandardNormal()
    {
        const int n = 1_000_000;
        double sum = 0, squares = 0, fourth = 0;
        int beyond2 = 0, beyond3 = 0;
        for (int i = 0; i < n; i++)
        {
            double z = DeviceRandom.Normal(42, (ulong)i);
            sum += z;
            squares += z * z;
            fourth += z * z * z * z;
            if (Math.Abs(z) > 2) beyond2++;
            if (Math.Abs(z) > 3) beyond3++;
        }
        // Standard errors: mean 1/√n = 0.001, variance √(2/n) = 0.0014, fourth moment √(96/n) ≈ 0.0098; 5 of them each.
        Assert.InRange(sum / n, -0.005, 0.005);
        Assert.InRange(squares / n, 1 - 0.007, 1 + 0.007);
        Assert.InRange(fourth / n, 3 - 0.05, 3 + 0.05);
        // P(|Z| > 2) = 0.0455, P(|Z| > 3) = 0.0027: binomial counts within 5 standard deviations.
        Assert.InRange(beyond2, 45_500 - 5 * 208, 45_500 + 5 * 208);
        Assert.InRange(beyond3, 2_700 - 5 * 52, 2_700 + 5 * 52);
    }

    [Fact]
    public void DifferentSeedsAndIndicesGiveDifferentNumbersAndTheSameOnesGiveTheSame()
    {
        Assert.Equal(DeviceRandom.Normal(7, 123), DeviceRandom.Normal(7, 123));
        Assert.NotEqual(DeviceRandom.Normal(7, 123), DeviceRandom.Normal(8, 123));
        Assert.NotEqual(DeviceRandom.Normal(7, 123), DeviceRandom.Normal(7, 124));
        var block = new double[10];
        DeviceRandom.FillNormal(block, 7, 120);
        Assert.Equal(DeviceRandom.Normal(7, 123), block[3]);
    }

    [Fact]
    public void TheKernelDrawsWhatTheHostDraws()
    {
        Accelerator accelerator = gpu.Accelerator;
        var fill = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ulong, long, double, double>(DeviceRandom.FillNormalDouble);
        using MemoryBuffer1D<double, Stride1D.Dense> x = accelerator.Allocate1D<double>(1000);
        fill(1000, x.View, 99UL, 5000L, 0.5, 2.0);
        double[] device = gpu.Download(x);
        for (int i = 0; i < device.Length; i++) Assert.Equal(0.5 + 2.0 * DeviceRandom.Normal(99, (ulong)(5000 + i)), device[i]);
    }
}
