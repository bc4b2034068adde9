using BenchmarkDotNet.Attributes;
using DslNets.Tron;

namespace DslNets.Benchmarks.Tron;

/// <summary>The Neuro-Tron experiments' network: n = 100, r = 25, k = 10.</summary>
[Network(Inputs = 100, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class BenchNeuroTron100
{
    [SharedFilter(25, 10, Activation.ReLU)] public partial SharedFilterLayer<double> Filter { get; }
}

/// <summary>
/// 40,000 Neuro-Tron iterations at n = 100, r = 25, k = 10, b = 16 (target ≤ 1 s), with fresh N(0, 1) data and
/// attacked labels every step, and the same run split into its parts: drawing the data alone, and the updates
/// alone on a pre-drawn pool of batches. The generated-forward path is timed over 4,000 iterations.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class NeuroTronBenchmarks
{
    private const int N = 100, B = 16, Iterations = 40_000, Pool = 256;
    private FilterMatrices _matrices = null!;
    private BenchNeuroTron100 _teacher = null!;
    private double[] _poolInputs = null!;
    private double[] _poolLabels = null!;

    [GlobalSetup]
    public void Setup()
    {
        _matrices = FilterMatrices.Create(25, N, 10, 1);
        _teacher = new BenchNeuroTron100(1, _matrices.Stacked);
        new SeededRandom(2).FillGaussian<double>(_teacher.Parameters);
        var stream = NewStream();
        _poolInputs = new double[Pool * B * N];
        _poolLabels = new double[Pool * B];
        stream.NextBatch(_poolInputs, _poolLabels);
    }

    private TeacherStream<BenchNeuroTron100, double> NewStream() =>
        new(_teacher, new InputSampler(InputDistribution.Gaussian(1), 3), new PoisoningAttack(0.5, 0.25), 4);

    [Benchmark(Description = "40,000 Neuro-Tron iterations, fresh data (factored forward)")]
    public double FullRun()
    {
        var student = new BenchNeuroTron100(5, _matrices.Stacked);
        NewStream().Train(new NeuroTron<BenchNeuroTron100, double>(student, 1e-4, B), Iterations);
        return student.Parameters[0];
    }

    [Benchmark(Description = "40,000 batches of data only (sampling + teacher labels)")]
    public double DataOnly()
    {
        var stream = NewStream();
        var inputs = new double[B * N];
        var labels = new double[B];
        for (int t = 0; t < Iterations; t++) stream.NextBatch(inputs, labels);
        return labels[0];
    }

    [Benchmark(Description = "40,000 Neuro-Tron updates only (pre-drawn pool)")]
    public double UpdatesOnly()
    {
        var student = new BenchNeuroTron100(5, _matrices.Stacked);
        var tron = new NeuroTron<BenchNeuroTron100, double>(student, 1e-4, B);
        for (int t = 0; t < Iterations; t++)
        {
            int p = t % Pool;
            tron.Step(_poolInputs.AsSpan(p * B * N, B * N), _poolLabels.AsSpan(p * B, B));
        }
        return student.Parameters[0];
    }

    [Benchmark(Description = "4,000 Neuro-Tron updates, generated ForwardBatch (pre-drawn pool)")]
    public double NetworkForwardUpdates()
    {
        var student = new BenchNeuroTron100(5, _matrices.Stacked);
        var tron = new NeuroTron<BenchNeuroTron100, double>(student, 1e-4, B, forward: NeuroTronForward.Network);
        for (int t = 0; t < Iterations / 10; t++)
        {
            int p = t % Pool;
            tron.Step(_poolInputs.AsSpan(p * B * N, B * N), _poolLabels.AsSpan(p * B, B));
        }
        return student.Parameters[0];
    }
}
