using BenchmarkDotNet.Attributes;
using DslNets.Benchmarks.Regions;
using DslNets.Geometry;
using DslNets.Runtime.Tests.Solvers;
using DslNets.Solvers;

namespace DslNets.Benchmarks.Solvers;

/// <summary>
/// The own dense simplex against OR-Tools' GLOP (a benchmark and test dependency only; the time includes building GLOP's
/// model, as a caller would) and the interior-point solver the ERM uses, each solving the same list of programs:
/// <list type="bullet">
/// <item>regions: every 9th of the 17,976 programs the region enumerator solves for the 3-16-16-1 network of
/// <see cref="RegionBenchmarks"/> in the unit cube (Chebyshev-centre and bounding-box programs: 4 variables, about 10–25
/// rows), caught through the simplex's observer;</item>
/// <item>erm-D20, erm-D40: 100 absolute-loss ERM programs (<see cref="ErmLinearPrograms"/>; width 2, n = 2, with the output
/// offset: 27 variables and about 55 rows for D = 20 points, 47 variables and about 105 rows for D = 40).</item>
/// </list>
/// Setup checks that the three agree on every program's value (1e-6 relative). Run with
/// <c>dotnet run -c Release --project bench/DslNets.Benchmarks -- --filter '*LinearProgramBenchmarks*' --job short</c>.
/// Measured (2 cores, AVX-512, shared, short job; medians for the whole list): regions 22.5 ms own, 197.7 ms GLOP, 298.5 ms
/// interior point; erm-D20 31.2, 18.8, 17.3 ms; erm-D40 140.6, 26.3, 52.1 ms. The region enumerator keeps the own simplex;
/// the ERM's programs would be up to 2× faster in GLOP than in its interior-point solver at D = 40, which is not worth a
/// native runtime dependency.
/// </summary>
[MedianColumn]
public class LinearProgramBenchmarks
{
    private List<LinearProgram> _programs = [];
    private List<InteriorPointLinearProgram> _interiorPoint = [];

    /// <summary>Which programs.</summary>
    [Params("regions", "erm-D20", "erm-D40")]
    public string Programs { get; set; } = "regions";

    /// <summary>Collects the programs and checks the solvers agree on them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _programs = Programs switch
        {
            "regions" => RegionPrograms().Where((_, i) => i % 9 == 0).ToList(),
            "erm-D20" => ErmLinearPrograms.Create(points: 20, width: 2, count: 100, seed: 20),
            _ => ErmLinearPrograms.Create(points: 40, width: 2, count: 100, seed: 40),
        };
        _interiorPoint = _programs.Select(p => new InteriorPointLinearProgram(p)).ToList();
        int checkedPrograms = 0;
        for (int i = 0; i < _programs.Count; i++)
        {
            LpResult own = SimplexSolver.Solve(_programs[i]), glop = GlopOracle.Solve(_programs[i]);
            if (own.Status != glop.Status) throw new InvalidOperationException($"{Programs} program {i}: own {own.Status}, GLOP {glop.Status}.");
            if (own.Status != SolverStatus.Optimal) continue;
            double ipm = _interiorPoint[i].Solve(), scale = 1 + Math.Abs(glop.ObjectiveValue);
            if (Math.Abs(own.ObjectiveValue - glop.ObjectiveValue) > 1e-6 * scale || !(Math.Abs(ipm - glop.ObjectiveValue) <= 1e-6 * scale))
                throw new InvalidOperationException($"{Programs} program {i}: own {own.ObjectiveValue:R}, GLOP {glop.ObjectiveValue:R}, interior point {ipm:R}.");
            checkedPrograms++;
        }

        LinearProgram first = _programs[0];
        Console.WriteLine($"// {Programs}: {_programs.Count} programs ({checkedPrograms} optimal, the rest infeasible in all three), "
            + $"{first.VariableCount} variables, {_programs.Average(p => p.InequalityCount + p.EqualityCount):F0} rows on average");
    }

    /// <summary>The own simplex on every program.</summary>
    [Benchmark(Baseline = true)]
    public double OwnSimplex()
    {
        double sum = 0;
        foreach (LinearProgram program in _programs) sum += SimplexSolver.Solve(program).Iterations;
        return sum;
    }

    /// <summary>GLOP on every program (model building included).</summary>
    [Benchmark]
    public double Glop()
    {
        double sum = 0;
        foreach (LinearProgram program in _programs) sum += GlopOracle.Solve(program).ObjectiveValue;
        return sum;
    }

    /// <summary>The interior-point solver (Q = 0) on every program, its workspace built once in setup.</summary>
    [Benchmark]
    public double InteriorPoint()
    {
        double sum = 0;
        foreach (InteriorPointLinearProgram program in _interiorPoint) sum += program.Solve();
        return sum;
    }

    private static List<LinearProgram> RegionPrograms()
    {
        var net = new Cube3x16x16x1(seed: 1);
        var biases = new SeededRandom(8);
        for (int i = 0; i < 16; i++) { net.Hidden1.Bias[i] = 0.1 * biases.NextGaussian(); net.Hidden2.Bias[i] = 0.1 * biases.NextGaussian(); }
        var programs = new List<LinearProgram>();
        SimplexSolver.Observer = (program, _) => programs.Add(program);
        try
        {
            InputSpaceRegions.Enumerate(net, [0.0, 0, 0], [1.0, 1, 1]);
        }
        finally
        {
            SimplexSolver.Observer = null;
        }

        return programs;
    }
}
