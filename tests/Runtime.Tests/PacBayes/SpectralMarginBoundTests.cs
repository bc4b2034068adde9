using DslNets.PacBayes;
using MathNet.Numerics.LinearAlgebra;

namespace DslNets.Runtime.Tests.PacBayes;

public class SpectralMarginBoundTests
{
    private static double[] RandomMatrix(int rows, int columns, long seed)
    {
        var random = new SeededRandom(seed);
        var data = new double[rows * columns];
        random.FillGaussian<double>(data);
        return data;
    }

    private static double SvdNorm(double[] data, int rows, int columns) =>
        Matrix<double>.Build.DenseOfRowMajor(rows, columns, data).Svd(false).S[0];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(3, 7)]
    [InlineData(30, 20)]
    [InlineData(64, 64)]
    public void PowerIteration_MatchesTheSvd(int rows, int columns)
    {
        for (long seed = 1; seed <= 3; seed++)
        {
            double[] w = RandomMatrix(rows, columns, 100 * seed + rows);
            double expected = SvdNorm(w, rows, columns);
            double estimate = SpectralNorm.Largest(w, rows, columns, seed);
            Assert.True(Math.Abs(estimate - expected) <= 1e-9 * expected, $"{rows}×{columns}: {estimate} vs SVD {expected}");
            Assert.Equal(Matrix<double>.Build.DenseOfRowMajor(rows, columns, w).FrobeniusNorm(), SpectralNorm.Frobenius(w), 10);
        }
    }

    [Fact]
    public void PowerIteration_IsExactOnRankOne_AndRepeatableForASeed()
    {
        double[] u = [1, -2, 3], v = [0.5, 4];
        double[] w = new double[6];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) w[i * 2 + j] = u[i] * v[j];
        double expected = Math.Sqrt(14) * Math.Sqrt(16.25);
        Assert.Equal(expected, SpectralNorm.Largest(w, 3, 2, 5), 12);
        double[] big = RandomMatrix(20, 15, 9);
        Assert.Equal(SpectralNorm.Largest(big, 20, 15, 42), SpectralNorm.Largest(big, 20, 15, 42));
        Assert.Equal(0.0, SpectralNorm.Largest(new double[6], 2, 3, 1));
    }

    [Fact]
    public void Evaluate_MatchesTheFormulaWrittenOut()
    {
        double[] spectral = [2.0, 1.5, 3.0], frobenius = [5.0, 4.0, 6.0];
        const int h = 100; const double b = 10, gamma = 4, delta = 0.05, marginLoss = 0.03; const long m = 50000;
        const int d = 3;
        double product = 2.0 * 2.0 * 1.5 * 1.5 * 3.0 * 3.0;
        double ratios = 25.0 / 4 + 16.0 / 2.25 + 36.0 / 9;
        double kl = 42.0 * 42.0 * Math.E * Math.E * d * d * b * b * h * Math.Log(4.0 * h * d) * product * ratios / (2 * gamma * gamma);
        double expected = marginLoss + 4 * Math.Sqrt((kl + Math.Log(6.0 * m * d * Math.Pow(m, 1.0 / (2 * d)) / delta)) / (m - 1));
        Assert.Equal(kl, SpectralMarginBound.KlTerm(spectral, frobenius, h, b, gamma), kl * 1e-12);
        Assert.Equal(expected, SpectralMarginBound.Evaluate(marginLoss, spectral, frobenius, h, b, gamma, m, delta), expected * 1e-12);
    }

    [Fact]
    public void Evaluate_IsMonotone()
    {
        double[] spectral = [2.0, 1.5], frobenius = [5.0, 4.0];
        double Bound(double loss = 0.02, double s0 = 2.0, double f0 = 5.0, int h = 50, double b = 1, double gamma = 30, long m = 60000, double delta = 0.05) =>
            SpectralMarginBound.Evaluate(loss, [s0, spectral[1]], [f0, frobenius[1]], h, b, gamma, m, delta);
        double baseline = Bound();
        Assert.True(Bound(loss: 0.1) > baseline);
        Assert.True(Bound(f0: 6.0) > baseline);
        Assert.True(Bound(s0: 2.5, f0: 6.25) > baseline, "scaling a layer (spectral and Frobenius together) increases the bound");
        Assert.True(Bound(h: 100) > baseline);
        Assert.True(Bound(b: 2) > baseline);
        Assert.True(Bound(gamma: 60) < baseline);
        Assert.True(Bound(m: 600000) < baseline);
        Assert.True(Bound(delta: 0.5) < baseline);
        Assert.True(baseline >= 0.02);
    }

    [Fact]
    public void MarginLoss_CountsPointsWithinTheMargin()
    {
        // Scores for 4 samples, 3 classes.
        double[] outputs = [3, 1, 0,    // y=0: 3 − 1 = 2 > γ=1 → fine
                            1, 1.5, 0,  // y=1: 1.5 − 1 = 0.5 ≤ 1 → counted
                            0, 0, -2,   // y=2: −2 − 0 < 0 → counted (misclassified)
                            0, 5, 2];   // y=1: 5 − 2 = 3 > 1 → fine
        int[] labels = [0, 1, 2, 1];
        Assert.Equal(0.5, SpectralMarginBound.MarginLoss(outputs, labels, 3, 1.0));
        Assert.Equal(0.25, SpectralMarginBound.MarginLoss(outputs, labels, 3, 0.0));
        Assert.Equal(1.0, SpectralMarginBound.MarginLoss(outputs, labels, 3, 10.0));
        Assert.Contains("every label in [0, 3), got 3", Assert.Throws<ArgumentOutOfRangeException>(() => SpectralMarginBound.MarginLoss(outputs, [0, 1, 3, 1], 3, 1)).Message);
    }

    [Fact]
    public void LayerNorms_FoldBiasesIntoAugmentedMatrices_ThatComputeTheSameFunction()
    {
        // A 3-4-2 ReLU network with biases: W1 (4×3) at 0, b1 at 12, W2 (2×4) at 16, b2 at 24.
        double[] theta = RandomMatrix(1, 26, 77);
        LayerInfo[] layers =
        [
            new("Hidden", LayerKind.Dense, 3, 4, Activation.ReLU, 0.01, 0, 12, 12, 4, null, 0, 0, 0, -1),
            new("Output", LayerKind.Dense, 4, 2, Activation.Identity, 0.01, 16, 8, 24, 2, null, 0, 0, 0, -1),
        ];
        double[] spectral = new double[2], frobenius = new double[2];
        SpectralMarginBound.LayerNorms(theta, layers, 3, spectral, frobenius, out int width);
        Assert.Equal(5, width);

        // The augmented matrices written out here: [[W1, b1], [0, 1]] (5×4) and [W2, b2] (2×5).
        var a1 = Matrix<double>.Build.Dense(5, 4);
        for (int i = 0; i < 4; i++) { for (int j = 0; j < 3; j++) a1[i, j] = theta[i * 3 + j]; a1[i, 3] = theta[12 + i]; }
        a1[4, 3] = 1;
        var a2 = Matrix<double>.Build.Dense(2, 5);
        for (int i = 0; i < 2; i++) { for (int j = 0; j < 4; j++) a2[i, j] = theta[16 + i * 4 + j]; a2[i, 4] = theta[24 + i]; }
        Assert.Equal(a1.Svd(false).S[0], spectral[0], 9);
        Assert.Equal(a2.Svd(false).S[0], spectral[1], 9);
        Assert.Equal(a1.FrobeniusNorm(), frobenius[0], 12);
        Assert.Equal(a2.FrobeniusNorm(), frobenius[1], 12);

        // Same function: the original network on x and the bias-free augmented one on (x, 1).
        double[] x = [0.3, -1.2, 2.0];
        var hidden = Vector<double>.Build.Dense(4);
        for (int i = 0; i < 4; i++) { double z = theta[12 + i]; for (int j = 0; j < 3; j++) z += theta[i * 3 + j] * x[j]; hidden[i] = Math.Max(z, 0); }
        var original = Vector<double>.Build.Dense(2);
        for (int i = 0; i < 2; i++) { double z = theta[24 + i]; for (int j = 0; j < 4; j++) z += theta[16 + i * 4 + j] * hidden[j]; original[i] = z; }
        var augmentedHidden = (a1 * Vector<double>.Build.DenseOfArray([.. x, 1.0])).Map(z => Math.Max(z, 0));
        var augmented = a2 * augmentedHidden;
        Assert.True((augmented - original).L2Norm() < 1e-12);
    }

    [Fact]
    public void LayerNorms_RejectsActivationsTheBoundDoesNotCover()
    {
        LayerInfo[] layers = [new("Hidden", LayerKind.Dense, 2, 2, Activation.Tanh, 0.01, 0, 4, -1, 0, null, 0, 0, 0, -1)];
        var error = Assert.Throws<ArgumentException>(() => SpectralMarginBound.LayerNorms(new double[4], layers, 1, new double[1], new double[1], out _));
        Assert.Contains("got Tanh in layer 'Hidden'", error.Message);
    }
}
