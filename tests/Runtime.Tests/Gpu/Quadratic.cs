using System.Numerics;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// f(θ) = ½ θᵀAθ − bᵀθ with A = MᵀM/n + diag(λ), λ spaced logarithmically over [10⁻², 10²] (condition number about
/// 10⁴) and M, b, θ₀ Gaussian from a seed: a fixed ill-conditioned problem whose gradient Aθ − b the tests evaluate
/// on the host, in T, in a fixed order, at whatever parameters each run has reached.
/// </summary>
internal sealed class Quadratic<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _a;
    private readonly T[] _b;

    public Quadratic(int n, int seed = 7)
    {
        N = n;
        var random = new Random(seed);
        double[] m = new double[n * n];
        for (int i = 0; i < m.Length; i++) m[i] = Gaussian(random);
        _a = new T[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += m[k * n + i] * m[k * n + j];
                double value = s / n + (i == j ? Math.Pow(10.0, -2.0 + 4.0 * i / Math.Max(1, n - 1)) : 0.0);
                _a[i * n + j] = T.CreateChecked(value);
            }
        }
        _b = new T[n];
        Start = new T[n];
        for (int i = 0; i < n; i++)
        {
            _b[i] = T.CreateChecked(Gaussian(random));
            Start[i] = T.CreateChecked(Gaussian(random));
        }
    }

    public int N { get; }

    /// <summary>θ₀ (copy it before use).</summary>
    public T[] Start { get; }

    public T[] Gradient(ReadOnlySpan<T> theta)
    {
        var g = new T[N];
        for (int i = 0; i < N; i++)
        {
            T s = -_b[i];
            for (int j = 0; j < N; j++) s += _a[i * N + j] * theta[j];
            g[i] = s;
        }
        return g;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
