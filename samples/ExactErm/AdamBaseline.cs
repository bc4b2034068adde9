using DslNets;

namespace ExactErmSample;

/// <summary>
/// The gradient baseline: ADAM (bias-corrected, β = 0.9, 0.999) on f(x) = Σᵢ aᵢ ReLU(uᵢ·x + bᵢ) + c with real output weights,
/// the output bias c exactly when the exact solver has the offset (the same model, so the two losses compare), and the same
/// loss ½Σ(f − y)², from seeded N(0, 1) starts.
/// </summary>
internal static class AdamBaseline
{
    public static (double Best, double Median) Run(double[,] x, double[] y, int width, bool outputBias, int restarts, int steps, double rate, long seed)
    {
        int n = x.GetLength(1), size = width * (n + 2) + (outputBias ? 1 : 0);
        var rng = new SeededRandom(seed);
        var losses = new double[restarts];
        var theta = new double[size];
        var g = new double[size];
        var m = new double[size];
        var v = new double[size];
        for (int r = 0; r < restarts; r++)
        {
            for (int i = 0; i < size; i++) { theta[i] = rng.NextGaussian(); m[i] = 0; v[i] = 0; }
            double b1 = 1, b2 = 1;
            for (int t = 1; t <= steps; t++)
            {
                Loss(theta, x, y, width, outputBias, g);
                b1 *= 0.9; b2 *= 0.999;
                for (int i = 0; i < size; i++)
                {
                    m[i] = 0.9 * m[i] + 0.1 * g[i];
                    v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                    theta[i] -= rate * (m[i] / (1 - b1)) / (Math.Sqrt(v[i] / (1 - b2)) + 1e-8);
                }
            }
            losses[r] = Loss(theta, x, y, width, outputBias, g);
        }
        Array.Sort(losses);
        return (losses[0], losses[restarts / 2]);
    }

    // The loss, and its gradient into g; the output bias, if any, is the last parameter.
    private static double Loss(double[] theta, double[,] x, double[] y, int width, bool outputBias, double[] g)
    {
        int c = width * (x.GetLength(1) + 2);
        int d = y.Length, n = x.GetLength(1);
        Array.Clear(g);
        double loss = 0;
        Span<double> z = stackalloc double[width];
        for (int j = 0; j < d; j++)
        {
            double f = outputBias ? theta[c] : 0;
            for (int i = 0; i < width; i++)
            {
                int o = i * (n + 2);
                double s = theta[o + n];
                for (int k = 0; k < n; k++) s += theta[o + k] * x[j, k];
                z[i] = s;
                if (s > 0) f += theta[o + n + 1] * s;
            }
            double r = f - y[j];
            loss += 0.5 * r * r;
            if (outputBias) g[c] += r;
            for (int i = 0; i < width; i++)
            {
                int o = i * (n + 2);
                if (z[i] <= 0) continue;
                g[o + n + 1] += r * z[i];
                double a = theta[o + n + 1];
                for (int k = 0; k < n; k++) g[o + k] += r * a * x[j, k];
                g[o + n] += r * a;
            }
        }
        return loss;
    }
}
