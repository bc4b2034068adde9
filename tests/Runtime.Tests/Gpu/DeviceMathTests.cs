using DslNets.Gpu;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// The device exp, tanh and sigmoid against System.Math, called on the host: the same C# the kernels run on every
/// accelerator, so this is their accuracy on CUDA too (where a fused multiply-add can only reduce rounding).
/// </summary>
public class DeviceMathTests
{
    private const double FewUlps = 8 * 1.1102230246251565e-16; // 8 units of 2⁻⁵³, relative

    [Fact]
    public void ExpIsWithinAFewUlpsOverTheWholeRange()
    {
        var random = new SeededRandom(3);
        for (int i = 0; i < 200_000; i++)
        {
            double x = -745 + random.NextDouble() * (709.78 + 745);
            double want = Math.Exp(x), got = DeviceMath.Exp(x);
            // Below e^−708 the result is subnormal and carries fewer bits: compare in absolute ulps of the smallest normal.
            double tolerance = want >= 2.2250738585072014e-308 ? FewUlps * want : 4 * double.Epsilon;
            if (!(Math.Abs(got - want) <= tolerance)) Assert.Fail($"exp({x:R}) = {got:R}, Math.Exp gives {want:R}.");
        }
        Assert.Equal(1.0, DeviceMath.Exp(0.0));
        Assert.Equal(double.PositiveInfinity, DeviceMath.Exp(710));
        Assert.Equal(double.PositiveInfinity, DeviceMath.Exp(double.PositiveInfinity));
        Assert.Equal(0.0, DeviceMath.Exp(-746));
        Assert.Equal(0.0, DeviceMath.Exp(double.NegativeInfinity));
        Assert.True(double.IsNaN(DeviceMath.Exp(double.NaN)));
    }

    [Fact]
    public void LogIsWithinAFewUlpsOverTheWholeRange()
    {
        var random = new SeededRandom(5);
        for (int i = 0; i < 200_000; i++)
        {
            // Uniform in the exponent from subnormals to the largest doubles, and near 1 where ln is small.
            double x = i % 4 == 0 ? 1 + (random.NextDouble() - 0.5) * 1e-3 : Math.Pow(2, -1070 + random.NextDouble() * 2093);
            double want = Math.Log(x), got = DeviceMath.Log(x);
            double tolerance = Math.Max(FewUlps * Math.Abs(want), 4 * 1.1102230246251565e-16 * Math.Abs(x - 1));
            if (!(Math.Abs(got - want) <= tolerance)) Assert.Fail($"log({x:R}) = {got:R}, Math.Log gives {want:R}.");
        }

        Assert.Equal(0.0, DeviceMath.Log(1.0));
        Assert.Equal(double.NegativeInfinity, DeviceMath.Log(0.0));
        Assert.Equal(double.PositiveInfinity, DeviceMath.Log(double.PositiveInfinity));
        Assert.True(double.IsNaN(DeviceMath.Log(-1.0)));
        Assert.True(double.IsNaN(DeviceMath.Log(double.NaN)));
        Assert.Equal(Math.Log(double.Epsilon), DeviceMath.Log(double.Epsilon), 12);
    }

    [Fact]
    public void TanhIsWithinAFewUlpsNearZeroAndFarFromIt()
    {
        var random = new SeededRandom(4);
        for (int i = 0; i < 200_000; i++)
        {
            // Log-uniform magnitudes from 1e-300 to 30, both signs: the near-zero series, the boundary at 0.17, saturation.
            double x = Math.Pow(10, -300 + random.NextDouble() * 301.5) * (random.NextDouble() < 0.5 ? -1 : 1);
            double want = Math.Tanh(x), got = DeviceMath.Tanh(x);
            if (!(Math.Abs(got - want) <= FewUlps * Math.Abs(want))) Assert.Fail($"tanh({x:R}) = {got:R}, Math.Tanh gives {want:R}.");
        }
        foreach (double x in new[] { 0.17, -0.17, 0.16999999999999998, 22, 22.000000000000004, -22.5 })
            Assert.True(Math.Abs(DeviceMath.Tanh(x) - Math.Tanh(x)) <= FewUlps * Math.Abs(Math.Tanh(x)), $"tanh({x:R})");
        Assert.Equal(1.0, DeviceMath.Tanh(double.PositiveInfinity));
        Assert.Equal(-1.0, DeviceMath.Tanh(double.NegativeInfinity));
        Assert.True(double.IsNegative(DeviceMath.Tanh(-0.0)));
        Assert.True(double.IsNaN(DeviceMath.Tanh(double.NaN)));
    }

    [Fact]
    public void SigmoidIsWithinAFewUlpsOfOneOverOnePlusExp()
    {
        var random = new SeededRandom(5);
        for (int i = 0; i < 100_000; i++)
        {
            double x = (random.NextDouble() - 0.5) * 1400;
            double want = 1.0 / (1.0 + Math.Exp(-x)), got = DeviceMath.Sigmoid(x);
            double tolerance = want >= 2.2250738585072014e-308 ? FewUlps * want : 4 * double.Epsilon;
            if (!(Math.Abs(got - want) <= tolerance)) Assert.Fail($"sigmoid({x:R}) = {got:R}, expected {want:R}.");
        }
        Assert.Equal(0.5, DeviceMath.Sigmoid(0));
        Assert.Equal(1.0, DeviceMath.Sigmoid(double.PositiveInfinity));
        Assert.Equal(0.0, DeviceMath.Sigmoid(double.NegativeInfinity));
    }
}
