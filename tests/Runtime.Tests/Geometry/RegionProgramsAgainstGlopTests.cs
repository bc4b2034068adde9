using DslNets.Geometry;
using DslNets.Runtime.Tests.Solvers;
using DslNets.Solvers;
using Xunit.Abstractions;

namespace DslNets.Runtime.Tests.Geometry;

/// <summary>
/// Every linear program the region enumerator solves for a 3-16-16-1 network in the unit cube (Chebyshev-centre programs of
/// regions and facets, bounding-box programs), seen through the simplex's observer and solved again by OR-Tools' GLOP: the
/// same status, the same optimal value (to GLOP's accuracy), a feasible point, and for the Chebyshev programs the same
/// feasibility answer (a radius above the enumerator's tolerance or not).
/// </summary>
public sealed class RegionProgramsAgainstGlopTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryProgramOfTheEnumerationGetsGlopsAnswer()
    {
        // As the region benchmark: He initialisation from seed 1, biases N(0, 0.1²) so the regions are not all cones at 0.
        var net = new Cube3x16x16x1(seed: 1);
        var biases = new SeededRandom(8);
        for (int i = 0; i < 16; i++) { net.Hidden1.Bias[i] = 0.1 * biases.NextGaussian(); net.Hidden2.Bias[i] = 0.1 * biases.NextGaussian(); }
        var programs = new List<(LinearProgram Program, LpResult Result)>();
        RegionEnumeration enumeration;
        SimplexSolver.Observer = (program, result) => programs.Add((program, result));
        try
        {
            enumeration = InputSpaceRegions.Enumerate(net, [0.0, 0, 0], [1.0, 1, 1]);
        }
        finally
        {
            SimplexSolver.Observer = null;
        }

        Assert.Equal(enumeration.LinearPrograms, programs.Count);
        var failures = new List<string>();
        int chebyshev = 0, withInterior = 0;
        double worstValue = 0, worstViolation = 0;
        for (int p = 0; p < programs.Count; p++)
        {
            (LinearProgram program, LpResult mine) = programs[p];
            LpResult oracle = GlopOracle.Solve(program);
            if (mine.Status != oracle.Status) failures.Add($"program {p}: the own simplex says {mine.Status} but GLOP {oracle.Status}");
            if (IsChebyshevProgram(program))
            {
                // The enumerator's question: is the radius r (the last variable; the value is −r) above its tolerance?
                chebyshev++;
                bool mineOpen = mine.Status == SolverStatus.Optimal && -mine.ObjectiveValue > InputSpaceRegions.DefaultRadiusTolerance;
                bool oracleOpen = oracle.Status == SolverStatus.Optimal && -oracle.ObjectiveValue > InputSpaceRegions.DefaultRadiusTolerance;
                if (mineOpen) withInterior++;
                if (mineOpen != oracleOpen) failures.Add($"program {p}: radius {-mine.ObjectiveValue:E3} against GLOP's {-oracle.ObjectiveValue:E3}: the answers differ");
            }

            if (mine.Status != SolverStatus.Optimal || oracle.Status != SolverStatus.Optimal) continue;
            double error = Math.Abs(mine.ObjectiveValue - oracle.ObjectiveValue) / (1 + Math.Abs(oracle.ObjectiveValue));
            worstValue = Math.Max(worstValue, error);
            if (error > GlopOracle.ValueAccuracy) failures.Add($"program {p}: optimum {mine.ObjectiveValue:R} against GLOP's {oracle.ObjectiveValue:R}");
            double violation = LinearProgramChecks.RelativeViolation(program, mine.X);
            worstViolation = Math.Max(worstViolation, violation);
            if (violation > SimplexSolver.FeasibilityTolerance) failures.Add($"program {p}: the optimal point violates a constraint by {violation:E2} (relative)");
        }

        output.WriteLine($"{enumeration.Regions.Count} regions, {programs.Count} programs ({chebyshev} Chebyshev, {withInterior} with an interior); worst relative value difference {worstValue:E2}, worst relative violation {worstViolation:E2}");
        Assert.True(failures.Count == 0, $"{failures.Count} disagreements:\n{string.Join("\n", failures.Take(10))}");
        Assert.True(chebyshev > 1000 && withInterior > 1000 && chebyshev - withInterior > 100,
            $"Expected many programs of both answers but saw {chebyshev} Chebyshev programs, {withInterior} with an interior.");
    }

    private static bool IsChebyshevProgram(LinearProgram program)
    {
        int last = program.VariableCount - 1;
        for (int k = 0; k < last; k++) if (program.Objective[k] != 0) return false;
        return program.Objective[last] == -1 && program.Lower[last] == 0;
    }
}
