using System.Runtime.CompilerServices;

namespace DslNets.Solvers;

/// <summary>
/// A reusable workspace running Mehrotra's primal–dual predictor–corrector interior-point method on small dense
/// convex quadratic programs min ½xᵀQx + cᵀx subject to A x ≤ b, E x = d (Q symmetric positive semidefinite).
/// After construction a solve allocates nothing (except in the rare crossover rescue), so one instance per thread can solve many programs.
/// </summary>
/// <remarks>
/// <para>Each iteration factors H = Q + Aᵀ(Λ S⁻¹)A by Cholesky (with E, the Schur complement E H⁻¹ Eᵀ too) and takes an
/// affine-scaling predictor and a centring corrector with σ = (μ_aff/μ)³, stepping 0.99 (rising to 1 − μ) of the way to
/// the boundary. A singular Q is allowed: the factorisation adds δ·I to H with δ = 1e-14·(1 + max diag H), raised
/// ×100 whenever a pivot fails, and two steps of iterative refinement against the exact H follow every solve; this changes
/// only the Newton direction, never the problem, and convergence is judged on the exact residuals.</para>
/// <para>Stopping rule with tolerance τ: ‖Ax + s − b‖∞ ≤ τ(1 + ‖b‖∞), ‖Ex − d‖∞ ≤ τ(1 + ‖d‖∞),
/// ‖Qx + c + Aᵀλ + Eᵀν‖∞ ≤ τ(1 + max(‖Qx‖∞, ‖c‖∞, ‖Aᵀλ + Eᵀν‖∞)), sᵀλ ≤ τ(1 + |objective|). When rounding stops
/// progress first (the largest of those four scaled residuals, once below 1e-6, fails to halve in five iterations; or in
/// thirty anywhere), the run ends at the best iterate seen. Then two rescues follow, in order: a rerun with the plain long-step
/// method (fixed centring σ = 0.2, no second-order term, step 0.95 of the way to the boundary, 4× the iteration limit), and a
/// crossover: primal–dual active-set steps on exact KKT systems from the iterate's active set (see <c>Polish</c>; it allocates). The point
/// with the smaller KKT residual is kept; the status is Optimal only if the tolerance is met. In the exact-ERM runs about half a
/// percent of the programs need a rescue.</para>
/// <para>This is a path-following method with an infeasible start: it assumes the program has an optimum. It does not
/// itself certify infeasibility or unboundedness (it then ends at the iteration limit); <see cref="QpSolver"/> checks
/// both by linear programming first.</para>
/// </remarks>
public sealed class InteriorPointQp
{
    /// <summary>The default stopping tolerance τ.</summary>
    public const double DefaultTolerance = 1e-9;

    private readonly int _maxN, _maxM, _maxP;
    private readonly int[] _first, _end; // each row of A is zero outside [first, end): block-structured rows cost only their support
    private readonly double[] _keepX, _keepL, _keepNu, _h, _hRaw, _refine, _bestX, _bestS, _bestL, _bestNu, _y, _schur, _rd, _rp, _re, _s, _w, _rc, _tmp, _rhs, _dx, _ds, _dl, _dnu, _dsAff, _dlAff, _t, _et;

    /// <summary>Allocates a workspace for programs with at most the given numbers of variables and constraints.</summary>
    public InteriorPointQp(int maxVariables, int maxInequalities, int maxEqualities = 0)
    {
        if (maxVariables <= 0) throw new ArgumentOutOfRangeException(nameof(maxVariables), maxVariables, "Expected at least one variable.");
        if (maxInequalities < 0) throw new ArgumentOutOfRangeException(nameof(maxInequalities), maxInequalities, "Expected a non-negative count.");
        if (maxEqualities < 0) throw new ArgumentOutOfRangeException(nameof(maxEqualities), maxEqualities, "Expected a non-negative count.");
        _maxN = maxVariables; _maxM = maxInequalities; _maxP = maxEqualities;
        int n = maxVariables, m = Math.Max(1, maxInequalities), p = Math.Max(1, maxEqualities);
        _first = new int[m]; _end = new int[m];
        _keepX = new double[n]; _keepL = new double[m]; _keepNu = new double[p];
        _h = new double[n * n]; _hRaw = new double[n * n]; _refine = new double[2 * n];
        _bestX = new double[n]; _bestS = new double[m]; _bestL = new double[m]; _bestNu = new double[p]; _y = new double[n * p]; _schur = new double[p * p];
        _rd = new double[n]; _rp = new double[m]; _re = new double[p]; _s = new double[m]; _w = new double[m];
        _rc = new double[m]; _tmp = new double[m]; _rhs = new double[n]; _dx = new double[n]; _ds = new double[m];
        _dl = new double[m]; _dnu = new double[p]; _dsAff = new double[m]; _dlAff = new double[m]; _t = new double[n]; _et = new double[p];
    }

    /// <summary>Iterations used by the last solve.</summary>
    public int Iterations { get; private set; }

    /// <summary>The KKT residual of the last solve's returned point.</summary>
    public KktResidual Residual { get; private set; }

    /// <summary>
    /// The last solve's KKT residual relative to the size of what it compares, as in the stopping rule: stationarity over
    /// 1 + max(‖Qx‖∞, ‖c‖∞, ‖Aᵀλ + Eᵀν‖∞), feasibility over 1 + max(‖b‖∞, ‖d‖∞), complementarity over 1 + |objective|.
    /// </summary>
    public double RelativeResidual { get; private set; }

    /// <summary>
    /// Solves the program; all matrices row-major (Q n×n, A m×n, E p×n). Writes the point to <paramref name="x"/>, the
    /// inequality multipliers to <paramref name="lambda"/> (length m) and the equality multipliers to <paramref name="nu"/>
    /// (length p). Returns Optimal or IterationLimit.
    /// </summary>
    public SolverStatus Solve(int n, int m, int p,
        ReadOnlySpan<double> q, ReadOnlySpan<double> c, ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        ReadOnlySpan<double> e, ReadOnlySpan<double> d,
        Span<double> x, Span<double> lambda, Span<double> nu,
        double tolerance = DefaultTolerance, int maxIterations = 100)
    {
        if (n <= 0 || n > _maxN) throw new ArgumentOutOfRangeException(nameof(n), n, $"Expected 1..{_maxN} variables (the workspace's size).");
        if (m < 0 || m > _maxM) throw new ArgumentOutOfRangeException(nameof(m), m, $"Expected 0..{_maxM} inequalities (the workspace's size).");
        if (p < 0 || p > _maxP) throw new ArgumentOutOfRangeException(nameof(p), p, $"Expected 0..{_maxP} equalities (the workspace's size).");
        if (q.Length < n * n || c.Length < n || a.Length < m * n || b.Length < m || e.Length < p * n || d.Length < p
            || x.Length < n || lambda.Length < m || nu.Length < p)
            throw new ArgumentException($"Expected Q of {n * n}, c of {n}, A of {m * n}, b of {m}, E of {p * n}, d of {p}, x of {n}, λ of {m}, ν of {p} entries but got {q.Length}, {c.Length}, {a.Length}, {b.Length}, {e.Length}, {d.Length}, {x.Length}, {lambda.Length}, {nu.Length}.");

        for (int i = 0; i < m; i++)
        {
            int lo = 0, hi = n;
            while (lo < n && a[i * n + lo] == 0) lo++;
            while (hi > lo && a[i * n + hi - 1] == 0) hi--;
            _first[i] = lo; _end[i] = hi;
        }
        var status = Run(n, m, p, q, c, a, b, e, d, x, lambda, nu, tolerance, maxIterations, mehrotra: true, out int iterations);
        Residual = KktResidual.Compute(n, m, p, q, c, a, b, e, d, x, lambda, nu);
        if (status != SolverStatus.Optimal)
        {
            // Mehrotra's heuristics occasionally stall on degenerate programs: rerun with the plain long-step method
            // (fixed centring σ = 0.2, no second-order term) and keep whichever point has the smaller KKT residual.
            var first = Residual;
            x[..n].CopyTo(_keepX); lambda[..m].CopyTo(_keepL); nu[..p].CopyTo(_keepNu);
            status = Run(n, m, p, q, c, a, b, e, d, x, lambda, nu, tolerance, 4 * maxIterations, mehrotra: false, out int more);
            iterations += more;
            Residual = KktResidual.Compute(n, m, p, q, c, a, b, e, d, x, lambda, nu);
            if (status != SolverStatus.Optimal && first.Max < Residual.Max)
            {
                _keepX.AsSpan(0, n).CopyTo(x); _keepL.AsSpan(0, m).CopyTo(lambda); _keepNu.AsSpan(0, p).CopyTo(nu);
                Residual = first;
            }
            if (status != SolverStatus.Optimal && Polish(n, m, p, q, c, a, b, e, d, x, lambda, nu, tolerance)) status = SolverStatus.Optimal;
        }
        Iterations = iterations;
        RelativeResidual = Relative(n, m, p, q, c, a, b, e, d, x, lambda, nu, Residual);
        return status;
    }

    private static double Relative(int n, int m, int p,
        ReadOnlySpan<double> q, ReadOnlySpan<double> c, ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        ReadOnlySpan<double> e, ReadOnlySpan<double> d,
        ReadOnlySpan<double> x, ReadOnlySpan<double> lambda, ReadOnlySpan<double> nu, KktResidual absolute)
    {
        double dualScale = MaxAbs(c[..n]), obj = 0;
        for (int k = 0; k < n; k++)
        {
            double qx = 0, terms = 0;
            for (int l = 0; l < n; l++) qx += q[k * n + l] * x[l];
            for (int i = 0; i < m; i++) terms += a[i * n + k] * lambda[i];
            for (int i = 0; i < p; i++) terms += e[i * n + k] * nu[i];
            dualScale = Math.Max(dualScale, Math.Max(Math.Abs(qx), Math.Abs(terms)));
            obj += x[k] * (0.5 * qx + c[k]);
        }
        double primalScale = 1 + Math.Max(MaxAbs(b[..m]), MaxAbs(d[..p]));
        return Math.Max(Math.Max(absolute.Stationarity / (1 + dualScale), absolute.PrimalFeasibility / primalScale),
            Math.Max(absolute.DualFeasibility, absolute.Complementarity / (1 + Math.Abs(obj))));
    }

    /// <summary>
    /// Crossover after a stalled run: starts from the active set {i : λᵢ &gt; bᵢ − Aᵢx} of the iterate and, for at most 2m + 10
    /// rounds, solves the equality-constrained KKT system [Q A_𝒜ᵀ Eᵀ; A_𝒜 0 0; E 0 0] (LU, or the minimum-norm pseudo-inverse
    /// solution when it is singular), then drops the row with the most negative multiplier or else adds the most violated row
    /// (primal–dual active-set steps). The result is kept only when it is feasible with λ ≥ 0 and its KKT residual is smaller.
    /// True when it then meets the tolerance. Allocates (MathNet); it runs only for the rare programs the interior-point runs
    /// could not finish.
    /// </summary>
    private bool Polish(int n, int m, int p,
        ReadOnlySpan<double> q, ReadOnlySpan<double> c, ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        ReadOnlySpan<double> e, ReadOnlySpan<double> d,
        Span<double> x, Span<double> lambda, Span<double> nu, double tolerance)
    {
        var active = new SortedSet<int>();
        for (int i = 0; i < m; i++)
        {
            double slack = b[i];
            for (int k = 0; k < n; k++) slack -= a[i * n + k] * x[k];
            if (lambda[i] > slack) active.Add(i);
        }
        double scale = 1 + Math.Max(MaxAbs(c[..n]), Math.Max(MaxAbs(b[..m]), MaxAbs(d[..p])));
        double[] qa = q[..(n * n)].ToArray(), ca = c[..n].ToArray(), aa = a[..(m * n)].ToArray(), ba = b[..m].ToArray();
        double[] ea = e[..(p * n)].ToArray(), da = d[..p].ToArray();
        for (int round = 0; round < 2 * m + 10; round++)
        {
            var rows = active.ToArray();
            int size = n + rows.Length + p;
            var kkt = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(size, size);
            var rhs = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(size);
            for (int k = 0; k < n; k++)
            {
                for (int l = 0; l < n; l++) kkt[k, l] = qa[k * n + l];
                rhs[k] = -ca[k];
            }
            for (int r = 0; r < rows.Length; r++)
            {
                for (int k = 0; k < n; k++) { kkt[n + r, k] = aa[rows[r] * n + k]; kkt[k, n + r] = aa[rows[r] * n + k]; }
                rhs[n + r] = ba[rows[r]];
            }
            for (int r = 0; r < p; r++)
            {
                int row = n + rows.Length + r;
                for (int k = 0; k < n; k++) { kkt[row, k] = ea[r * n + k]; kkt[k, row] = ea[r * n + k]; }
                rhs[row] = da[r];
            }
            var lu = kkt.LU();
            var solution = Math.Abs(lu.Determinant) > 1e-300 ? lu.Solve(rhs) : kkt.PseudoInverse() * rhs;
            if (solution.Any(v => !double.IsFinite(v))) return false;
            // Drop the most negative multiplier, else add the most violated row, else this is a KKT point.
            int drop = -1;
            double mostNegative = -1e-12 * scale;
            for (int r = 0; r < rows.Length; r++)
                if (solution[n + r] < mostNegative) { mostNegative = solution[n + r]; drop = rows[r]; }
            if (drop >= 0) { active.Remove(drop); continue; }
            int add = -1;
            double worstViolation = 1e-12 * scale;
            for (int i = 0; i < m; i++)
            {
                if (active.Contains(i)) continue;
                double v = -ba[i];
                for (int k = 0; k < n; k++) v += aa[i * n + k] * solution[k];
                if (v > worstViolation) { worstViolation = v; add = i; }
            }
            if (add >= 0) { active.Add(add); continue; }
            var newX = new double[n];
            var newL = new double[m];
            var newNu = new double[p];
            for (int k = 0; k < n; k++) newX[k] = solution[k];
            for (int r = 0; r < rows.Length; r++) newL[rows[r]] = Math.Max(0, solution[n + r]);
            for (int r = 0; r < p; r++) newNu[r] = solution[n + rows.Length + r];
            var residual = KktResidual.Compute(n, m, p, q, c, a, b, e, d, newX, newL, newNu);
            if (!(residual.Max < Residual.Max)) return false;
            newX.CopyTo(x); newL.CopyTo(lambda); newNu.CopyTo(nu);
            Residual = residual;
            return residual.Max <= tolerance * scale;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SolverStatus Run(int n, int m, int p,
        ReadOnlySpan<double> q, ReadOnlySpan<double> c, ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        ReadOnlySpan<double> e, ReadOnlySpan<double> d,
        Span<double> x, Span<double> lambda, Span<double> nu,
        double tolerance, int maxIterations, bool mehrotra, out int iterations)
    {
        double normB = MaxAbs(b[..m]), normC = MaxAbs(c[..n]), normD = MaxAbs(d[..p]);
        Span<double> s = _s.AsSpan(0, m), w = _w.AsSpan(0, m), rp = _rp.AsSpan(0, m), rd = _rd.AsSpan(0, n), re = _re.AsSpan(0, p);
        x[..n].Clear();
        nu[..p].Clear();
        for (int i = 0; i < m; i++) { s[i] = Math.Max(1.0, b[i]); lambda[i] = 1.0; }

        var status = SolverStatus.IterationLimit;
        double bestMerit = double.PositiveInfinity;
        int iter = 0, stalled = 0;
        for (; ; iter++)
        {
            // Residuals.
            // Residuals; the dual one is judged relative to the size of the terms it sums (Qx, c, Aᵀλ, Eᵀν).
            double obj = 0, dualScale = normC;
            Span<double> terms = _refine.AsSpan(0, n);
            for (int k = 0; k < n; k++)
            {
                double qx = 0;
                for (int l = 0; l < n; l++) qx += q[k * n + l] * x[l];
                rd[k] = qx + c[k];
                obj += x[k] * (0.5 * qx + c[k]);
                dualScale = Math.Max(dualScale, Math.Abs(qx));
                terms[k] = 0;
            }
            for (int i = 0; i < m; i++)
            {
                double li = lambda[i], ax = 0;
                int o = i * n;
                for (int k = _first[i]; k < _end[i]; k++) { ax += a[o + k] * x[k]; terms[k] += a[o + k] * li; }
                rp[i] = ax + s[i] - b[i];
            }
            for (int i = 0; i < p; i++)
            {
                double ex = 0;
                int o = i * n;
                for (int k = 0; k < n; k++) { ex += e[o + k] * x[k]; terms[k] += e[o + k] * nu[i]; }
                re[i] = ex - d[i];
            }
            for (int k = 0; k < n; k++) { rd[k] += terms[k]; dualScale = Math.Max(dualScale, Math.Abs(terms[k])); }
            double gap = 0;
            for (int i = 0; i < m; i++) gap += s[i] * lambda[i];
            double merit = Math.Max(Math.Max(MaxAbs(rp) / (1 + normB), MaxAbs(re) / (1 + normD)),
                Math.Max(MaxAbs(rd) / (1 + dualScale), gap / (1 + Math.Abs(obj))));
            if (!double.IsFinite(merit)) break;
            stalled = merit < 0.5 * bestMerit ? 0 : stalled + 1;
            if (merit < bestMerit)
            {
                bestMerit = merit;
                x[..n].CopyTo(_bestX); s.CopyTo(_bestS); lambda[..m].CopyTo(_bestL); nu[..p].CopyTo(_bestNu);
            }
            if (merit <= tolerance)
            {
                status = SolverStatus.Optimal;
                break;
            }
            // Rounding can stop progress just short of τ (the system grows ill-conditioned as s∘λ → 0): stop then.
            // Far from the solution short steps are normal, so a stall there must last much longer.
            if (iter >= maxIterations || (stalled >= 5 && bestMerit <= 1e-6) || stalled >= 30) break;
            double mu = m > 0 ? gap / m : 0;

            bool finite = true;
            for (int i = 0; i < m; i++) { w[i] = lambda[i] / s[i]; finite &= double.IsFinite(w[i]) && w[i] > 0; }
            // Underflow of s or λ, or a failed factorisation, ends the run at the best iterate (status IterationLimit).
            if (!finite || !Factor(n, m, p, q, a, e)) break;

            if (!mehrotra)
            {
                for (int i = 0; i < m; i++) _rc[i] = s[i] * lambda[i] - 0.2 * mu;
                Direction(n, m, p, a, e);
                double step = Math.Min(1.0, 0.95 * StepToBoundary(m, lambda));
                for (int k = 0; k < n; k++) x[k] += step * _dx[k];
                for (int i = 0; i < m; i++) { s[i] += step * _ds[i]; lambda[i] += step * _dl[i]; }
                for (int i = 0; i < p; i++) nu[i] += step * _dnu[i];
                continue;
            }

            // Predictor (affine scaling): r_c = s∘λ.
            for (int i = 0; i < m; i++) _rc[i] = s[i] * lambda[i];
            Direction(n, m, p, a, e);
            double alphaAff = StepToBoundary(m, lambda);
            double muAff = 0;
            for (int i = 0; i < m; i++) muAff += (s[i] + alphaAff * _ds[i]) * (lambda[i] + alphaAff * _dl[i]);
            muAff = m > 0 ? muAff / m : 0;
            double sigma = mu > 0 ? Math.Pow(muAff / mu, 3) : 0;

            // Corrector: r_c = s∘λ + Δs_aff∘Δλ_aff − σμ.
            for (int i = 0; i < m; i++) { _dsAff[i] = _ds[i]; _dlAff[i] = _dl[i]; }
            for (int i = 0; i < m; i++) _rc[i] = s[i] * lambda[i] + _dsAff[i] * _dlAff[i] - sigma * mu;
            Direction(n, m, p, a, e);
            double alpha = Math.Min(1.0, Math.Max(0.99, 1 - mu) * StepToBoundary(m, lambda));

            for (int k = 0; k < n; k++) x[k] += alpha * _dx[k];
            for (int i = 0; i < m; i++) { s[i] += alpha * _ds[i]; lambda[i] += alpha * _dl[i]; }
            for (int i = 0; i < p; i++) nu[i] += alpha * _dnu[i];
        }
        if (status != SolverStatus.Optimal && double.IsFinite(bestMerit))
        {
            _bestX.AsSpan(0, n).CopyTo(x); _bestS.AsSpan(0, m).CopyTo(s); _bestL.AsSpan(0, m).CopyTo(lambda); _bestNu.AsSpan(0, p).CopyTo(nu);
        }
        iterations = iter;
        return status;
    }

    private static double MaxAbs(ReadOnlySpan<double> v)
    {
        double r = 0;
        foreach (double t in v) r = Math.Max(r, Math.Abs(t));
        return r;
    }

    // The largest α ≤ 1/… with s + αΔs ≥ 0 and λ + αΔλ ≥ 0 (capped at 1).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double StepToBoundary(int m, ReadOnlySpan<double> lambda)
    {
        double alpha = 1.0;
        for (int i = 0; i < m; i++)
        {
            if (_ds[i] < 0) alpha = Math.Min(alpha, -_s[i] / _ds[i]);
            if (_dl[i] < 0) alpha = Math.Min(alpha, -lambda[i] / _dl[i]);
        }
        return alpha;
    }

    // H = Q + Aᵀ W A (+δI), Cholesky in place (lower triangle); with equalities also Y = H⁻¹Eᵀ and the Schur complement E Y.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Factor(int n, int m, int p, ReadOnlySpan<double> q, ReadOnlySpan<double> a, ReadOnlySpan<double> e)
    {
        Span<double> h = _h.AsSpan(0, n * n), raw = _hRaw.AsSpan(0, n * n);
        for (int k = 0; k < n; k++)
            for (int l = 0; l <= k; l++) raw[k * n + l] = q[k * n + l];
        for (int i = 0; i < m; i++)
        {
            double wi = _w[i];
            int o = i * n, lo = _first[i];
            for (int k = lo; k < _end[i]; k++)
            {
                double aik = a[o + k] * wi;
                if (aik == 0) continue;
                for (int l = lo; l <= k; l++) raw[k * n + l] += aik * a[o + l];
            }
        }
        double maxDiag = 0;
        for (int k = 0; k < n; k++) maxDiag = Math.Max(maxDiag, raw[k * n + k]);
        for (int attempt = 0; ; attempt++)
        {
            raw.CopyTo(h);
            double delta = 1e-14 * (1 + maxDiag) * Math.Pow(100, attempt);
            for (int k = 0; k < n; k++) h[k * n + k] += delta;
            if (Cholesky(h, n)) break;
            if (attempt > 12) return false;
        }
        if (p == 0) return true;
        // Y = H⁻¹ Eᵀ column by column, S = E Y.
        Span<double> col = _t.AsSpan(0, n);
        for (int j = 0; j < p; j++)
        {
            for (int k = 0; k < n; k++) col[k] = e[j * n + k];
            SolveH(n, col);
            for (int k = 0; k < n; k++) _y[k * p + j] = col[k];
        }
        Span<double> sc = _schur.AsSpan(0, p * p);
        double maxS = 0;
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = 0;
                for (int k = 0; k < n; k++) v += e[i * n + k] * _y[k * p + j];
                sc[i * p + j] = v;
                if (i == j) maxS = Math.Max(maxS, v);
            }
        for (int attempt = 0; ; attempt++)
        {
            Span<double> trial = sc;
            if (attempt > 0)
                for (int i = 0; i < p; i++)
                    for (int j = 0; j <= i; j++)
                    {
                        double v = 0;
                        for (int k = 0; k < n; k++) v += e[i * n + k] * _y[k * p + j];
                        sc[i * p + j] = v;
                    }
            double delta = 1e-13 * (1 + maxS) * Math.Pow(100, attempt);
            for (int i = 0; i < p; i++) trial[i * p + i] += delta;
            if (Cholesky(trial, p)) break;
            if (attempt > 12) return false;
        }
        return true;
    }

    // Newton direction for the current r_c (held in _rc): fills _dx, _ds, _dl, _dnu.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Direction(int n, int m, int p, ReadOnlySpan<double> a, ReadOnlySpan<double> e)
    {
        Span<double> rhs = _rhs.AsSpan(0, n);
        for (int k = 0; k < n; k++) rhs[k] = -_rd[k];
        for (int i = 0; i < m; i++)
        {
            double t = _w[i] * _rp[i] - _rc[i] / _s[i];
            _tmp[i] = t;
            if (t == 0) continue;
            int o = i * n;
            for (int k = _first[i]; k < _end[i]; k++) rhs[k] -= a[o + k] * t;
        }
        SolveH(n, rhs);
        Span<double> dx = _dx.AsSpan(0, n);
        if (p == 0) rhs.CopyTo(dx);
        else
        {
            // Δν = S⁻¹(E t + r_e), Δx = t − Y Δν, where t = H⁻¹ rhs.
            Span<double> et = _et.AsSpan(0, p);
            for (int i = 0; i < p; i++)
            {
                double v = _re[i];
                for (int k = 0; k < n; k++) v += e[i * n + k] * rhs[k];
                et[i] = v;
            }
            CholeskySolve(_schur.AsSpan(0, p * p), p, et);
            for (int i = 0; i < p; i++) _dnu[i] = et[i];
            for (int k = 0; k < n; k++)
            {
                double v = rhs[k];
                for (int j = 0; j < p; j++) v -= _y[k * p + j] * et[j];
                dx[k] = v;
            }
        }
        for (int i = 0; i < m; i++)
        {
            double adx = 0;
            int o = i * n;
            for (int k = _first[i]; k < _end[i]; k++) adx += a[o + k] * dx[k];
            _dl[i] = _w[i] * (adx + _rp[i]) - _rc[i] / _s[i];
            _ds[i] = -_rp[i] - adx;
        }
    }

    // Solves H v = rhs in place with the regularised factor and two steps of iterative refinement against the exact H,
    // which removes the regularisation's bias from the direction.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SolveH(int n, Span<double> v)
    {
        ReadOnlySpan<double> l = _h.AsSpan(0, n * n), raw = _hRaw.AsSpan(0, n * n);
        Span<double> original = _refine.AsSpan(n, n), r = _refine.AsSpan(0, n);
        v.CopyTo(original);
        CholeskySolve(l, n, v);
        for (int step = 0; step < 2; step++)
        {
            for (int i = 0; i < n; i++)
            {
                double hv = 0;
                for (int k = 0; k <= i; k++) hv += raw[i * n + k] * v[k];
                for (int k = i + 1; k < n; k++) hv += raw[k * n + i] * v[k];
                r[i] = original[i] - hv;
            }
            CholeskySolve(l, n, r);
            for (int i = 0; i < n; i++) v[i] += r[i];
        }
    }

    // In-place Cholesky of the lower triangle of a row-major n×n matrix; false when a pivot is not positive.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Cholesky(Span<double> h, int n)
    {
        for (int k = 0; k < n; k++)
        {
            double diag = h[k * n + k];
            for (int l = 0; l < k; l++) diag -= h[k * n + l] * h[k * n + l];
            if (!(diag > 0)) return false;
            double root = Math.Sqrt(diag);
            h[k * n + k] = root;
            for (int i = k + 1; i < n; i++)
            {
                double v = h[i * n + k];
                for (int l = 0; l < k; l++) v -= h[i * n + l] * h[k * n + l];
                h[i * n + k] = v / root;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CholeskySolve(ReadOnlySpan<double> l, int n, Span<double> v)
    {
        for (int i = 0; i < n; i++)
        {
            double t = v[i];
            for (int k = 0; k < i; k++) t -= l[i * n + k] * v[k];
            v[i] = t / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double t = v[i];
            for (int k = i + 1; k < n; k++) t -= l[k * n + i] * v[k];
            v[i] = t / l[i * n + i];
        }
    }
}
