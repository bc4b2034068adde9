using DslNets.Tron;
using MathNet.Numerics.Distributions;

namespace DslNets.Runtime.Tests.Tron;

public class InputSamplerTests
{
    private const int Samples = 400_000;

    private static double[] Draw(InputDistribution distribution, long seed = 7)
    {
        var values = new double[Samples];
        new InputSampler(distribution, seed).Fill(values);
        return values;
    }

    // Asserts |mean of f(x) − expected| ≤ 5 standard errors, the standard error from the closed-form variance of f(x).
    private static void AssertMean(double[] values, Func<double, double> f, double expected, double varianceOfF, string what)
    {
        double mean = values.Average(f);
        double standardError = Math.Sqrt(varianceOfF / values.Length);
        Assert.True(Math.Abs(mean - expected) <= 5 * standardError, $"{what}: sample mean {mean}, expected {expected} ± 5·{standardError}");
    }

    [Fact]
    public void GaussianMomentsMatchClosedForms()
    {
        foreach (double sigma in new[] { 1.0, 3.0 })
        {
            var x = Draw(InputDistribution.Gaussian(sigma));
            double s2 = sigma * sigma;
            AssertMean(x, v => v, 0, s2, $"N(0,{s2}) mean");
            AssertMean(x, v => v * v, s2, 2 * s2 * s2, $"N(0,{s2}) variance");                 // Var(x²) = 2σ⁴
            AssertMean(x, v => v * v * v * v, 3 * s2 * s2, 96 * s2 * s2 * s2 * s2, $"N(0,{s2}) 4th moment"); // E x⁸ − (E x⁴)² = 105σ⁸ − 9σ⁸
            Assert.Equal(s2, InputDistribution.Gaussian(sigma).Variance, 12);
        }
    }

    [Fact]
    public void LaplaceMomentsAndCdfMatchClosedForms()
    {
        const double b = 2;
        var x = Draw(InputDistribution.Laplace(b));
        AssertMean(x, v => v, 0, 2 * b * b, "Laplace mean");
        AssertMean(x, v => v * v, 2 * b * b, 24 * Math.Pow(b, 4) - 4 * Math.Pow(b, 4), "Laplace variance 2b²"); // E x⁴ = 24b⁴
        AssertMean(x, Math.Abs, b, b * b, "Laplace E|x| = b");
        foreach (double t in new[] { -3.0, -0.5, 1.0, 4.0 })
        {
            double p = Laplace.CDF(0, b, t);
            AssertMean(x, v => v <= t ? 1 : 0, p, p * (1 - p), $"Laplace CDF at {t}");
        }
        Assert.Equal(8.0, InputDistribution.Laplace(b).Variance, 12);
    }

    [Fact]
    public void StudentTMomentsAndCdfMatchClosedForms()
    {
        var x = Draw(InputDistribution.StudentT(4));
        // E|T₄| = 2√ν Γ((ν+1)/2) / (√π (ν−1) Γ(ν/2)) = 1 and E T₄² = ν/(ν−2) = 2, so Var|T₄| = 1.
        AssertMean(x, Math.Abs, 1.0, 1.0, "t(4) E|x|");
        // E x⁴ is infinite, so the sample variance has no standard error; check it loosely.
        double variance = x.Average(v => v * v);
        Assert.InRange(variance, 1.8, 2.2);
        foreach (double t in new[] { -2.5, -0.7, 0.3, 1.5, 5.0 })
        {
            double p = StudentT.CDF(0, 1, 4, t);
            AssertMean(x, v => v <= t ? 1 : 0, p, p * (1 - p), $"t(4) CDF at {t}");
        }
        Assert.Equal(2.0, InputDistribution.StudentT(4).Variance, 12);
        // An odd number of degrees of freedom takes the extra squared Gaussian.
        var y = Draw(InputDistribution.StudentT(3), seed: 9);
        foreach (double t in new[] { -1.0, 0.5, 2.0 })
        {
            double p = StudentT.CDF(0, 1, 3, t);
            AssertMean(y, v => v <= t ? 1 : 0, p, p * (1 - p), $"t(3) CDF at {t}");
        }
    }

    [Fact]
    public void SameSeedSameNumbersAndFloatIsRoundedDouble()
    {
        var distribution = InputDistribution.StudentT(4);
        var a = new double[1000];
        var b = new double[1000];
        var f = new float[1000];
        new InputSampler(distribution, 3).Fill(a);
        new InputSampler(distribution, 3).Fill(b);
        new InputSampler(distribution, 3).Fill<float>(f);
        Assert.Equal(a, b);
        for (int i = 0; i < a.Length; i++) Assert.Equal((float)a[i], f[i]);
        var c = new double[1000];
        new InputSampler(distribution, 4).Fill(c);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void BadParametersAreRejected()
    {
        Assert.Contains("> 0", Assert.Throws<ArgumentOutOfRangeException>(() => InputDistribution.Gaussian(0)).Message);
        Assert.Contains("scale > 0", Assert.Throws<ArgumentOutOfRangeException>(() => InputDistribution.Laplace(-1)).Message);
        Assert.Contains("at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => InputDistribution.StudentT(0)).Message);
    }
}
