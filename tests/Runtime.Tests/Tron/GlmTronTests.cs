using DslNets.Tron;
using MathNet.Numerics.LinearAlgebra;

namespace DslNets.Runtime.Tests.Tron;

public class GlmTronTests
{
    private const int N = ReluGate10.InputSize;

    /// <summary>A symmetric sample (every x comes with −x) of correlated Gaussian inputs, labelled by ReLU(w*ᵀx).</summary>
    private static (double[] Inputs, double[] Labels, double[] Target) SymmetricSample(int half, long seed)
    {
        var random = new SeededRandom(seed);
        var mixing = new double[N * N];
        random.FillGaussian<double>(mixing, 0, 0.1);
        for (int i = 0; i < N; i++) mixing[i * N + i] += 1;
        var target = new double[N];
        random.FillGaussian<double>(target);
        var inputs = new double[2 * half * N];
        var labels = new double[2 * half];
        var z = new double[N];
        for (int j = 0; j < half; j++)
        {
            random.FillGaussian<double>(z);
            for (int a = 0; a < N; a++)
            {
                double v = 0;
                for (int c = 0; c < N; c++) v += mixing[a * N + c] * z[c];
                inputs[j * N + a] = v;
                inputs[(half + j) * N + a] = -v;
            }
        }
        for (int j = 0; j < 2 * half; j++)
        {
            double dot = 0;
            for (int a = 0; a < N; a++) dot += target[a] * inputs[j * N + a];
            labels[j] = Math.Max(0, dot);
        }
        return (inputs, labels, target);
    }

    /// <summary>λ_min(Σ) and λ_max(Σ) of Σ = E[x xᵀ], and λ_max(E[‖x‖² x xᵀ]), on the sample.</summary>
    private static (double SigmaMin, double SigmaMax, double FourthMax) Spectra(double[] inputs)
    {
        int m = inputs.Length / N;
        var sigma = Matrix<double>.Build.Dense(N, N);
        var fourth = Matrix<double>.Build.Dense(N, N);
        for (int j = 0; j < m; j++)
        {
            var x = Vector<double>.Build.Dense(inputs.AsSpan(j * N, N).ToArray());
            var outer = x.OuterProduct(x);
            sigma += outer / m;
            fourth += outer * (x * x / m);
        }
        var sigmaEigen = sigma.Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).ToArray();
        var fourthEigen = fourth.Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).ToArray();
        return (sigmaEigen.Min(), sigmaEigen.Max(), fourthEigen.Max());
    }

    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }

    [Fact]
    public void OneStepIsTheHandComputedUpdate()
    {
        var (inputs, labels, _) = SymmetricSample(4, 1);
        var net = new ReluGate10(2);
        var w = (double[])net.Parameters.Clone();
        var expected = (double[])w.Clone();
        for (int j = 0; j < 8; j++)
        {
            double dot = 0;
            for (int a = 0; a < N; a++) dot += w[a] * inputs[j * N + a];
            double error = labels[j] - Math.Max(0, dot);
            for (int a = 0; a < N; a++) expected[a] += 0.3 / 8 * error * inputs[j * N + a];
        }
        new GlmTron<ReluGate10, double>(net, 0.3, 8).Step(inputs, labels);
        for (int a = 0; a < N; a++) Assert.Equal(expected[a], net.Parameters[a], 1e-13);
    }

    // Derived: for a symmetric sample, E[(ReLU(wᵀx) − ReLU(w*ᵀx))²] ≥ ¼ (w − w*)ᵀΣ(w − w*) (pair x with −x), and
    // ‖E[δx]‖² ≤ λ_max(Σ) E[δ²]; so with η ≤ 1/λ_max(Σ) every full-batch step has
    // ‖w' − w*‖² ≤ (1 − η λ_min(Σ)/4) ‖w − w*‖².
    [Fact]
    public void FullBatchStepsContractAtTheDerivedRateEveryStep()
    {
        var (inputs, labels, target) = SymmetricSample(200, 3);
        var (sigmaMin, sigmaMax, _) = Spectra(inputs);
        double eta = 1 / sigmaMax;
        double rate = 1 - eta * sigmaMin / 4;
        var net = new ReluGate10(4);
        for (int a = 0; a < N; a++) net.Parameters[a] = -target[a] + 0.1 * net.Parameters[a]; // near the worst start, −w*
        var tron = new GlmTron<ReluGate10, double>(net, eta, labels.Length);
        double start = SquaredDistance(net.Parameters, target);
        double previous = start;
        int steps = 0;
        // Check until rounding takes over (squared distance 1e-24 of the start).
        while (previous > 1e-24 * start && steps < 2000)
        {
            tron.Step(inputs, labels);
            double current = SquaredDistance(net.Parameters, target);
            Assert.True(current <= rate * previous * (1 + 1e-12), $"step {steps}: {current} > {rate}·{previous}");
            previous = current;
            steps++;
        }
        Assert.True(previous <= 1e-24 * start, $"from {start} to {previous} in {steps} steps");
    }

    // Derived: for mini-batches drawn with replacement from a symmetric sample,
    // E‖w' − w*‖² ≤ (1 − η λ_min(Σ)/2 + η² λ_max(E[‖x‖² x xᵀ])) ‖w − w*‖², which is ≤ (1 − η λ_min(Σ)/4) ‖w − w*‖²
    // when η ≤ λ_min(Σ) / (4 λ_max(E[‖x‖² x xᵀ])) (half the step of ALGORITHMS.md, whose bound is 1 at its own step).
    [Fact]
    public void MiniBatchExpectedSquaredDistanceFallsAtTheDerivedRate()
    {
        var (inputs, labels, target) = SymmetricSample(200, 5);
        var (sigmaMin, _, fourthMax) = Spectra(inputs);
        double eta = sigmaMin / (4 * fourthMax);
        double rate = 1 - eta * sigmaMin / 4;
        const int runs = 10, steps = 6000;
        int[] checkpoints = [100, 1000, 2000, 4000, 6000];
        var mean = new double[checkpoints.Length];
        double start = 0;
        for (int run = 0; run < runs; run++)
        {
            var net = new ReluGate10(100 + run);
            var tron = new GlmTron<ReluGate10, double>(net, eta, 4);
            start += SquaredDistance(net.Parameters, target) / runs;
            var random = new SeededRandom(200 + run);
            int c = 0;
            for (int t = 1; t <= steps; t++)
            {
                tron.StepOnRandomBatch(inputs, labels, random);
                if (t == checkpoints[c]) mean[c++] += SquaredDistance(net.Parameters, target) / runs;
            }
        }
        for (int c = 0; c < checkpoints.Length; c++)
        {
            double bound = Math.Pow(rate, checkpoints[c]) * start;
            Assert.True(mean[c] <= bound, $"t = {checkpoints[c]}: mean ‖w − w*‖² = {mean[c]} > bound {bound}");
        }
        Assert.True(mean[^1] < 0.5 * start, $"from {start} to {mean[^1]}");
    }

    [Fact]
    public void NetworksThatAreNotABiasFreeGateAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new GlmTron<TwoDense, double>(new TwoDense(1), 1, 4));
        Assert.Contains("bias-free Dense(1)", error.Message);
        Assert.Contains("Hidden", error.Message);
        var tron = new GlmTron<ReluGate10, double>(new ReluGate10(1), 1, 4);
        error = Assert.Throws<ArgumentException>(() => tron.Step(new double[5 * N], new double[5]));
        Assert.Contains("between 1 and 4", error.Message);
    }
}
