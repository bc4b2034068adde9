using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using DslNets.Kernels;

namespace DslNets.Benchmarks.Kernels;

/// <summary>Square single-precision products C = A·B, n = 256…2048, on both cores: GFLOP/s = 2n³ / median time.</summary>
[Config(typeof(GemmSquareConfig))]
public class GemmSquareBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    /// <summary>Matrix size.</summary>
    [Params(256, 512, 1024, 2048)]
    public int N { get; set; }

    /// <summary>Random operands from a fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(42);
        _a = new float[N * N];
        _b = new float[N * N];
        _c = new float[N * N];
        random.FillGaussian<float>(_a);
        random.FillGaussian<float>(_b);
    }

    /// <summary>C = A·B.</summary>
    [Benchmark]
    public void Sgemm() => Gemm.Multiply(MatrixOp.None, MatrixOp.None, N, N, N, 1f, _a, _b, 0f, _c);

    /// <summary>2n³ floating-point operations of a case.</summary>
    public static double Flops(BenchmarkCase benchmarkCase)
    {
        double n = Convert.ToDouble(benchmarkCase.Parameters["N"], System.Globalization.CultureInfo.InvariantCulture);
        return 2 * n * n * n;
    }

    private sealed class GemmSquareConfig : ManualConfig
    {
        public GemmSquareConfig() => AddColumn(new ThroughputColumn("GFLOP/s", Flops, 1e9));
    }
}
