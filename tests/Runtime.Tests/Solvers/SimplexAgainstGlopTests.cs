using System.Diagnostics;
using DslNets.Solvers;
using Xunit.Abstractions;

namespace DslNets.Runtime.Tests.Solvers;

/// <summary>
/// The own simplex held against OR-Tools' GLOP on 1,200 seeded random programs (<see cref="RandomLinearPrograms"/>: 300 each
/// feasible, infeasible, unbounded and degenerate, 2 to 50 variables): the same status as GLOP (and as the construction
/// says), the optimal value within GLOP's accuracy (<see cref="GlopOracle.ValueAccuracy"/>) of GLOP's and within
/// <see cref="SimplexSolver.ValueTolerance"/> of the optimum where the construction knows it, and the point inside the
/// constraints within <see cref="SimplexSolver.FeasibilityTolerance"/>.
/// </summary>
public sealed class SimplexAgainstGlopTests(ITestOutputHelper output)
{
    private const int ProgramsPerKind = 300;

    [Theory]
    [InlineData(RandomProgramKind.Feasible)]
    [InlineData(RandomProgramKind.Infeasible)]
    [InlineData(RandomProgramKind.Unbounded)]
    [InlineData(RandomProgramKind.Degenerate)]
    public void TheOwnSimplexAgreesWithGlop(RandomProgramKind kind)
    {
        var failures = new List<string>();
        double worstValue = 0, worstKnown = 0, worstViolation = 0;
        int known = 0, largest = 0;
        var own = new Stopwatch();
        var glop = new Stopwatch();
        for (int seed = 0; seed < ProgramsPerKind; seed++)
        {
            RandomProgram random = RandomLinearPrograms.Create(kind, seed);
            LinearProgram program = random.Program;
            largest = Math.Max(largest, program.VariableCount);
            own.Start();
            LpResult mine = SimplexSolver.Solve(program);
            own.Stop();
            glop.Start();
            LpResult oracle = GlopOracle.Solve(program);
            glop.Stop();
            string what = $"{kind} program {seed} ({program.VariableCount} variables, {program.InequalityCount} ≤ rows, {program.EqualityCount} = rows)";
            if (oracle.Status != random.Expected) failures.Add($"{what}: GLOP says {oracle.Status} but it was built {random.Expected}");
            if (mine.Status != oracle.Status)
            {
                failures.Add($"{what}: the own simplex says {mine.Status} but GLOP {oracle.Status}");
                continue;
            }

            if (mine.Status != SolverStatus.Optimal) continue;
            double valueError = Math.Abs(mine.ObjectiveValue - oracle.ObjectiveValue) / (1 + Math.Abs(oracle.ObjectiveValue));
            worstValue = Math.Max(worstValue, valueError);
            if (valueError > GlopOracle.ValueAccuracy)
                failures.Add($"{what}: optimum {mine.ObjectiveValue:R} against GLOP's {oracle.ObjectiveValue:R} (relative {valueError:E2})");
            if (random.KnownOptimum is double exact)
            {
                known++;
                double knownError = Math.Abs(mine.ObjectiveValue - exact) / (1 + Math.Abs(exact));
                worstKnown = Math.Max(worstKnown, knownError);
                if (knownError > SimplexSolver.ValueTolerance)
                    failures.Add($"{what}: optimum {mine.ObjectiveValue:R} against the known {exact:R} (relative {knownError:E2})");
            }

            double violation = LinearProgramChecks.RelativeViolation(program, mine.X);
            worstViolation = Math.Max(worstViolation, violation);
            if (violation > SimplexSolver.FeasibilityTolerance) failures.Add($"{what}: the optimal point violates a constraint by {violation:E2} (relative)");
        }

        output.WriteLine($"{kind}: {ProgramsPerKind} programs up to {largest} variables, {known} with a known optimum; own {own.Elapsed.TotalMilliseconds:F0} ms, GLOP {glop.Elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine($"worst relative value difference {worstValue:E2} (GLOP), {worstKnown:E2} (known optimum); worst relative violation {worstViolation:E2}");
        Assert.True(failures.Count == 0, $"{failures.Count} disagreements:\n{string.Join("\n", failures.Take(10))}");
        Assert.True(largest == 50, $"Expected programs up to 50 variables but the largest has {largest}.");
    }
}
