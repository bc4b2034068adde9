using BenchmarkDotNet.Attributes;
using DslNets.Erm;
using DslNets.Solvers;

namespace DslNets.Benchmarks;

/// <summary>
/// Exact ERM wall time for n = 2 inputs against the number of points D and the width w (both cores, squared loss).
/// One run takes seconds, so run few iterations, in process (the generated out-of-process build is not needed):
/// <c>--filter *ExactErmBenchmarks* --inProcess --launchCount 1 --warmupCount 1 --iterationCount 3 --unrollFactor 1 --invocationCount 1</c>.
/// </summary>
public class ExactErmBenchmarks
{
    private double[,] _x = new double[0, 0];
    private double[] _y = [];

    /// <summary>D, the number of data points.</summary>
    [Params(12, 16, 20)]
    public int Points { get; set; }

    /// <summary>w, the width.</summary>
    [Params(1, 2)]
    public int Width { get; set; }

    /// <summary>Whether the programs carry the free output offset c (what a declared <c>[Dense(1)]</c> output layer with its bias is solved with).</summary>
    [Params(false, true)]
    public bool OutputBias { get; set; }

    /// <summary>Seeded Gaussian points and targets.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new SeededRandom(Points * 10 + Width);
        _x = new double[Points, 2];
        _y = new double[Points];
        for (int j = 0; j < Points; j++) { _x[j, 0] = rng.NextGaussian(); _x[j, 1] = rng.NextGaussian(); _y[j] = rng.NextGaussian(); }
    }

    /// <summary>The whole exact ERM.</summary>
    [Benchmark]
    public double ExactErmWallTime() => ExactErm.Solve(_x, _y, new ErmOptions(Width, OutputBias: OutputBias)).BestLoss;
}

/// <summary>One convex program of the n = 2, w = 2, D = 20 ERM's size (6 variables, 40 cone rows) on one core: programs per second = 1 / its time.</summary>
public class ConvexProgramBenchmarks
{
    private readonly InteriorPointQp _solver = new(6, 40);
    private readonly double[] _q = new double[36], _c = new double[6], _a = new double[240], _b = new double[40], _z = new double[6], _l = new double[40];

    /// <summary>A squared-loss program of the ERM's shape.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // A program of the ERM's shape: two units with random splits of 20 points, signs (+1, −1).
        var p = new SeededRandom(5);
        var lifted = new double[20 * 3];
        for (int j = 0; j < 20; j++) { lifted[3 * j] = p.NextGaussian(); lifted[3 * j + 1] = p.NextGaussian(); lifted[3 * j + 2] = 1; }
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 20; j++)
            {
                bool on = lifted[3 * j] * (i == 0 ? 1 : -0.5) + lifted[3 * j + 1] * 0.3 > 0;
                for (int t = 0; t < 3; t++) _a[(i * 20 + j) * 6 + i * 3 + t] = (on ? -1 : 1) * lifted[3 * j + t];
            }
        for (int j = 0; j < 20; j++)
        {
            var phi = new double[6];
            for (int i = 0; i < 2; i++)
                if (_a[(i * 20 + j) * 6 + i * 3 + 2] < 0)
                    for (int t = 0; t < 3; t++) phi[i * 3 + t] = (i == 0 ? 1 : -1) * lifted[3 * j + t];
            double target = p.NextGaussian();
            for (int r = 0; r < 6; r++) { _c[r] -= target * phi[r]; for (int s = 0; s < 6; s++) _q[r * 6 + s] += phi[r] * phi[s]; }
        }
    }

    /// <summary>One 6-variable, 40-row program (one core): programs per second = 1 / this time.</summary>
    [Benchmark]
    public SolverStatus OneProgram() => _solver.Solve(6, 40, 0, _q, _c, _a, _b, [], [], _z, _l, []);
}
