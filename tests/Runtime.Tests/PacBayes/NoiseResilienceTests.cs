using DslNets.PacBayes;
using MathNet.Numerics.Distributions;

namespace DslNets.Runtime.Tests.PacBayes;

public class NoiseResilienceTests
{
    // For z = Wx + b perturbed by u ∼ N(0, σ²I), each Δz_k ∼ N(0, σ²(‖x‖² + 1)) independently, so the chance that all
    // K outputs move by less than τ is (2Φ(τ/(σ√(‖x‖² + 1))) − 1)^K.
    private static double ClosedForm(double[] x, double sigma, double tolerance, int classes)
    {
        double total = 0;
        for (int s = 0; s < x.Length / 2; s++)
        {
            double scale = sigma * Math.Sqrt(x[2 * s] * x[2 * s] + x[2 * s + 1] * x[2 * s + 1] + 1);
            total += Math.Pow(2 * Normal.CDF(0, 1, tolerance / scale) - 1, classes);
        }
        return total / (x.Length / 2);
    }

    [Fact]
    public void StableFraction_MatchesTheClosedFormOfALinearModel_AndRestoresTheParameters()
    {
        var net = SoftmaxRegression.Create(2, []);
        double[] before = (double[])net.Parameters.Clone();
        var random = new SeededRandom(4);
        double[] x = new double[2 * 20];
        random.FillGaussian<double>(x);
        const int draws = 4000;
        foreach (double sigma in new[] { 0.05, 0.2, 0.8 })
        {
            double estimate = NoiseResilience.StableFraction(net, x, sigma, 0.3, draws, 7);
            double exact = ClosedForm(x, sigma, 0.3, 3);
            Assert.True(Math.Abs(estimate - exact) <= 4 * Math.Sqrt(0.25 / draws), $"σ={sigma}: {estimate} vs {exact}");
        }
        Assert.Equal(1.0, NoiseResilience.StableFraction(net, x, 0.0, 1e-9, 3, 1));
        Assert.Equal(before, net.Parameters);
    }

    [Fact]
    public void LargestScale_RecoversTheClosedFormScale()
    {
        var net = SoftmaxRegression.Create(3, []);
        double[] x = [1.0, 2.0];
        const double tolerance = 0.5, fraction = 0.9;
        // (2Φ(τ/(σ√6)) − 1)³ = 0.9  ⇔  σ = τ / (√6 Φ⁻¹((1 + 0.9^{1/3})/2)).
        double exact = tolerance / (Math.Sqrt(6) * Normal.InvCDF(0, 1, (1 + Math.Pow(fraction, 1.0 / 3)) / 2));
        double found = NoiseResilience.LargestScale(net, x, tolerance, fraction, 5000, 11, iterations: 20);
        Assert.True(Math.Abs(found - exact) <= 0.08 * exact, $"{found} vs {exact}");
        Assert.True(NoiseResilience.StableFraction(net, x, found, tolerance, 5000, 11) >= fraction);
    }

    [Fact]
    public void TrainingPath_RecordsDistanceAndLength()
    {
        var path = new TrainingPath([0.0, 0.0]);
        var a = path.Record(1, [3.0, 4.0]);
        var b = path.Record(2, [3.0, 0.0]);
        Assert.Equal(5.0, a.DistanceFromStart, 14);
        Assert.Equal(5.0, a.PathLength, 14);
        Assert.Equal(3.0, b.DistanceFromStart, 14);
        Assert.Equal(9.0, b.PathLength, 14);
        Assert.Equal(3, path.Points.Count);
        Assert.Contains("'parameters' of length 2", Assert.Throws<ArgumentException>(() => path.Record(3, [1.0])).Message);
    }
}
