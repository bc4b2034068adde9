using DslNets.Solvers;
using Google.OrTools.LinearSolver;

namespace DslNets.Runtime.Tests.Solvers;

/// <summary>
/// OR-Tools' GLOP (Google's primal-dual simplex, an independent implementation) on a <see cref="LinearProgram"/>: the
/// oracle the own <see cref="SimplexSolver"/> is held against. Shared by the tests and the benchmarks (linked there).
/// </summary>
public static class GlopOracle
{
    /// <summary>GLOP's feasibility and optimality tolerances here, tighter than its defaults.</summary>
    public const double Tolerance = 1e-10;

    /// <summary>
    /// How close GLOP's optimal values come to the true ones, relative to 1 + |value|: 1e-7. Even at the tolerances above its
    /// points leave rows violated by up to 8e-9 at degenerate vertices (seen on the region enumerator's programs, where the
    /// own simplex's points were feasible to 1e-16 and its values equal to a second run with Bland's rule and tolerance
    /// 1e-12), and its values are off by as much as that lets the objective move.
    /// </summary>
    public const double ValueAccuracy = 1e-7;

    /// <summary>
    /// Solves <paramref name="program"/> with GLOP. When GLOP does not report an optimum, the status is settled by a second
    /// solve of the same constraints with a zero objective: feasible means unbounded, infeasible means infeasible (GLOP's
    /// presolve may call an infeasible-or-unbounded program either).
    /// </summary>
    public static LpResult Solve(LinearProgram program)
    {
        (Solver.ResultStatus status, double[] x, double value) = Run(program, program.Objective);
        if (status == Solver.ResultStatus.OPTIMAL) return new LpResult(SolverStatus.Optimal, x, value, 0);
        (Solver.ResultStatus feasibility, _, _) = Run(program, new double[program.VariableCount]);
        return feasibility switch
        {
            Solver.ResultStatus.OPTIMAL => new LpResult(SolverStatus.Unbounded, [], double.NegativeInfinity, 0),
            Solver.ResultStatus.INFEASIBLE => new LpResult(SolverStatus.Infeasible, [], double.NaN, 0),
            _ => throw new InvalidOperationException($"GLOP answered {status}, then {feasibility} on the feasibility problem."),
        };
    }

    private static (Solver.ResultStatus Status, double[] X, double Value) Run(LinearProgram program, double[] objective)
    {
        using Solver solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools has no GLOP solver.");
        int n = program.VariableCount;
        var variables = new Variable[n];
        for (int k = 0; k < n; k++) variables[k] = solver.MakeNumVar(program.Lower[k], program.Upper[k], $"x{k}");
        AddRows(solver, variables, program.InequalityMatrix, program.InequalityBounds, equality: false);
        AddRows(solver, variables, program.EqualityMatrix, program.EqualityValues, equality: true);
        Objective goal = solver.Objective();
        for (int k = 0; k < n; k++) if (objective[k] != 0) goal.SetCoefficient(variables[k], objective[k]);
        goal.SetMinimization();
        using var parameters = new MPSolverParameters();
        parameters.SetDoubleParam(MPSolverParameters.DoubleParam.PRIMAL_TOLERANCE, Tolerance);
        parameters.SetDoubleParam(MPSolverParameters.DoubleParam.DUAL_TOLERANCE, Tolerance);
        Solver.ResultStatus status = solver.Solve(parameters);
        if (status != Solver.ResultStatus.OPTIMAL) return (status, [], double.NaN);
        var x = new double[n];
        for (int k = 0; k < n; k++) x[k] = variables[k].SolutionValue();
        return (status, x, goal.Value());
    }

    private static void AddRows(Solver solver, Variable[] variables, double[,]? matrix, double[]? values, bool equality)
    {
        if (matrix is null || values is null) return;
        for (int i = 0; i < values.Length; i++)
        {
            Constraint row = solver.MakeConstraint(equality ? values[i] : double.NegativeInfinity, values[i], $"{(equality ? "e" : "a")}{i}");
            for (int k = 0; k < variables.Length; k++) if (matrix[i, k] != 0) row.SetCoefficient(variables[k], matrix[i, k]);
        }
    }
}
