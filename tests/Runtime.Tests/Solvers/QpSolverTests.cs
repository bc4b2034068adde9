using DslNets.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace DslNets.Runtime.Tests.Solvers;

public class QpSolverTests
{
    private static void AssertNear(double expected, double actual, double tol = 1e-7) =>
        Assert.True(Math.Abs(expected - actual) <= tol, $"expected {expected}, got {actual}");

    [Fact]
    public void Nocedal_Wright_example_16_4()
    {
        // min (x−1)² + (y−2.5)² over a pentagon: optimum (1.4, 1.7) (Nocedal & Wright, Example 16.4).
        var qp = new QuadraticProgram(new double[,] { { 2, 0 }, { 0, 2 } }, [-2, -5],
            new double[,] { { -1, 2 }, { 1, 2 }, { 1, -2 }, { -1, 0 }, { 0, -1 } }, [2, 6, 2, 0, 0]);
        var r = QpSolver.Solve(qp);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        AssertNear(1.4, r.X[0]);
        AssertNear(1.7, r.X[1]);
        // Only −x + 2y ≤ 2 is active: stationarity 2(x−1, y−2.5) + λ(−1, 2) = 0 gives λ = 0.8.
        AssertNear(0.8, r.InequalityMultipliers[0]);
        Assert.True(r.Residual.Max < 1e-8);
    }

    [Fact]
    public void Equality_constrained_minimum_norm_point()
    {
        var qp = new QuadraticProgram(new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, [0, 0, 0],
            equalityMatrix: new double[,] { { 1, 1, 1 } }, equalityValues: [1]);
        var r = QpSolver.Solve(qp);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        foreach (double v in r.X) AssertNear(1.0 / 3, v);
        AssertNear(-1.0 / 3, r.EqualityMultipliers[0]);
    }

    [Fact]
    public void Degenerate_vertex_with_four_active_constraints()
    {
        // min (x−1)² + (y−1)² with x + y ≤ 1, x ≤ ½, y ≤ ½, 2x + 2y ≤ 2: every constraint is tight at (½, ½).
        var qp = new QuadraticProgram(new double[,] { { 2, 0 }, { 0, 2 } }, [-2, -2],
            new double[,] { { 1, 1 }, { 1, 0 }, { 0, 1 }, { 2, 2 } }, [1, 0.5, 0.5, 2]);
        var r = QpSolver.Solve(qp);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        AssertNear(0.5, r.X[0]);
        AssertNear(0.5, r.X[1]);
        AssertNear(0.5 - 2, r.ObjectiveValue); // (x−1)² + (y−1)² − 2 = ½ − 2
    }

    [Fact]
    public void Singular_Q_with_a_unique_optimum()
    {
        // (x + y)² − 4(x + y) with x, y ≤ ½: the sum is at most 1 and the objective decreases up to sum 2, so (½, ½), value −3.
        var qp = new QuadraticProgram(new double[,] { { 2, 2 }, { 2, 2 } }, [-4, -4], new double[,] { { 1, 0 }, { 0, 1 } }, [0.5, 0.5]);
        var r = QpSolver.Solve(qp);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        AssertNear(0.5, r.X[0]);
        AssertNear(0.5, r.X[1]);
        AssertNear(-3, r.ObjectiveValue);
    }

    [Fact]
    public void Singular_Q_with_a_segment_of_optima()
    {
        // (x + y)² − 2(x + y) over x, y ≥ 0: minimum −1 on the whole segment x + y = 1.
        var qp = new QuadraticProgram(new double[,] { { 2, 2 }, { 2, 2 } }, [-2, -2], new double[,] { { -1, 0 }, { 0, -1 } }, [0, 0]);
        var r = QpSolver.Solve(qp);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        AssertNear(1, r.X[0] + r.X[1]);
        AssertNear(-1, r.ObjectiveValue);
        Assert.True(r.X[0] >= -1e-9 && r.X[1] >= -1e-9);
    }

    [Fact]
    public void Zero_Q_solves_a_linear_program_like_the_simplex()
    {
        var a = new double[,] { { 1, 0 }, { 0, 2 }, { 3, 2 }, { -1, 0 }, { 0, -1 } };
        double[] b = [4, 12, 18, 0, 0];
        var r = QpSolver.Solve(new QuadraticProgram(new double[2, 2], [-3, -5], a, b));
        var lp = SimplexSolver.Solve(new LinearProgram([-3, -5], a, b, lower: [double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(SolverStatus.Optimal, r.Status);
        AssertNear(lp.ObjectiveValue, r.ObjectiveValue, 1e-6);
        AssertNear(2, r.X[0], 1e-6);
        AssertNear(6, r.X[1], 1e-6);
    }

    [Fact]
    public void Infeasible_and_unbounded_programs_are_recognised()
    {
        var infeasible = new QuadraticProgram(new double[,] { { 1 } }, [0], new double[,] { { 1 }, { -1 } }, [0, -1]);
        Assert.Equal(SolverStatus.Infeasible, QpSolver.Solve(infeasible).Status);
        var unbounded = new QuadraticProgram(new double[,] { { 1, 0 }, { 0, 0 } }, [0, -1], new double[,] { { 1, 0 } }, [5]);
        Assert.Equal(SolverStatus.Unbounded, QpSolver.Solve(unbounded).Status);
        // The same objective with y ≤ 3 is bounded: x = 0, y = 3, value −3.
        var bounded = new QuadraticProgram(new double[,] { { 1, 0 }, { 0, 0 } }, [0, -1], new double[,] { { 1, 0 }, { 0, 1 } }, [5, 3]);
        var r = QpSolver.Solve(bounded);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        AssertNear(-3, r.ObjectiveValue);
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_clear_message()
    {
        var notPsd = Assert.Throws<ArgumentException>(() => QpSolver.Solve(new QuadraticProgram(new double[,] { { 1, 0 }, { 0, -1 } }, [0, 0])));
        Assert.Contains("positive semidefinite", notPsd.Message);
        var notSymmetric = Assert.Throws<ArgumentException>(() => new QuadraticProgram(new double[,] { { 1, 2 }, { 0, 1 } }, [0, 0]));
        Assert.Contains("symmetric", notSymmetric.Message);
        var shape = Assert.Throws<ArgumentException>(() => new QuadraticProgram(new double[,] { { 1 } }, [0, 0]));
        Assert.Contains("2×2", shape.Message);
    }

    [Theory]
    [InlineData(2, 5, 31)]
    [InlineData(3, 6, 32)]
    public void Random_positive_definite_programs_match_active_set_enumeration(int n, int m, long seed)
    {
        // Independent optimum: for every set S of at most n constraints solve the equality-constrained KKT system
        // [Q A_Sᵀ; A_S 0]; the one that is feasible with λ ≥ 0 is the unique optimum of a strictly convex program.
        var rng = new SeededRandom(seed);
        for (int trial = 0; trial < 15; trial++)
        {
            var (q, c, a, b) = RandomProgram(n, m, n, rng);
            var r = QpSolver.Solve(new QuadraticProgram(q, c, a, b));
            Assert.Equal(SolverStatus.Optimal, r.Status);
            double expected = double.NaN;
            for (int size = 0; size <= n && double.IsNaN(expected); size++)
                foreach (var set in Subsets(m, size))
                {
                    var kkt = Matrix<double>.Build.Dense(n + size, n + size);
                    var rhs = Vector<double>.Build.Dense(n + size);
                    for (int i = 0; i < n; i++) { for (int k = 0; k < n; k++) kkt[i, k] = q[i, k]; rhs[i] = -c[i]; }
                    for (int j = 0; j < size; j++)
                    {
                        for (int k = 0; k < n; k++) { kkt[n + j, k] = a[set[j], k]; kkt[k, n + j] = a[set[j], k]; }
                        rhs[n + j] = b[set[j]];
                    }
                    if (Math.Abs(kkt.Determinant()) < 1e-12) continue;
                    var sol = kkt.Solve(rhs);
                    bool ok = true;
                    for (int j = 0; j < size && ok; j++) ok = sol[n + j] >= -1e-10;
                    for (int i = 0; i < m && ok; i++)
                    {
                        double ax = 0;
                        for (int k = 0; k < n; k++) ax += a[i, k] * sol[k];
                        ok = ax <= b[i] + 1e-9;
                    }
                    if (!ok) continue;
                    expected = 0;
                    for (int i = 0; i < n; i++) { double qx = 0; for (int k = 0; k < n; k++) qx += q[i, k] * sol[k]; expected += sol[i] * (0.5 * qx + c[i]); }
                    break;
                }
            Assert.False(double.IsNaN(expected));
            AssertNear(expected, r.ObjectiveValue, 1e-7 * (1 + Math.Abs(expected)));
        }
    }

    [Theory]
    [InlineData(6, 40, 3, 41)]
    [InlineData(6, 40, 6, 42)]
    [InlineData(10, 25, 4, 43)]
    public void Random_programs_satisfy_the_KKT_conditions_checked_independently(int n, int m, int rank, long seed)
    {
        var rng = new SeededRandom(seed);
        for (int trial = 0; trial < 10; trial++)
        {
            var (q, c, a, b) = RandomProgram(n, m, rank, rng);
            // Box rows keep a rank-deficient Q bounded.
            var r = QpSolver.Solve(new QuadraticProgram(q, c, a, b));
            Assert.Equal(SolverStatus.Optimal, r.Status);
            var x = r.X;
            var l = r.InequalityMultipliers;
            double worst = 0;
            for (int k = 0; k < n; k++)
            {
                double g = c[k];
                for (int j = 0; j < n; j++) g += q[k, j] * x[j];
                for (int i = 0; i < m; i++) g += a[i, k] * l[i];
                worst = Math.Max(worst, Math.Abs(g));
            }
            for (int i = 0; i < m; i++)
            {
                double ax = 0;
                for (int k = 0; k < n; k++) ax += a[i, k] * x[k];
                worst = Math.Max(worst, Math.Max(ax - b[i], Math.Max(-l[i], Math.Abs(l[i] * (b[i] - ax)))));
            }
            Assert.True(worst < 1e-7, $"KKT residual {worst}");
            Assert.Equal(r.Residual.Max, worst, 12);
        }
    }

    [Fact]
    public void The_workspace_solver_allocates_nothing_per_solve()
    {
        var rng = new SeededRandom(7);
        var (q, c, a, b) = RandomProgram(6, 40, 6, rng);
        var qf = new double[36];
        var af = new double[240];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) qf[i * 6 + j] = q[i, j];
        for (int i = 0; i < 40; i++) for (int j = 0; j < 6; j++) af[i * 6 + j] = a[i, j];
        var solver = new InteriorPointQp(6, 40);
        var x = new double[6];
        var l = new double[40];
        solver.Solve(6, 40, 0, qf, c, af, b, [], [], x, l, []);
        var status = SolverStatus.Infeasible;
        Allocations.AssertNone(() => status = solver.Solve(6, 40, 0, qf, c, af, b, [], [], x, l, []), 1, "a repeated QP solve");
        Assert.Equal(SolverStatus.Optimal, status);
    }

    // Q = BᵀB with B rank × n, A with a box |x_k| ≤ 3 in its first 2n rows, b ≥ 0 so x = 0 is feasible.
    private static (double[,] Q, double[] C, double[,] A, double[] B) RandomProgram(int n, int m, int rank, SeededRandom rng)
    {
        var bm = new double[rank, n];
        for (int i = 0; i < rank; i++) for (int k = 0; k < n; k++) bm[i, k] = rng.NextGaussian();
        var q = new double[n, n];
        for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) for (int r = 0; r < rank; r++) q[i, k] += bm[r, i] * bm[r, k];
        var c = Enumerable.Range(0, n).Select(_ => 3 * rng.NextGaussian()).ToArray();
        int box = Math.Min(m, 2 * n);
        var a = new double[m, n];
        var b = new double[m];
        for (int i = 0; i < m; i++)
        {
            if (i < box) { a[i, i % n] = i < n ? 1 : -1; b[i] = 3; continue; }
            for (int k = 0; k < n; k++) a[i, k] = rng.NextGaussian();
            b[i] = rng.NextDouble();
        }
        if (box < 2 * n) // small programs: keep Q positive definite instead
            for (int i = 0; i < n; i++) q[i, i] += 0.5;
        return (q, c, a, b);
    }

    private static IEnumerable<int[]> Subsets(int count, int size)
    {
        if (size == 0) { yield return []; yield break; }
        var idx = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = size - 1;
            while (i >= 0 && idx[i] == count - size + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
        }
    }
}
