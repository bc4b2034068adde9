using BenchmarkDotNet.Attributes;
using DslNets.Tron;

namespace DslNets.Benchmarks.Tron;

/// <summary>40,000 Neuro-Tron iterations with fresh data at n = 100, r = 25, k = 10, b = 16, for each input distribution.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class NeuroTronDistributionBenchmarks
{
    private FilterMatrices _matrices = null!;
    private BenchNeuroTron100 _teacher = null!;

    /// <summary>The input distribution.</summary>
    [Params("N(0,1)", "Laplace(2)", "Student-t(4)")]
    public string Distribution { get; set; } = "N(0,1)";

    [GlobalSetup]
    public void Setup()
    {
        _matrices = FilterMatrices.Create(25, 100, 10, 1);
        _teacher = new BenchNeuroTron100(1, _matrices.Stacked);
        new SeededRandom(2).FillGaussian<double>(_teacher.Parameters);
    }

    [Benchmark(Description = "40,000 Neuro-Tron iterations, fresh data")]
    public double FullRun()
    {
        var distribution = Distribution switch
        {
            "Laplace(2)" => InputDistribution.Laplace(2),
            "Student-t(4)" => InputDistribution.StudentT(4),
            _ => InputDistribution.Gaussian(1),
        };
        var student = new BenchNeuroTron100(5, _matrices.Stacked);
        new TeacherStream<BenchNeuroTron100, double>(_teacher, new InputSampler(distribution, 3), new PoisoningAttack(0.5, 0.25), 4)
            .Train(new NeuroTron<BenchNeuroTron100, double>(student, 1e-4, 16), 40_000);
        return student.Parameters[0];
    }
}
