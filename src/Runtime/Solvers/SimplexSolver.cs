namespace DslNets.Solvers;

/// <summary>
/// The project's dense two-phase simplex method for <see cref="LinearProgram"/>.
/// </summary>
/// <remarks>
/// <para>The program is rewritten in standard form (min cᵀy, Ay = b, y ≥ 0): a variable with a finite lower bound l
/// becomes l + y, one with only an upper bound u becomes u − y, a free one y⁺ − y⁻; a finite upper bound next to a
/// finite lower bound becomes a row y ≤ u − l; every ≤ row gets a slack. Phase 1 minimises the sum of artificial
/// variables (one per row whose slack cannot start in the basis); phase 2 minimises c from the feasible basis found.
/// Artificial variables left in the basis at zero are pivoted out, and rows where that is impossible are redundant
/// and are ignored.</para>
/// <para>Tolerance (default 1e-9, absolute, so inputs should be scaled to entries of order one): a reduced cost must
/// be below −tol to enter; a column entry must exceed tol to be a pivot; phase 1 declares the program infeasible
/// when the sum of artificials exceeds tol·(1 + max|b|); a pivot whose ratio is at most tol counts as degenerate; an
/// artificial left in the basis after phase 1 is pivoted out only on an entry above 100·tol times its row's size (else the
/// row is redundant). The ratio test takes the exact smallest ratio (ties: exactly equal ratios), so the basis stays
/// feasible up to rounding; a free variable's two columns are kept exact negatives of each other. The resulting accuracy
/// is <see cref="ValueTolerance"/> and <see cref="FeasibilityTolerance"/>.</para>
/// <para>Anti-cycling: see <see cref="PivotRule"/>.</para>
/// </remarks>
public static class SimplexSolver
{
    /// <summary>The default tolerance (see the remarks).</summary>
    public const double DefaultTolerance = 1e-9;

    /// <summary>
    /// The accuracy of an optimal value at the default tolerance, relative to 1 + |value|, for programs with entries of
    /// order one: 1e-9. Held in the tests against optima known by construction and against OR-Tools' GLOP on 1,200 random
    /// programs of 2 to 50 variables (feasible, infeasible, unbounded, degenerate) and on every program of a region
    /// enumeration; the largest differences seen were below 1e-12.
    /// </summary>
    public const double ValueTolerance = 1e-9;

    /// <summary>
    /// How far an optimal point may violate a row, relative to 1 + the largest right-hand side (or a bound, relative to
    /// 1 + |bound|), for programs with entries of order one: 1e-9 (seen: below 1e-12). Held in the same tests.
    /// </summary>
    public const double FeasibilityTolerance = 1e-9;

    // How many degenerate pivots in a row make DantzigWithBlandFallback switch to Bland's rule.
    private const int DegenerateRunBeforeBland = 10;

    /// <summary>Solves <paramref name="program"/>.</summary>
    /// <param name="program">The program.</param>
    /// <param name="rule">The pivot rule; the default never cycles.</param>
    /// <param name="tolerance">See the remarks; must be positive.</param>
    /// <param name="maxIterations">Pivot limit over both phases; 0 means 100·(rows + columns) + 1000.</param>
    public static LpResult Solve(LinearProgram program, PivotRule rule = PivotRule.DantzigWithBlandFallback,
        double tolerance = DefaultTolerance, int maxIterations = 0)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Expected a positive finite tolerance.");
        if (maxIterations < 0)
            throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "Expected 0 (automatic) or a positive limit.");
        var tableau = new Tableau(program, rule, tolerance, maxIterations);
        LpResult result = tableau.Run();
        t_observer?.Invoke(program, result);
        return result;
    }

    [ThreadStatic] private static Action<LinearProgram, LpResult>? t_observer;

    /// <summary>
    /// Sees every program solved on the current thread, with its result: tests hold the programs an algorithm solves (the
    /// region enumerator's, say) against an independent solver, and benchmarks collect them. Thread-local so that tests
    /// running in parallel do not see each other's programs; null, the default, costs one thread-static read per solve.
    /// </summary>
    internal static Action<LinearProgram, LpResult>? Observer
    {
        get => t_observer;
        set => t_observer = value;
    }

    private sealed class Tableau
    {
        private readonly LinearProgram _p;
        private readonly PivotRule _rule;
        private readonly double _tol;
        private readonly int _maxIterations;

        // Standard-form mapping: variable k = offset[k] + sign1[k]·y[col1[k]] (+ −y[col2[k]] when free).
        private readonly double[] _offset;
        private readonly int[] _col1;
        private readonly double[] _sign1;
        private readonly int[] _col2;

        private readonly int _rows, _structural, _artificialStart, _columns, _width;
        private readonly double[] _t;      // (rows + 1) × (columns + 1), row-major; the last row holds reduced costs and −objective
        private readonly int[] _basic;
        private readonly int[] _rowOf;                        // per column: the row where it is basic, or −1
        private readonly (int Plus, int Minus)[] _freePairs;  // the columns y⁺, y⁻ of each free variable
        private readonly double[] _cost;   // phase-2 cost per standard-form column
        private readonly double _rhsScale;
        private int _iterations;

        public Tableau(LinearProgram p, PivotRule rule, double tol, int maxIterations)
        {
            _p = p;
            _rule = rule;
            _tol = tol;
            int n = p.VariableCount;
            _offset = new double[n];
            _col1 = new int[n];
            _sign1 = new double[n];
            _col2 = new int[n];
            var boundRows = new List<(int Column, double Rhs)>();
            int col = 0;
            for (int k = 0; k < n; k++)
            {
                double lo = p.Lower[k], hi = p.Upper[k];
                _col2[k] = -1;
                if (double.IsFinite(lo))
                {
                    _offset[k] = lo; _col1[k] = col; _sign1[k] = 1;
                    if (double.IsFinite(hi)) boundRows.Add((col, hi - lo));
                    col++;
                }
                else if (double.IsFinite(hi))
                {
                    _offset[k] = hi; _col1[k] = col; _sign1[k] = -1; col++;
                }
                else
                {
                    _col1[k] = col; _sign1[k] = 1; _col2[k] = col + 1; col += 2;
                }
            }
            _structural = col;
            int mIneq = p.InequalityCount, mEq = p.EqualityCount;
            int mLe = mIneq + boundRows.Count;
            _rows = mLe + mEq;

            // Each row in standard-form coefficients, before slacks and artificials.
            var rowCoef = new double[_rows][];
            var rhs = new double[_rows];
            for (int i = 0; i < mIneq; i++) (rowCoef[i], rhs[i]) = MapRow(p.InequalityMatrix!, i, p.InequalityBounds![i]);
            for (int i = 0; i < boundRows.Count; i++)
            {
                var r = new double[_structural];
                r[boundRows[i].Column] = 1;
                rowCoef[mIneq + i] = r;
                rhs[mIneq + i] = boundRows[i].Rhs;
            }
            for (int i = 0; i < mEq; i++) (rowCoef[mLe + i], rhs[mLe + i]) = MapRow(p.EqualityMatrix!, i, p.EqualityValues![i]);

            // A ≤ row with b ≥ 0 starts with its slack basic; every other row needs an artificial.
            int artificialCount = 0;
            for (int i = 0; i < _rows; i++) if (i >= mLe || rhs[i] < 0) artificialCount++;
            _artificialStart = _structural + mLe;
            _columns = _artificialStart + artificialCount;
            _width = _columns + 1;
            _t = new double[(_rows + 1) * _width];
            _basic = new int[_rows];
            _maxIterations = maxIterations > 0 ? maxIterations : 100 * (_rows + _columns) + 1000;
            int art = _artificialStart;
            double maxRhs = 0;
            for (int i = 0; i < _rows; i++)
            {
                double sign = rhs[i] < 0 ? -1 : 1;
                int o = i * _width;
                for (int j = 0; j < _structural; j++) _t[o + j] = sign * rowCoef[i][j];
                if (i < mLe) _t[o + _structural + i] = sign;
                _t[o + _columns] = sign * rhs[i];
                maxRhs = Math.Max(maxRhs, Math.Abs(rhs[i]));
                if (i < mLe && sign > 0) _basic[i] = _structural + i;
                else { _t[o + art] = 1; _basic[i] = art++; }
            }
            _rhsScale = 1 + maxRhs;
            _rowOf = new int[_columns];
            Array.Fill(_rowOf, -1);
            for (int i = 0; i < _rows; i++) _rowOf[_basic[i]] = i;
            _freePairs = Enumerable.Range(0, n).Where(k => _col2[k] >= 0).Select(k => (_col1[k], _col2[k])).ToArray();
            _cost = new double[_columns];
            for (int k = 0; k < n; k++)
            {
                _cost[_col1[k]] += _sign1[k] * p.Objective[k];
                if (_col2[k] >= 0) _cost[_col2[k]] -= p.Objective[k];
            }
        }

        private (double[] Coef, double Rhs) MapRow(double[,] a, int i, double b)
        {
            var r = new double[_structural];
            for (int k = 0; k < _p.VariableCount; k++)
            {
                double v = a[i, k];
                if (v == 0) continue;
                b -= v * _offset[k];
                r[_col1[k]] += v * _sign1[k];
                if (_col2[k] >= 0) r[_col2[k]] -= v;
            }
            return (r, b);
        }

        public LpResult Run()
        {
            // Phase 1: reduced costs of "sum of artificials".
            int objRow = _rows * _width;
            for (int i = 0; i < _rows; i++)
            {
                if (_basic[i] < _artificialStart) continue;
                int o = i * _width;
                for (int j = 0; j < _width; j++) _t[objRow + j] -= _t[o + j];
            }
            for (int i = 0; i < _rows; i++) if (_basic[i] >= _artificialStart) _t[objRow + _basic[i]] = 0;
            var phase1 = Iterate(_columns);
            if (phase1 == SolverStatus.IterationLimit) return new LpResult(SolverStatus.IterationLimit, [], double.NaN, _iterations);
            double infeasibility = -_t[objRow + _columns];
            if (infeasibility > _tol * _rhsScale) return new LpResult(SolverStatus.Infeasible, [], double.NaN, _iterations);

            // Pivot zero-valued artificials out of the basis; a row with no usable column is redundant: zero it. The row's
            // artificial part is a row of B⁻¹ (of order one); entries of the rest up to 100·tol times the row's size are
            // rounding noise of a redundant row, and pivoting on one (seen: 1.3e-9) made the basis singular and the
            // reported optimum wrong by 1% on degenerate programs held against GLOP.
            for (int r = 0; r < _rows; r++)
            {
                if (_basic[r] < _artificialStart) continue;
                int o = r * _width, best = -1;
                double size = 0;
                for (int j = 0; j < _columns; j++) size = Math.Max(size, Math.Abs(_t[o + j]));
                double bestAbs = Math.Max(_tol, 100 * _tol * size);
                for (int j = 0; j < _artificialStart; j++)
                {
                    double a = Math.Abs(_t[o + j]);
                    if (a > bestAbs) { bestAbs = a; best = j; }
                }
                if (best >= 0) Pivot(r, best);
                else Array.Clear(_t, o, _width);
            }

            // Phase 2: reduced costs of c with respect to the current basis.
            Array.Clear(_t, objRow, _width);
            for (int j = 0; j < _columns; j++) _t[objRow + j] = j < _artificialStart ? _cost[j] : 0;
            for (int i = 0; i < _rows; i++)
            {
                int b = _basic[i];
                double cb = b < _artificialStart ? _cost[b] : 0;
                if (cb == 0) continue;
                int o = i * _width;
                for (int j = 0; j < _width; j++) _t[objRow + j] -= cb * _t[o + j];
            }
            RestoreFreePairs();
            var phase2 = Iterate(_artificialStart);
            if (phase2 == SolverStatus.Unbounded) return new LpResult(SolverStatus.Unbounded, [], double.NegativeInfinity, _iterations);
            if (phase2 == SolverStatus.IterationLimit) return new LpResult(SolverStatus.IterationLimit, [], double.NaN, _iterations);

            var y = new double[_columns];
            for (int i = 0; i < _rows; i++) y[_basic[i]] = Math.Max(0, _t[i * _width + _columns]);
            var x = new double[_p.VariableCount];
            double value = 0;
            for (int k = 0; k < x.Length; k++)
            {
                x[k] = _offset[k] + _sign1[k] * y[_col1[k]] - (_col2[k] >= 0 ? y[_col2[k]] : 0);
                value += _p.Objective[k] * x[k];
            }
            return new LpResult(SolverStatus.Optimal, x, value, _iterations);
        }

        // Runs simplex pivots over columns [0, columnLimit) until no reduced cost is below −tol.
        private SolverStatus Iterate(int columnLimit)
        {
            int objRow = _rows * _width;
            bool bland = _rule == PivotRule.Bland;
            int degenerateRun = 0;
            while (true)
            {
                int enter = -1;
                double mostNegative = -_tol;
                for (int j = 0; j < columnLimit; j++)
                {
                    double d = _t[objRow + j];
                    if (d < mostNegative)
                    {
                        enter = j;
                        if (bland) break;
                        mostNegative = d;
                    }
                }
                if (enter < 0) return SolverStatus.Optimal;

                // The exact smallest ratio, then the lowest-index basic variable among the rows that attain it (Bland's
                // leaving rule, used by every rule here). No tolerance window: a row chosen with a ratio even 1e-14 above
                // the smallest leaves the smallest one's variable negative, and such errors grew to wrong optima (1e-3)
                // on degenerate programs held against GLOP.
                double bestRatio = double.PositiveInfinity;
                for (int i = 0; i < _rows; i++)
                {
                    double a = _t[i * _width + enter];
                    if (a > _tol) bestRatio = Math.Min(bestRatio, Math.Max(0, _t[i * _width + _columns]) / a);
                }

                int leave = -1;
                for (int i = 0; i < _rows; i++)
                {
                    double a = _t[i * _width + enter];
                    if (a <= _tol || Math.Max(0, _t[i * _width + _columns]) / a > bestRatio) continue;
                    if (leave < 0 || _basic[i] < _basic[leave]) leave = i;
                }

                if (leave < 0) return SolverStatus.Unbounded;
                if (++_iterations > _maxIterations) return SolverStatus.IterationLimit;

                if (bestRatio <= _tol)
                {
                    degenerateRun++;
                    if (_rule == PivotRule.DantzigWithBlandFallback && degenerateRun >= DegenerateRunBeforeBland) bland = true;
                }
                else
                {
                    degenerateRun = 0;
                    if (_rule == PivotRule.DantzigWithBlandFallback) bland = false;
                }
                Pivot(leave, enter);
            }
        }

        private void Pivot(int r, int e)
        {
            int o = r * _width;
            double inv = 1.0 / _t[o + e];
            for (int j = 0; j < _width; j++) _t[o + j] *= inv;
            _t[o + e] = 1;
            for (int i = 0; i <= _rows; i++)
            {
                if (i == r) continue;
                int oi = i * _width;
                double f = _t[oi + e];
                if (f == 0) continue;
                for (int j = 0; j < _width; j++) _t[oi + j] -= f * _t[o + j];
                _t[oi + e] = 0;
            }
            _rowOf[_basic[r]] = -1;
            _basic[r] = e;
            _rowOf[e] = r;
            RestoreFreePairs();
        }

        // A free variable's columns y⁺ and y⁻ are exact negatives at every basis (B⁻¹(−a) = −B⁻¹a, and so are their reduced
        // costs); with y⁺ basic, y⁻'s column is −e_r with reduced cost 0. Rounding breaks this, and then y⁻ could enter on
        // reduced-cost noise with a pivot of noise (1e-9): the tableau blew up and programs were called unbounded (see the
        // regression tests). Negation is exact in floating point, so the relation is restored exactly after each pivot.
        private void RestoreFreePairs()
        {
            foreach ((int plus, int minus) in _freePairs)
            {
                int source = _rowOf[minus] >= 0 ? minus : plus, target = source == plus ? minus : plus;
                for (int i = 0; i <= _rows; i++) _t[i * _width + target] = -_t[i * _width + source];
            }
        }
    }
}
