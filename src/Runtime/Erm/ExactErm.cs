using System.Runtime.CompilerServices;
using DslNets.Solvers;

namespace DslNets.Erm;

/// <summary>
/// Exact empirical risk minimisation for one-hidden-layer ReLU networks x ↦ Σᵢ sᵢ ReLU(uᵢ·x + bᵢ) (+ c with an output bias,
/// <see cref="ErmOptions.OutputBias"/>) (Arora, Basu, Mianjy, Mukherjee, ICLR 2018): every choice of output signs and of one
/// hyperplane split of the data per hidden unit gives a convex program; the best of them all is a global minimiser of the
/// training loss.
/// </summary>
/// <remarks>
/// <para>The program for signs s and splits (Pᵢ⁺, Pᵢ⁻): minimise Σⱼ ℓ(Σ_{i : j ∈ Pᵢ⁺} sᵢ(uᵢ·xⱼ + bᵢ) + c, yⱼ) subject to
/// uᵢ·xⱼ + bᵢ ≥ 0 for j ∈ Pᵢ⁺ and ≤ 0 for j ∈ Pᵢ⁻, where the output offset c is one more free variable with an output bias
/// and fixed at 0 without. The prediction stays linear in (u, b, c), so the program stays convex of the same kind. On its
/// feasible set the objective equals the network's loss, and every network is feasible for the program of its own activation
/// patterns (<see cref="HyperplaneSplits"/>), so the minimum over programs is the minimum over networks. Squared loss gives a
/// quadratic program; absolute and hinge loss a linear program (slack tⱼ per point). Both are solved by
/// <see cref="InteriorPointQp"/> (Q = 0 for the linear ones); each program is feasible (u = 0, b = 0, c = 0) and bounded below
/// by 0, so it has an optimum. The reported loss of a program is that of the network at the solver's point, evaluated with the
/// ReLUs.</para>
/// <para>Pruning, each losing no optimum (each proof below was rechecked for the output offset c; which hold with it is said):
/// (1) Output weights are ±1: a·ReLU(t) = sign(a)·ReLU(|a| t) by positive homogeneity, and a = 0 is the network with uᵢ = 0, bᵢ = 0.
/// The offset is not touched by the rescaling, so this holds with and without it.
/// (2) Units are interchangeable: permuting hidden units together with their output weights leaves the function unchanged, so
/// only the number p of units with sᵢ = +1 matters (they come first) and, inside each sign group, the splits are taken as a
/// non-decreasing sequence of split indices (a multiset) rather than an ordered tuple. The offset is shared by all units: holds.
/// (3) A unit with P⁺ = ∅ outputs 0 on every point whatever its sign, and its feasible set contains uᵢ = 0, bᵢ = 0, so the
/// programs with that unit signed +1 or −1 have the same value: only units signed −1 take the empty split. The unit's
/// contribution does not involve c: holds with the offset.
/// (4) Squared loss only: a program is skipped when ½‖y − Py‖², P the projection onto the span of its feature columns (its value
/// without the cone constraints, hence a lower bound on its value), exceeds the runner-up found so far by this thread by more than
/// 1e-9·(1 + ½‖y‖²): such a program can be neither the winner nor the runner-up. The bound is computed so that rounding can only
/// lower it (see the code). With the offset the all-ones column of c joins the span (it is the program without its cones then):
/// holds with that column.
/// (5) Only with the offset: no unit takes the full split F (every point in P⁺). Such a unit contributes the affine
/// g(x) = sᵢ(uᵢ·x + bᵢ) on every point. Let m = minⱼ g(xⱼ) and T the points attaining it; the unit (+1, sᵢuᵢ, sᵢbᵢ − m) with
/// offset c + m gives the same predictions (its pre-activation g − m is ≥ 0 on the data), and its pre-activation is 0 on T and
/// positive elsewhere, so lowering its bias by any ε &gt; 0 small enough makes it strictly negative on T and keeps it strictly
/// positive elsewhere: it lies in the closure of the region of the split "all but T", i.e. it is feasible for that split's
/// program, where the points of T contribute ReLU(0) = 0 as the network does. Doing this for every unit on F gives a network
/// of equal loss in a program without F (when T is every point that split is the empty one, where rule 3 takes sign −1, the
/// same value). Without the offset this fails: the shift by m cannot be paid back, and +1 on F adds a function ≥ 0 on the data.
/// With K splits the number of programs is Σ_{p=0}^{w} C(K−1+p−1, p)·C(K+w−p−1, w−p) (see <see cref="ProgramCount"/>) before rule 4,
/// against 2^w K^w without pruning; with the offset (rule 5) Σ_{p=0}^{w} C(K−2+p−1, p)·C(K−1+w−p−1, w−p): one variable more per
/// program and fewer programs (for w = 1, 2K − 3 against 2K − 1).</para>
/// <para>Parallel and sharded: the enumeration is cut into nonempty tasks (p, the first unit's split index), in a fixed order; shard i of N
/// runs the tasks t with t mod N = i, over all cores. Programs are ranked by (loss, task, position in task), a total order, so a
/// merge of the shards (<see cref="Merge"/>) picks exactly the winner and runner-up of a single run.</para>
/// </remarks>
public static class ExactErm
{
    /// <summary>The interior-point tolerance used for every program.</summary>
    public const double SolverTolerance = 1e-10;

    /// <summary>Finds a global minimiser (or, with sharding, the best of this shard's part).</summary>
    /// <param name="inputs">The data points, D × n (D ≤ 64).</param>
    /// <param name="targets">The targets yⱼ (±1 for the hinge loss).</param>
    /// <param name="options">Width, loss, shard, threads.</param>
    public static ErmResult Solve(double[,] inputs, double[] targets, ErmOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        int d = inputs.GetLength(0), n = inputs.GetLength(1), w = options.Width;
        if (targets.Length != d) throw new ArgumentException($"Expected {d} targets (one per data point) but got {targets.Length}.", nameof(targets));
        if (w < 1) throw new ArgumentOutOfRangeException(nameof(options), w, "Expected a width of at least 1.");
        if (options.ShardCount < 1 || options.ShardIndex < 0 || options.ShardIndex >= options.ShardCount)
            throw new ArgumentOutOfRangeException(nameof(options), $"Expected shard i of N with 0 ≤ i < N but got shard {options.ShardIndex} of {options.ShardCount}.");
        if (options.MaxDegreeOfParallelism is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "Expected at least one thread.");
        foreach (double t in targets)
        {
            if (!double.IsFinite(t)) throw new ArgumentException($"Expected finite targets but found {t}.", nameof(targets));
            if (options.Loss == ErmLoss.Hinge && t != 1 && t != -1)
                throw new ArgumentException($"Expected hinge-loss labels −1 or +1 but found {t}.", nameof(targets));
        }
        var splits = HyperplaneSplits.Enumerate(inputs);
        // Pruning rule 3 relies on the empty split (every point on the negative side) coming first.
        if (splits[0] != 0) throw new InvalidOperationException("The split enumeration lost the empty split; the inputs are too badly scaled for its tolerance.");
        bool offset = options.OutputBias;
        // Pruning rule 5 drops the last split, which must therefore be the full one (every point on the positive side).
        if (offset && splits[^1] != (d == 64 ? ulong.MaxValue : (1UL << d) - 1))
            throw new InvalidOperationException("The split enumeration lost the full split; the inputs are too badly scaled for its tolerance.");
        var problem = new Problem(inputs, targets, splits, w, options.Loss, options.SkipByLowerBound, offset);

        // Tasks: p = 0 first (first unit's split over all K), then p = 1..w (first unit's split over the K − 1 nonempty ones).
        // With the offset (rule 5) no unit takes the full split K − 1, so the first unit's split stops at K − 2; with K = 2 (one
        // distinct point) only the all-empty program is left, and p ≥ 1 has no task.
        int k = splits.Length;
        var tasks = new List<(int Plus, int First)>();
        for (int p = 0; p <= w; p++)
            for (int f = p == 0 ? 0 : 1; f <= problem.MaxSplit; f++) tasks.Add((p, f));
        var mine = new List<int>();
        for (int t = options.ShardIndex; t < tasks.Count; t += options.ShardCount) mine.Add(t);

        ErmCandidate? best = null, second = null;
        long solved = 0, nonOptimal = 0, pruned = 0;
        double worst = 0;
        long iterations = 0;
        object gate = new();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, mine.Count, parallel,
            () => new Worker(problem),
            (i, _, worker) => { worker.RunTask(mine[i], tasks[mine[i]].Plus, tasks[mine[i]].First); return worker; },
            worker =>
            {
                lock (gate)
                {
                    solved += worker.Solved;
                    nonOptimal += worker.NonOptimal;
                    pruned += worker.Pruned;
                    worst = Math.Max(worst, worker.WorstResidual);
                    iterations += worker.Iterations;
                    Keep(ref best, ref second, worker.Best);
                    Keep(ref best, ref second, worker.Second);
                }
            });
        if (best is null)
            throw new InvalidOperationException($"Shard {options.ShardIndex} of {options.ShardCount} holds no programs: there are only {tasks.Count} tasks.");
        var certificate = new ErmCertificate(solved, pruned, k, best.Loss, second?.Loss ?? double.PositiveInfinity, best.Residual, nonOptimal, worst, iterations,
            options.ShardIndex, options.ShardCount, Merged: false);
        return new ErmResult(n, w, options.Loss, offset, d, problem.Hash, best, second, certificate);
    }

    /// <summary>
    /// Joins the results of all shards of one run into the result a single run gives: the best and runner-up over all parts
    /// (ties broken by position in the enumeration) and the total number of programs.
    /// </summary>
    /// <param name="shards">Every shard's result, once each (as <see cref="Solve"/> or <see cref="ErmResultJson.ReadFile"/> gives them).</param>
    /// <exception cref="ArgumentNullException"><paramref name="shards"/> is null or holds null.</exception>
    /// <exception cref="ArgumentException">The results are not every shard of one run exactly once (the message names the first mismatch).</exception>
    public static ErmResult Merge(IEnumerable<ErmResult> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var list = shards.ToList();
        if (list.Count == 0) throw new ArgumentException("Expected at least one shard result but got none.", nameof(shards));
        var first = list[0] ?? throw new ArgumentNullException(nameof(shards), "Expected shard results but one is null.");
        int count = first.Certificate.ShardCount;
        var seen = new HashSet<int>();
        foreach (var r in list)
        {
            if (r is null) throw new ArgumentNullException(nameof(shards), "Expected shard results but one is null.");
            if (r.Certificate.Merged) throw new ArgumentException("Expected shard results but one was already merged.", nameof(shards));
            if (r.DataHash != first.DataHash || r.Inputs != first.Inputs || r.DataCount != first.DataCount || r.Width != first.Width || r.Loss != first.Loss || r.HasOutputBias != first.HasOutputBias || r.Certificate.ShardCount != count)
                throw new ArgumentException($"Expected shards of one run (data fingerprint {first.DataHash:X16}, {first.Inputs} inputs, {first.DataCount} points, width {first.Width}, loss {first.Loss}, output bias {first.HasOutputBias}, shard count {count}) but shard {r.Certificate.ShardIndex} has fingerprint {r.DataHash:X16}, {r.Inputs} inputs, {r.DataCount} points, width {r.Width}, loss {r.Loss}, output bias {r.HasOutputBias}, shard count {r.Certificate.ShardCount}.", nameof(shards));
            if (!seen.Add(r.Certificate.ShardIndex))
                throw new ArgumentException($"Expected each shard once but shard {r.Certificate.ShardIndex} came twice.", nameof(shards));
        }
        if (seen.Count != count)
            throw new ArgumentException($"Expected all {count} shards but got {seen.Count}: missing {string.Join(", ", Enumerable.Range(0, count).Where(i => !seen.Contains(i)))}.", nameof(shards));
        ErmCandidate? best = null, second = null;
        foreach (var r in list) { Keep(ref best, ref second, r.Winner); Keep(ref best, ref second, r.RunnerUp); }
        var certificate = new ErmCertificate(list.Sum(r => r.Certificate.ProgramsSolved), list.Sum(r => r.Certificate.ProgramsPruned), first.Certificate.SplitCount, best!.Loss,
            second?.Loss ?? double.PositiveInfinity, best.Residual, list.Sum(r => r.Certificate.NonOptimalPrograms),
            list.Max(r => r.Certificate.WorstRelativeResidual), list.Sum(r => r.Certificate.SolverIterations), 0, count, Merged: true);
        return new ErmResult(first.Inputs, first.Width, first.Loss, first.HasOutputBias, first.DataCount, first.DataHash, best, second, certificate);
    }

    /// <summary>The number of programs <see cref="Solve"/> runs for K splits and width w (over all shards), before pruning rule 4.</summary>
    /// <param name="splitCount">K, the number of splits (with an output bias at least 2: the empty and the full split).</param>
    /// <param name="width">w.</param>
    /// <param name="outputBias">Whether the programs have the output offset c (pruning rule 5 then drops the full split).</param>
    public static long ProgramCount(int splitCount, int width, bool outputBias = false)
    {
        if (splitCount < (outputBias ? 2 : 1)) throw new ArgumentOutOfRangeException(nameof(splitCount), splitCount, $"Expected at least {(outputBias ? 2 : 1)} splits.");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "Expected a width of at least 1.");
        long total = 0;
        for (int p = 0; p <= width; p++)
        {
            // +1 units choose a multiset of the nonempty splits, −1 units of all; the full split drops out with the offset.
            int drop = outputBias ? 1 : 0;
            total += MultiChoose(splitCount - 1 - drop, p) * MultiChoose(splitCount - drop, width - p);
        }
        return total;
    }

    // Multisets of size r from a items: C(a + r − 1, r) (0 for r < 0).
    private static long MultiChoose(int a, int r)
    {
        if (r < 0) return 0;
        if (r == 0) return 1;
        if (a <= 0) return 0;
        long c = 1;
        for (int i = 1; i <= r; i++) c = c * (a + i - 1) / i;
        return c;
    }

    /// <summary>Σᵢ sᵢ ReLU(uᵢ·x + bᵢ) + c for parameters laid out unit by unit as (uᵢ, bᵢ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<int> signs, double offset, int n, ReadOnlySpan<double> x)
    {
        double f = offset;
        for (int i = 0; i < signs.Length; i++)
        {
            double z = parameters[i * (n + 1) + n];
            for (int k = 0; k < n; k++) z += parameters[i * (n + 1) + k] * x[k];
            if (z > 0) f += signs[i] * z;
        }
        return f;
    }

    /// <summary>
    /// The points whose constraints define the cone {z : x̃ⱼ·z ≥ 0 for j ∈ P⁺, ≤ 0 for j ∈ P⁻} of one split: a point is dropped
    /// when the others (still kept) already imply its constraint, i.e. when max over the cone ∩ [−1, 1]^{n+1} of its violation
    /// is 0 (the cone is scale-invariant, so the box loses nothing). The cone, hence every program, is unchanged; the interior-
    /// point method then works on about a third of the rows for points in the plane.
    /// </summary>
    internal static int[] IrredundantPoints(double[] lifted, int d, int block, ulong mask)
    {
        var kept = Enumerable.Range(0, d).ToList();
        var g = new double[d][];
        for (int j = 0; j < d; j++)
        {
            double sign = (mask >> j & 1UL) != 0 ? -1 : 1, norm = 0;
            for (int t = 0; t < block; t++) norm += lifted[j * block + t] * lifted[j * block + t];
            norm = Math.Sqrt(norm);
            g[j] = Enumerable.Range(0, block).Select(t => sign * lifted[j * block + t] / norm).ToArray();
        }
        var lower = Enumerable.Repeat(-1.0, block).ToArray();
        var upper = Enumerable.Repeat(1.0, block).ToArray();
        for (int r = d - 1; r >= 0; r--)
        {
            if (kept.Count <= 1) break;
            var others = kept.Where(j => j != r).ToList();
            var a = new double[others.Count, block];
            for (int i = 0; i < others.Count; i++) for (int t = 0; t < block; t++) a[i, t] = g[others[i]][t];
            var lp = SimplexSolver.Solve(new LinearProgram(g[r].Select(v => -v).ToArray(), a, new double[others.Count], lower: lower, upper: upper));
            // Optimal value −max violation: at most 1e-12 in size means the others imply row r.
            if (lp.Status == SolverStatus.Optimal && lp.ObjectiveValue >= -1e-12) kept.Remove(r);
        }
        return kept.ToArray();
    }

    private static void Keep(ref ErmCandidate? best, ref ErmCandidate? second, ErmCandidate? c)
    {
        if (c is null) return;
        if (ErmCandidate.Compare(c, best) < 0) { second = best; best = c; }
        else if (ErmCandidate.Compare(c, second) < 0 && ErmCandidate.Compare(c, best) != 0) second = c;
    }

    // The data, lifted and hashed, shared read-only by the workers.
    private sealed class Problem
    {
        public Problem(double[,] inputs, double[] targets, ulong[] splits, int width, ErmLoss loss, bool skipByBound, bool offset)
        {
            SkipByBound = skipByBound;
            Offset = offset;
            D = inputs.GetLength(0);
            N = inputs.GetLength(1);
            W = width;
            Loss = loss;
            Splits = splits;
            Targets = targets;
            Lifted = new double[D * (N + 1)];
            ulong hash = 14695981039346656037UL;
            void Mix(ulong v) { hash ^= v; hash *= 1099511628211UL; }
            Mix((ulong)D); Mix((ulong)N); Mix((ulong)width); Mix((ulong)loss);
            // Mixed in only with the offset, so fingerprints of runs without it are those of earlier versions.
            if (offset) Mix(0x0FF5E7UL);
            for (int j = 0; j < D; j++)
            {
                for (int k = 0; k < N; k++) { Lifted[j * (N + 1) + k] = inputs[j, k]; Mix(BitConverter.DoubleToUInt64Bits(inputs[j, k])); }
                Lifted[j * (N + 1) + N] = 1;
                Mix(BitConverter.DoubleToUInt64Bits(targets[j]));
            }
            Hash = hash;
            // Finding the irredundant rows costs D small linear programs per split; it pays only when each split is reused by
            // many programs, i.e. from width 2 on. Width 1 keeps every row (the same cone either way).
            var support = new int[splits.Length][];
            if (width >= 2) Parallel.For(0, splits.Length, s => support[s] = IrredundantPoints(Lifted, D, N + 1, splits[s]));
            else for (int s = 0; s < splits.Length; s++) support[s] = Enumerable.Range(0, D).ToArray();
            Support = support;
        }

        public int D { get; }
        public int N { get; }
        public int W { get; }
        public ErmLoss Loss { get; }
        public bool SkipByBound { get; }

        /// <summary>Whether the programs carry the output offset c (a free variable after the units' blocks).</summary>
        public bool Offset { get; }
        public ulong[] Splits { get; }

        /// <summary>The largest split index a unit may take: with an offset pruning rule 5 drops the full split (the last one).</summary>
        public int MaxSplit => Offset ? Splits.Length - 2 : Splits.Length - 1;

        /// <summary>Per split, the points whose cone constraints are irredundant (see <see cref="IrredundantPoints"/>).</summary>
        public int[][] Support { get; }
        public double[] Targets { get; }
        public double[] Lifted { get; }
        public ulong Hash { get; }
    }

    // One thread's buffers, solver and best two candidates; solving allocates only when a candidate improves.
    private sealed class Worker
    {
        private readonly Problem _p;
        private readonly InteriorPointQp _solver;
        private readonly int _vars, _rows, _block, _off;
        private readonly double[] _q, _c, _a, _b, _x, _lambda, _phi, _m, _basis, _residual;
        private readonly double _yScale;
        private readonly int[] _idx, _signs;
        private readonly ulong[] _masks;

        public Worker(Problem p)
        {
            _p = p;
            _block = p.N + 1;
            int netVars = p.W * _block;
            bool lp = p.Loss != ErmLoss.Squared;
            _off = p.Offset ? 1 : 0; // the offset c sits at index netVars, the slacks after it
            _vars = netVars + _off + (lp ? p.D : 0);
            _rows = p.W * p.D + (lp ? 2 * p.D : 0);
            _solver = new InteriorPointQp(_vars, _rows);
            _q = new double[_vars * _vars];
            _c = new double[_vars];
            _a = new double[_rows * _vars];
            _b = new double[_rows];
            _x = new double[_vars];
            _lambda = new double[_rows];
            _phi = new double[netVars];
            _m = new double[(netVars + _off) * p.D];
            _basis = new double[(netVars + _off) * p.D];
            _residual = new double[p.D];
            _yScale = 1 + 0.5 * p.Targets.Sum(t => t * t);
            _idx = new int[p.W];
            _signs = new int[p.W];
            _masks = new ulong[p.W];
        }

        public long Solved { get; private set; }
        public long NonOptimal { get; private set; }
        public long Pruned { get; private set; }
        public double WorstResidual { get; private set; }
        public long Iterations { get; private set; }
        public ErmCandidate? Best { get; private set; }
        public ErmCandidate? Second { get; private set; }

        public void RunTask(long task, int plus, int first)
        {
            int w = _p.W;
            for (int i = 0; i < w; i++) _signs[i] = i < plus ? 1 : -1;
            _idx[0] = first;
            for (int i = 1; i < w; i++) _idx[i] = MinAt(i, plus);
            long ordinal = 0;
            while (true)
            {
                SolveCurrent(task, ordinal++);
                // Next non-decreasing sequence inside each sign group; unit 0's split is fixed by the task.
                int pos = w - 1;
                while (pos >= 1 && _idx[pos] == _p.MaxSplit) pos--;
                if (pos < 1) return;
                _idx[pos]++;
                for (int i = pos + 1; i < w; i++) _idx[i] = MinAt(i, plus);
            }
        }

        // The smallest split index unit i may take: 0 for the first −1 unit, else its predecessor's (same group).
        private int MinAt(int i, int plus) => i == plus && plus >= 1 ? 0 : _idx[i - 1];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SolveCurrent(long task, long ordinal)
        {
            int w = _p.W, d = _p.D, b = _block, netVars = w * b, vars = _vars, off = _off, slack = netVars + off;
            for (int i = 0; i < w; i++) _masks[i] = _p.Splits[_idx[i]];
            Array.Clear(_q, 0, vars * vars);
            // Loss rows first (linear losses: two per point), then the cone rows of every unit, irredundant ones only.
            int lossRows = _p.Loss == ErmLoss.Squared ? 0 : 2 * d;
            int rows = lossRows;
            for (int i = 0; i < w; i++) rows += _p.Support[_idx[i]].Length;
            Array.Clear(_c, 0, vars);
            Array.Clear(_a, 0, rows * vars);
            Array.Clear(_b, 0, rows);
            ReadOnlySpan<double> lifted = _p.Lifted;
            int row = lossRows;
            for (int i = 0; i < w; i++)
                foreach (int j in _p.Support[_idx[i]])
                {
                    double sign = (_masks[i] >> j & 1UL) != 0 ? -1 : 1;
                    int o = row++ * vars + i * b;
                    for (int t = 0; t < b; t++) _a[o + t] = sign * lifted[j * b + t];
                }
            for (int j = 0; j < d; j++)
            {
                double y = _p.Targets[j];
                for (int i = 0; i < w; i++)
                {
                    bool on = (_masks[i] >> j & 1UL) != 0;
                    for (int t = 0; t < b; t++) _phi[i * b + t] = on ? _signs[i] * lifted[j * b + t] : 0;
                }
                switch (_p.Loss)
                {
                    case ErmLoss.Squared:
                        // ½(φ·z + c − yⱼ)²: the offset's coefficient in the prediction is 1.
                        for (int r = 0; r < netVars; r++) _m[r * d + j] = _phi[r];
                        if (off == 1) _m[netVars * d + j] = 1;
                        for (int r = 0; r < netVars; r++)
                        {
                            double pr = _phi[r];
                            if (pr == 0) continue;
                            _c[r] -= y * pr;
                            for (int s = 0; s < netVars; s++) _q[r * vars + s] += pr * _phi[s];
                            if (off == 1) { _q[r * vars + netVars] += pr; _q[netVars * vars + r] += pr; }
                        }
                        if (off == 1) { _c[netVars] -= y; _q[netVars * vars + netVars] += 1; }
                        break;
                    case ErmLoss.Absolute:
                    {
                        // φ·z + c − tⱼ ≤ yⱼ and −φ·z − c − tⱼ ≤ −yⱼ.
                        int r1 = 2 * j * vars, r2 = r1 + vars;
                        for (int r = 0; r < netVars; r++) { _a[r1 + r] = _phi[r]; _a[r2 + r] = -_phi[r]; }
                        if (off == 1) { _a[r1 + netVars] = 1; _a[r2 + netVars] = -1; }
                        _a[r1 + slack + j] = -1; _a[r2 + slack + j] = -1;
                        _b[2 * j] = y; _b[2 * j + 1] = -y;
                        _c[slack + j] = 1;
                        break;
                    }
                    default:
                    {
                        // −yⱼ (φ·z + c) − tⱼ ≤ −1 and −tⱼ ≤ 0.
                        int r1 = 2 * j * vars, r2 = r1 + vars;
                        for (int r = 0; r < netVars; r++) _a[r1 + r] = -y * _phi[r];
                        if (off == 1) _a[r1 + netVars] = -y;
                        _a[r1 + slack + j] = -1; _a[r2 + slack + j] = -1;
                        _b[2 * j] = -1; _b[2 * j + 1] = 0;
                        _c[slack + j] = 1;
                        break;
                    }
                }
            }
            if (_p.SkipByBound && _p.Loss == ErmLoss.Squared && Second is not null && LeastSquaresBound(netVars + off) > Second.Loss + 1e-9 * _yScale)
            {
                Pruned++;
                return;
            }
            var status = _solver.Solve(vars, rows, 0, _q, _c, _a, _b, [], [], _x, _lambda, [], SolverTolerance, 200);
            Solved++;
            Iterations += _solver.Iterations;
            if (status != SolverStatus.Optimal) NonOptimal++;
            WorstResidual = Math.Max(WorstResidual, _solver.RelativeResidual);
            double offset = off == 1 ? _x[netVars] : 0;
            double loss = NetworkLoss(_x.AsSpan(0, netVars), offset);
            if (!double.IsFinite(loss)) return;
            bool beatsSecond = Second is null || loss < Second.Loss || (loss == Second.Loss && (task < Second.Task || (task == Second.Task && ordinal < Second.Ordinal)));
            if (!beatsSecond) return;
            var candidate = new ErmCandidate(loss, task, ordinal, _x[..netVars], (int[])_signs.Clone(), (ulong[])_masks.Clone(), _solver.Residual, offset);
            if (ErmCandidate.Compare(candidate, Best) < 0) { Second = Best; Best = candidate; }
            else Second = candidate;
        }

        // ½‖y − Py‖², P the projection onto the span of the feature columns (the program without its cone constraints), by
        // modified Gram–Schmidt done twice. Any column with a nonzero remainder joins the basis, even one that is only
        // rounding noise: an extra direction can only shrink the residual, so the value stays a lower bound.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double LeastSquaresBound(int columns)
        {
            int d = _p.D, rank = 0;
            Span<double> basis = _basis, residual = _residual;
            for (int r = 0; r < columns; r++)
            {
                Span<double> v = basis.Slice(rank * d, d);
                double original = 0;
                for (int j = 0; j < d; j++) { v[j] = _m[r * d + j]; original += v[j] * v[j]; }
                if (original == 0) continue;
                for (int pass = 0; pass < 2; pass++)
                    for (int k = 0; k < rank; k++)
                    {
                        ReadOnlySpan<double> q = basis.Slice(k * d, d);
                        double dot = 0;
                        for (int j = 0; j < d; j++) dot += q[j] * v[j];
                        for (int j = 0; j < d; j++) v[j] -= dot * q[j];
                    }
                double norm = 0;
                for (int j = 0; j < d; j++) norm += v[j] * v[j];
                if (norm <= 1e-28 * original) continue; // exactly dependent to working precision
                double inv = 1 / Math.Sqrt(norm);
                for (int j = 0; j < d; j++) v[j] *= inv;
                rank++;
            }
            for (int j = 0; j < d; j++) residual[j] = _p.Targets[j];
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < rank; k++)
                {
                    ReadOnlySpan<double> q = basis.Slice(k * d, d);
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += q[j] * residual[j];
                    for (int j = 0; j < d; j++) residual[j] -= dot * q[j];
                }
            double bound = 0;
            for (int j = 0; j < d; j++) bound += residual[j] * residual[j];
            return 0.5 * bound;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double NetworkLoss(ReadOnlySpan<double> z, double offset)
        {
            int n = _p.N, d = _p.D;
            double total = 0;
            for (int j = 0; j < d; j++)
            {
                double f = Evaluate(z, _signs, offset, n, _p.Lifted.AsSpan(j * (n + 1), n));
                double y = _p.Targets[j];
                total += _p.Loss switch
                {
                    ErmLoss.Squared => 0.5 * (f - y) * (f - y),
                    ErmLoss.Absolute => Math.Abs(f - y),
                    _ => Math.Max(0, 1 - y * f),
                };
            }
            return total;
        }
    }
}
