using DslNets.Solvers;

namespace DslNets.Runtime.Tests.Solvers;

public class SimplexSolverTests
{
    private const double Tol = 1e-9;

    [Fact]
    public void Wyndor_textbook_problem_has_its_known_optimum()
    {
        // Hillier–Lieberman: max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18: optimum (2, 6), value 36.
        var lp = new LinearProgram([-3, -5], new double[,] { { 1, 0 }, { 0, 2 }, { 3, 2 } }, [4, 12, 18]);
        var r = SimplexSolver.Solve(lp);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        Assert.Equal(2, r.X[0], 9);
        Assert.Equal(6, r.X[1], 9);
        Assert.Equal(-36, r.ObjectiveValue, 9);
    }

    private static LinearProgram Beale() => new(
        [-0.75, 20, -0.5, 6],
        new double[,] { { 0.25, -8, -1, 9 }, { 0.5, -12, -0.5, 3 }, { 0, 0, 1, 0 } },
        [0, 0, 1]);

    [Theory]
    [InlineData(PivotRule.Bland)]
    [InlineData(PivotRule.DantzigWithBlandFallback)]
    public void Beales_cycling_example_is_solved_by_the_anticycling_rules(PivotRule rule)
    {
        // Optimum −5/4 at (1, 0, 1, 0): check by substitution, 0.25 − 1 ≤ 0, 0.5 − 0.5 ≤ 0, 1 ≤ 1.
        var r = SimplexSolver.Solve(Beale(), rule);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        Assert.Equal(-1.25, r.ObjectiveValue, 9);
        Assert.Equal([1, 0, 1, 0], r.X.Select(v => Math.Round(v, 9)).ToArray());
    }

    [Fact]
    public void Beales_example_really_cycles_under_plain_Dantzig()
    {
        // The anti-cycling test above would be empty if the example did not cycle: Dantzig's rule alone never finishes.
        var r = SimplexSolver.Solve(Beale(), PivotRule.Dantzig, maxIterations: 500);
        Assert.Equal(SolverStatus.IterationLimit, r.Status);
    }

    [Fact]
    public void Contradictory_constraints_are_infeasible()
    {
        var lp = new LinearProgram([1, 1], new double[,] { { 1, 1 }, { -1, -1 } }, [1, -3]);
        Assert.Equal(SolverStatus.Infeasible, SimplexSolver.Solve(lp).Status);
    }

    [Fact]
    public void Inconsistent_bounds_are_infeasible()
    {
        var lp = new LinearProgram([1], lower: [2], upper: [1]);
        Assert.Equal(SolverStatus.Infeasible, SimplexSolver.Solve(lp).Status);
    }

    [Fact]
    public void An_open_direction_of_descent_is_unbounded()
    {
        var lp = new LinearProgram([-1, 0], new double[,] { { 1, -1 } }, [1]);
        var r = SimplexSolver.Solve(lp);
        Assert.Equal(SolverStatus.Unbounded, r.Status);
        Assert.Equal(double.NegativeInfinity, r.ObjectiveValue);
    }

    [Fact]
    public void Equality_only_program()
    {
        // x = y = t, z = 1 − 2t, cost 3 − 3t, t ≤ 1/2: optimum 1.5 at (½, ½, 0).
        var lp = new LinearProgram([1, 2, 3], equalityMatrix: new double[,] { { 1, 1, 1 }, { 1, -1, 0 } }, equalityValues: [1, 0]);
        var r = SimplexSolver.Solve(lp);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        Assert.Equal(1.5, r.ObjectiveValue, 9);
        Assert.Equal(0.5, r.X[0], 9);
        Assert.Equal(0.5, r.X[1], 9);
        Assert.Equal(0, r.X[2], 9);
    }

    [Fact]
    public void Redundant_equalities_are_tolerated()
    {
        var lp = new LinearProgram([1, 0], equalityMatrix: new double[,] { { 1, 1 }, { 2, 2 } }, equalityValues: [1, 2]);
        var r = SimplexSolver.Solve(lp);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        Assert.Equal(0, r.X[0], 9);
        Assert.Equal(1, r.X[1], 9);
    }

    [Fact]
    public void Free_and_one_sided_and_boxed_variables()
    {
        double inf = double.PositiveInfinity;
        // x free with −x ≤ 5: min x = −5. y ≤ 3 with no lower bound: min −y = −3. z ∈ [−2, 3]: min z = −2.
        var lp = new LinearProgram([1, -1, 1], new double[,] { { -1, 0, 0 } }, [5], lower: [-inf, -inf, -2], upper: [inf, 3, 3]);
        var r = SimplexSolver.Solve(lp);
        Assert.Equal(SolverStatus.Optimal, r.Status);
        Assert.Equal(-5, r.X[0], 9);
        Assert.Equal(3, r.X[1], 9);
        Assert.Equal(-2, r.X[2], 9);
        Assert.Equal(-10, r.ObjectiveValue, 9);
    }

    [Fact]
    public void A_free_variable_with_no_constraint_and_a_cost_is_unbounded()
    {
        var lp = new LinearProgram([1], lower: [double.NegativeInfinity]);
        Assert.Equal(SolverStatus.Unbounded, SimplexSolver.Solve(lp).Status);
    }

    [Theory]
    [InlineData(2, 6, 11)]
    [InlineData(3, 7, 12)]
    [InlineData(3, 9, 13)]
    public void Random_programs_match_brute_force_vertex_enumeration(int n, int m, long seed)
    {
        // min cᵀx, Ax ≤ b, x ≥ 0, with c > 0 so the program is bounded and the optimum sits at a vertex:
        // enumerate every choice of n tight constraints among the m rows and n sign constraints.
        var rng = new SeededRandom(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            var a = new double[m, n];
            var b = new double[m];
            var c = new double[n];
            for (int i = 0; i < m; i++) { for (int k = 0; k < n; k++) a[i, k] = rng.NextGaussian(); b[i] = rng.NextGaussian(); }
            for (int k = 0; k < n; k++) c[k] = rng.NextDouble() + 0.1;
            var r = SimplexSolver.Solve(new LinearProgram(c, a, b));
            double best = BruteForceVertexMinimum(a, b, c);
            if (double.IsNaN(best)) Assert.Equal(SolverStatus.Infeasible, r.Status);
            else
            {
                Assert.Equal(SolverStatus.Optimal, r.Status);
                Assert.Equal(best, r.ObjectiveValue, 7);
            }
        }
    }

    private static double BruteForceVertexMinimum(double[,] a, double[] b, double[] c)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        int rows = m + n;
        double Row(int i, int k) => i < m ? a[i, k] : (i - m == k ? -1 : 0);
        double Rhs(int i) => i < m ? b[i] : 0;
        double best = double.NaN;
        foreach (var subset in Subsets(rows, n))
        {
            var mat = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, k) => Row(subset[i], k));
            if (Math.Abs(mat.Determinant()) < 1e-10) continue;
            var x = mat.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(n, i => Rhs(subset[i])));
            bool feasible = true;
            for (int i = 0; i < rows && feasible; i++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += Row(i, k) * x[k];
                feasible = s <= Rhs(i) + 1e-9;
            }
            if (!feasible) continue;
            double v = 0;
            for (int k = 0; k < n; k++) v += c[k] * x[k];
            if (double.IsNaN(best) || v < best) best = v;
        }
        return best;
    }

    private static IEnumerable<int[]> Subsets(int count, int size)
    {
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

    [Theory]
    [InlineData(5, 8, 21)]
    [InlineData(10, 15, 22)]
    [InlineData(20, 12, 23)]
    public void Random_programs_satisfy_strong_duality_and_complementary_slackness(int n, int m, long seed)
    {
        // (P) min cᵀx, Ax ≤ b, x ≥ 0 with b = A x₀ + slack (feasible) and c = Aᵀy₀ + positive, y₀ ≤ 0 (dual feasible).
        // (D) max bᵀy, Aᵀy ≤ c, y ≤ 0 is solved as its own program, with upper-bounded variables.
        var rng = new SeededRandom(seed);
        for (int trial = 0; trial < 10; trial++)
        {
            var a = new double[m, n];
            for (int i = 0; i < m; i++) for (int k = 0; k < n; k++) a[i, k] = rng.NextGaussian();
            var x0 = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            var y0 = Enumerable.Range(0, m).Select(_ => -rng.NextDouble()).ToArray();
            var b = new double[m];
            var c = new double[n];
            for (int i = 0; i < m; i++) { for (int k = 0; k < n; k++) b[i] += a[i, k] * x0[k]; b[i] += rng.NextDouble() * 0.5; }
            for (int k = 0; k < n; k++) { for (int i = 0; i < m; i++) c[k] += a[i, k] * y0[i]; c[k] += rng.NextDouble() * 0.5; }
            var primal = SimplexSolver.Solve(new LinearProgram(c, a, b));
            var at = new double[n, m];
            for (int i = 0; i < m; i++) for (int k = 0; k < n; k++) at[k, i] = a[i, k];
            var dual = SimplexSolver.Solve(new LinearProgram(b.Select(v => -v).ToArray(), at, c,
                lower: Enumerable.Repeat(double.NegativeInfinity, m).ToArray(), upper: new double[m]));
            Assert.Equal(SolverStatus.Optimal, primal.Status);
            Assert.Equal(SolverStatus.Optimal, dual.Status);
            double dualValue = -dual.ObjectiveValue;
            Assert.True(Math.Abs(primal.ObjectiveValue - dualValue) < 1e-7 * (1 + Math.Abs(dualValue)),
                $"strong duality: primal {primal.ObjectiveValue} dual {dualValue}");
            // Weak duality at the generating points, which are feasible by construction.
            Assert.True(c.Zip(x0).Sum(p => p.First * p.Second) >= b.Zip(y0).Sum(p => p.First * p.Second) - 1e-12);
            var x = primal.X;
            var y = dual.X;
            for (int i = 0; i < m; i++)
            {
                double ax = 0;
                for (int k = 0; k < n; k++) ax += a[i, k] * x[k];
                Assert.True(ax <= b[i] + 1e-8);
                Assert.True(y[i] <= 1e-12);
                Assert.True(Math.Abs(y[i] * (ax - b[i])) < 1e-7, $"complementary slackness in row {i}");
            }
            for (int k = 0; k < n; k++)
            {
                double aty = 0;
                for (int i = 0; i < m; i++) aty += a[i, k] * y[i];
                Assert.True(x[k] >= -1e-12);
                Assert.True(aty <= c[k] + 1e-8);
                Assert.True(Math.Abs(x[k] * (c[k] - aty)) < 1e-7, $"complementary slackness in column {k}");
            }
        }
    }

    [Fact]
    public void Bad_shapes_are_rejected_with_a_message_naming_them()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LinearProgram([1, 2], new double[,] { { 1, 2, 3 } }, [1]));
        Assert.Contains("2 columns", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() => new LinearProgram([1, 2], new double[,] { { 1, 2 } }, [1, 2]));
        Assert.Contains("length 1", ex2.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SimplexSolver.Solve(new LinearProgram([1]), tolerance: 0));
    }

    [Fact]
    public void Degenerate_vertex_with_many_tight_constraints()
    {
        // The apex (1, 1) of this polygon has four tight constraints; max x + y = 2 there.
        var lp = new LinearProgram([-1, -1],
            new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 }, { 2, 1 }, { 1, 2 } }, [1, 1, 2, 3, 3]);
        foreach (var rule in new[] { PivotRule.Bland, PivotRule.DantzigWithBlandFallback })
        {
            var r = SimplexSolver.Solve(lp, rule);
            Assert.Equal(SolverStatus.Optimal, r.Status);
            Assert.Equal(-2, r.ObjectiveValue, 9);
        }
    }

    private static void AssertClose(double expected, double actual) => Assert.True(Math.Abs(expected - actual) <= Tol, $"expected {expected}, got {actual}");

    [Fact]
    public void Chebyshev_ball_of_a_square_and_a_triangle()
    {
        var square = ChebyshevCenter.Find(new double[0, 2], [], lower: [0, 0], upper: [1, 1]);
        AssertClose(0.5, square.Radius);
        AssertClose(0.5, square.Center[0]);
        AssertClose(0.5, square.Center[1]);
        // Triangle x ≥ 0, y ≥ 0, x + y ≤ 1: inradius = area / semiperimeter = ½ / (1 + √2/2) = 1/(2 + √2).
        var triangle = ChebyshevCenter.Find(new double[,] { { -1, 0 }, { 0, -1 }, { 1, 1 } }, [0, 0, 1]);
        AssertClose(1 / (2 + Math.Sqrt(2)), triangle.Radius);
        Assert.True(triangle.HasInterior());
    }

    [Fact]
    public void Chebyshev_ball_detects_flat_empty_and_capped_sets()
    {
        var flat = ChebyshevCenter.Find(new double[,] { { 1, 0 }, { -1, 0 } }, [0, 0], lower: [-1, -1], upper: [1, 1]);
        Assert.Equal(SolverStatus.Optimal, flat.Status);
        Assert.False(flat.HasInterior());
        var empty = ChebyshevCenter.Find(new double[,] { { 1, 0 }, { -1, 0 } }, [0, -1]);
        Assert.Equal(SolverStatus.Infeasible, empty.Status);
        var halfPlane = ChebyshevCenter.Find(new double[,] { { 1, 1 } }, [0], radiusCap: 2.5);
        AssertClose(2.5, halfPlane.Radius);
    }

    [Fact]
    public void Chebyshev_ball_with_an_equality_answers_whether_a_hyperplane_crosses_a_region()
    {
        double[] lo = [0, 0], hi = [1, 1];
        var crossing = ChebyshevCenter.Find(new double[0, 2], [], new double[,] { { 1, 1 } }, [1], lo, hi);
        Assert.True(crossing.HasInterior());
        var touching = ChebyshevCenter.Find(new double[0, 2], [], new double[,] { { 1, 1 } }, [2], lo, hi);
        Assert.Equal(SolverStatus.Optimal, touching.Status);
        Assert.False(touching.HasInterior());
        var missing = ChebyshevCenter.Find(new double[0, 2], [], new double[,] { { 1, 1 } }, [3], lo, hi);
        Assert.Equal(SolverStatus.Infeasible, missing.Status);
    }
}
