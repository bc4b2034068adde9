using DslNets.Kernels;

namespace DslNets.Runtime.Tests.Kernels;

/// <summary>
/// The dense-layer entry points: the forward pass against the naive product, and the three gradients against
/// central finite differences of the scalar L(W, b, X) = Σ G ∘ (X·Wᵀ + b) for a fixed random G (so ∂L/∂Y = G).
/// </summary>
public class DenseKernelsTests
{
    private const int Batch = 13, Inputs = 37, Outputs = 11;

    [Fact]
    public void ForwardIsTheProductWithTheTransposedWeightsPlusTheBias()
    {
        float[] x = GemmReference.Random<float>(Batch * Inputs, 1);
        float[] w = GemmReference.Random<float>(Outputs * Inputs, 2);
        float[] bias = GemmReference.Random<float>(Outputs, 3);
        float[] y = new float[Batch * Outputs];
        Array.Fill(y, float.NaN);
        DenseKernels.Forward<float>(x, w, bias, y, Batch, Inputs, Outputs);
        for (int s = 0; s < Batch; s++)
        {
            for (int o = 0; o < Outputs; o++)
            {
                double sum = bias[o];
                for (int i = 0; i < Inputs; i++) sum += (double)x[s * Inputs + i] * w[o * Inputs + i];
                Assert.True(Math.Abs(sum - y[s * Outputs + o]) <= 1e-5 * Inputs, $"Y[{s},{o}] = {y[s * Outputs + o]}, expected {sum}.");
            }
        }
        float[] noBias = new float[Batch * Outputs];
        DenseKernels.Forward<float>(x, w, ReadOnlySpan<float>.Empty, noBias, Batch, Inputs, Outputs);
        for (int j = 0; j < y.Length; j++) Assert.Equal(y[j] - bias[j % Outputs], noBias[j], 1e-5f);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        double[] x = GemmReference.Random<double>(Batch * Inputs, 4);
        double[] w = GemmReference.Random<double>(Outputs * Inputs, 5);
        double[] bias = GemmReference.Random<double>(Outputs, 6);
        double[] g = GemmReference.Random<double>(Batch * Outputs, 7);

        double[] dW = GemmReference.Random<double>(Outputs * Inputs, 8);
        double[] dWStart = (double[])dW.Clone();
        DenseKernels.WeightGradient<double>(g, x, dW, Batch, Inputs, Outputs, accumulate: true);
        double[] db = [.. Enumerable.Repeat(0.5, Outputs)];
        DenseKernels.BiasGradient<double>(g, db, Batch, Outputs, accumulate: true);
        double[] dX = new double[Batch * Inputs];
        DenseKernels.InputGradient<double>(g, w, dX, Batch, Inputs, Outputs);

        const double H = 1e-6;
        for (int j = 0; j < w.Length; j += 5)
        {
            double fd = Central(w, j, H, () => Loss(x, w, bias, g));
            Assert.True(Math.Abs(dW[j] - dWStart[j] - fd) <= 1e-7, $"dW[{j}] added {dW[j] - dWStart[j]}, finite difference {fd}.");
        }
        for (int o = 0; o < Outputs; o++)
        {
            double fd = Central(bias, o, H, () => Loss(x, w, bias, g));
            Assert.True(Math.Abs(db[o] - 0.5 - fd) <= 1e-7, $"db[{o}] added {db[o] - 0.5}, finite difference {fd}.");
        }
        for (int j = 0; j < x.Length; j += 3)
        {
            double fd = Central(x, j, H, () => Loss(x, w, bias, g));
            Assert.True(Math.Abs(dX[j] - fd) <= 1e-7, $"dX[{j}] = {dX[j]}, finite difference {fd}.");
        }

        // Without accumulate the old contents are replaced.
        double[] fresh = GemmReference.Random<double>(Outputs * Inputs, 9);
        DenseKernels.WeightGradient<double>(g, x, fresh, Batch, Inputs, Outputs, accumulate: false);
        for (int j = 0; j < fresh.Length; j++) Assert.Equal(dW[j] - dWStart[j], fresh[j], 1e-12);
        double[] freshBias = [.. Enumerable.Repeat(9.0, Outputs)];
        DenseKernels.BiasGradient<double>(g, freshBias, Batch, Outputs, accumulate: false);
        for (int o = 0; o < Outputs; o++) Assert.Equal(db[o] - 0.5, freshBias[o], 1e-12);
    }

    [Fact]
    public void AddRowBroadcastAddsTheRowToEveryRow()
    {
        float[] matrix = [1, 2, 3, 4, 5, 6];
        DenseKernels.AddRowBroadcast<float>(matrix, [10, 20, 30], 2, 3);
        Assert.Equal(new float[] { 11, 22, 33, 14, 25, 36 }, matrix);
        var ex = Assert.Throws<ArgumentException>(() => DenseKernels.AddRowBroadcast<float>(matrix, [1, 2], 2, 3));
        Assert.Contains("3", ex.Message);
        Assert.Contains("2", ex.Message);
    }

    private static double Central(double[] values, int index, double h, Func<double> loss)
    {
        double saved = values[index];
        values[index] = saved + h;
        double plus = loss();
        values[index] = saved - h;
        double minus = loss();
        values[index] = saved;
        return (plus - minus) / (2 * h);
    }

    /// <summary>Σ_s,o G[s,o]·(b[o] + Σ_i X[s,i]·W[o,i]), written out independently of the kernels.</summary>
    private static double Loss(double[] x, double[] w, double[] bias, double[] g)
    {
        double total = 0;
        for (int s = 0; s < Batch; s++)
        {
            for (int o = 0; o < Outputs; o++)
            {
                double y = bias[o];
                for (int i = 0; i < Inputs; i++) y += x[s * Inputs + i] * w[o * Inputs + i];
                total += g[s * Outputs + o] * y;
            }
        }
        return total;
    }
}
