using MathNet.Numerics.LinearAlgebra;

namespace DslNets.Solvers;

/// <summary>
/// Solves a <see cref="QuadraticProgram"/> and says which of optimal, infeasible or unbounded it is.
/// </summary>
/// <remarks>
/// Three steps. (1) Feasibility: phase 1 of <see cref="SimplexSolver"/> on {A x ≤ b, E x = d}. (2) Boundedness: a convex
/// quadratic bounded below on a nonempty polyhedron attains its minimum, and it is unbounded below exactly when some
/// recession direction r (A r ≤ 0, E r = 0) has Q r = 0 and cᵀr &lt; 0 (Frank–Wolfe; Eaves 1971), which the linear
/// program min cᵀr over those r in [−1, 1]ⁿ decides. (3) Otherwise <see cref="InteriorPointQp"/> finds the optimum.
/// Q is checked to be positive semidefinite (smallest eigenvalue ≥ −1e-10·(1 + max|Q|)).
/// For many small programs known to have an optimum, use <see cref="InteriorPointQp"/> directly: it allocates nothing.
/// </remarks>
public static class QpSolver
{
    /// <summary>Solves <paramref name="program"/>.</summary>
    /// <param name="program">The program.</param>
    /// <param name="tolerance">The interior-point stopping tolerance (see <see cref="InteriorPointQp"/>).</param>
    /// <param name="maxIterations">The interior-point iteration limit.</param>
    public static QpResult Solve(QuadraticProgram program, double tolerance = InteriorPointQp.DefaultTolerance, int maxIterations = 200)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Expected a positive tolerance.");
        int n = program.VariableCount, m = program.InequalityBounds.Length, p = program.EqualityValues.Length;
        CheckPositiveSemidefinite(program.Q);
        var free = Enumerable.Repeat(double.NegativeInfinity, n).ToArray();
        var infinite = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        double[,]? a = m > 0 ? program.InequalityMatrix : null;
        double[]? b = m > 0 ? program.InequalityBounds : null;
        double[,]? e = p > 0 ? program.EqualityMatrix : null;
        double[]? d = p > 0 ? program.EqualityValues : null;

        var phase1 = SimplexSolver.Solve(new LinearProgram(new double[n], a, b, e, d, free, infinite));
        if (phase1.Status == SolverStatus.Infeasible)
            return new QpResult(SolverStatus.Infeasible, [], [], [], double.NaN, default, 0);

        // Recession direction with Q r = 0: equalities E r = 0 and Q r = 0, inequalities A r ≤ 0, box [−1, 1].
        var rayEq = new double[p + n, n];
        for (int i = 0; i < p; i++) for (int k = 0; k < n; k++) rayEq[i, k] = program.EqualityMatrix[i, k];
        for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) rayEq[p + i, k] = program.Q[i, k];
        var ray = SimplexSolver.Solve(new LinearProgram(program.C, a, m > 0 ? new double[m] : null, rayEq, new double[p + n],
            Enumerable.Repeat(-1.0, n).ToArray(), Enumerable.Repeat(1.0, n).ToArray()));
        double cScale = 1 + program.C.Max(Math.Abs);
        if (ray.Status == SolverStatus.Optimal && ray.ObjectiveValue < -1e-9 * cScale)
            return new QpResult(SolverStatus.Unbounded, [], [], [], double.NegativeInfinity, default, 0);

        var solver = new InteriorPointQp(n, m, p);
        var q = Flatten(program.Q);
        var aFlat = Flatten(program.InequalityMatrix);
        var eFlat = Flatten(program.EqualityMatrix);
        var x = new double[n];
        var lambda = new double[m];
        var nu = new double[p];
        var status = solver.Solve(n, m, p, q, program.C, aFlat, program.InequalityBounds, eFlat, program.EqualityValues,
            x, lambda, nu, tolerance, maxIterations);
        return new QpResult(status, x, lambda, nu, program.Evaluate(x), solver.Residual, solver.Iterations);
    }

    private static double[] Flatten(double[,] matrix)
    {
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        var flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) flat[i * cols + j] = matrix[i, j];
        return flat;
    }

    private static void CheckPositiveSemidefinite(double[,] q)
    {
        var matrix = Matrix<double>.Build.DenseOfArray(q);
        double scale = 1 + matrix.Enumerate().Max(Math.Abs);
        double smallest = matrix.Evd(Symmetricity.Symmetric).EigenValues.Min(v => v.Real);
        if (smallest < -1e-10 * scale)
            throw new ArgumentException($"Expected a positive semidefinite Q but its smallest eigenvalue is {smallest}.", nameof(q));
    }
}
