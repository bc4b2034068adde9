using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DslNets.Kernels;

namespace DslNets.Benchmarks.Kernels;

/// <summary>The micro-kernel paths and the two-core split side by side at n = 512.</summary>
[Config(typeof(GemmPathConfig))]
public class GemmPathBenchmarks
{
    private const int N = 512;
    private float[] _a = [], _b = [], _c = [];

    /// <summary>A public mirror of the internal path switch (BenchmarkDotNet's generated code cannot see internals).</summary>
    public enum KernelPath
    {
        /// <summary>Vector512 FMA.</summary>
        Vector512,

        /// <summary>Vector256 FMA.</summary>
        Vector256,

        /// <summary>Scalar.</summary>
        Scalar,
    }

    /// <summary>Micro-kernel path.</summary>
    [Params(KernelPath.Vector512, KernelPath.Vector256, KernelPath.Scalar)]
    public KernelPath Path { get; set; }

    /// <summary>Threads: 1 (caller only) or 2 (split with the worker).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

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

    /// <summary>C = A·B on the chosen path (the switches are thread-local, so they are set on the measuring thread).</summary>
    [Benchmark]
    public void Sgemm512()
    {
        GemmPaths.Forced = Path switch
        {
            KernelPath.Vector512 => GemmPath.Vector512,
            KernelPath.Vector256 => GemmPath.Vector256,
            _ => GemmPath.Scalar,
        };
        GemmThreading.Mode = Threads == 1 ? GemmThreadingMode.SingleThread : GemmThreadingMode.RequireSplit;
        Gemm.Multiply(MatrixOp.None, MatrixOp.None, N, N, N, 1f, _a, _b, 0f, _c);
    }

    private sealed class GemmPathConfig : ManualConfig
    {
        public GemmPathConfig() => AddColumn(new ThroughputColumn("GFLOP/s", _ => 2.0 * N * N * N, 1e9));
    }
}
