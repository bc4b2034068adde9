using DslNets.Solvers;

namespace DslNets.Runtime.Tests.Solvers;

/// <summary>What a random program is built to be.</summary>
public enum RandomProgramKind
{
    /// <summary>Feasible and bounded; half of them with a known optimal value.</summary>
    Feasible = 0,
    /// <summary>Infeasible by a hidden Farkas certificate over several rows (and bounds).</summary>
    Infeasible = 1,
    /// <summary>Feasible with a recession direction along which the objective falls.</summary>
    Unbounded = 2,
    /// <summary>Feasible and bounded with a degenerate optimum: many tight rows, duplicated and redundant rows, a zero row.</summary>
    Degenerate = 3,
}

/// <summary>A random program, what it was built to be, and its optimal value where the construction knows it.</summary>
public sealed record RandomProgram(LinearProgram Program, RandomProgramKind Kind, SolverStatus Expected, double? KnownOptimum);

/// <summary>
/// Seeded random linear programs of 2 to 50 variables with every kind of bound (x ≥ 0, free, boxed, upper only), ≤ and =
/// rows, Gaussian entries. Each is built around a point x₀ inside the bounds: the rows are made to hold at x₀ (many of them
/// tightly), so the program is feasible, and then
/// <list type="bullet">
/// <item>bounded: c = −Aᵀy − Eᵀμ + z_l − z_u with y, z_l, z_u ≥ 0 (z only on finite bounds) is dual feasible; when y and z
/// sit only on rows and bounds tight at x₀, complementary slackness makes x₀ optimal and cᵀx₀ the known optimum;</item>
/// <item>infeasible: one more row −Σ yᵢaᵢ − Σ μⱼeⱼ + Σ z_k e_k ≤ −Σ yᵢbᵢ − Σ μⱼdⱼ + Σ z_k l_k − δ, which with the
/// others (and x_k ≥ l_k) sums to 0 ≤ −δ;</item>
/// <item>unbounded: a ray r that the bounds allow, with every row turned so that aᵢ·r ≤ 0 and eⱼ·r = 0, and c·r &lt; 0.</item>
/// </list>
/// </summary>
public static class RandomLinearPrograms
{
    /// <summary>The program of <paramref name="kind"/> for <paramref name="seed"/>.</summary>
    public static RandomProgram Create(RandomProgramKind kind, int seed)
    {
        var random = new SeededRandom(1_000_003L * (int)kind + seed);
        bool degenerate = kind == RandomProgramKind.Degenerate;
        // A third of the degenerate programs are conic at x₀: every row tight there, x₀ at its bounds or 0.
        bool conic = degenerate && random.NextDouble() < 1.0 / 3;
        int n = 2 + random.NextInt(49);
        var lower = new double[n];
        var upper = new double[n];
        var x0 = new double[n];
        var ray = new double[n];
        for (int k = 0; k < n; k++)
        {
            double g = Math.Abs(random.NextGaussian());
            switch (random.NextInt(8))
            {
                case 5: // free
                    (lower[k], upper[k], x0[k], ray[k]) = (double.NegativeInfinity, double.PositiveInfinity, conic ? 0 : random.NextGaussian(), random.NextGaussian());
                    break;
                case 6: // boxed: no ray component
                {
                    lower[k] = -(0.5 + g);
                    upper[k] = 0.5 + Math.Abs(random.NextGaussian());
                    double u = random.NextDouble();
                    x0[k] = u < (degenerate ? 0.4 : 0.2) || (conic && u < 0.7) ? lower[k] : u < (degenerate ? 0.8 : 0.4) || conic ? upper[k] : lower[k] + random.NextDouble() * (upper[k] - lower[k]);
                    break;
                }
                case 7: // upper bound only
                    upper[k] = random.NextGaussian();
                    lower[k] = double.NegativeInfinity;
                    x0[k] = conic || random.NextDouble() < (degenerate ? 0.6 : 0.3) ? upper[k] : upper[k] - g;
                    ray[k] = random.NextDouble() < 0.3 ? 0 : -Math.Abs(random.NextGaussian());
                    break;
                default: // x ≥ 0
                    upper[k] = double.PositiveInfinity;
                    x0[k] = conic || random.NextDouble() < (degenerate ? 0.6 : 0.3) ? 0 : g;
                    ray[k] = random.NextDouble() < 0.3 ? 0 : Math.Abs(random.NextGaussian());
                    break;
            }
        }

        if (kind == RandomProgramKind.Unbounded && ray.All(r => r == 0))
        {
            // Every variable boxed or the draws all zero: free the first variable so that a ray exists.
            (lower[0], upper[0], ray[0]) = (double.NegativeInfinity, double.PositiveInfinity, 1);
        }

        int mIneq = 1 + random.NextInt(n + 10), mEq = random.NextInt(n / 3 + 1);
        var a = new List<double[]>();
        var tight = new List<bool>();
        for (int i = 0; i < mIneq; i++)
        {
            a.Add(RandomRow(random, n));
            tight.Add(conic || random.NextDouble() < (degenerate ? 0.7 : 0.3));
        }

        var e = new List<double[]>();
        for (int j = 0; j < mEq; j++) e.Add(RandomRow(random, n));

        if (kind == RandomProgramKind.Unbounded)
        {
            double rr = Dot(ray, ray);
            foreach (double[] row in a)
            {
                double rho = random.NextDouble() < 0.5 ? 0 : Math.Abs(random.NextGaussian());
                double t = (Dot(row, ray) + rho) / rr;
                for (int k = 0; k < n; k++) row[k] -= t * ray[k];
            }

            foreach (double[] row in e)
            {
                double t = Dot(row, ray) / rr;
                for (int k = 0; k < n; k++) row[k] -= t * ray[k];
            }
        }

        if (degenerate)
        {
            // Duplicated rows, a redundant equality (the sum of two), a zero row: all hold at x₀.
            for (int copies = 1 + random.NextInt(3); copies > 0; copies--)
            {
                int i = random.NextInt(a.Count);
                a.Add((double[])a[i].Clone());
                tight.Add(tight[i]);
            }

            if (e.Count >= 2) e.Add(e[0].Zip(e[1], (p, q) => p + q).ToArray());
            if (e.Count >= 1) e.Add((double[])e[0].Clone());
            a.Add(new double[n]);
            tight.Add(false);
        }

        var b = new List<double>(a.Count + 1);
        for (int i = 0; i < a.Count; i++) b.Add(Dot(a[i], x0) + (tight[i] ? 0 : 0.1 + Math.Abs(random.NextGaussian())));
        var d = e.Select(row => Dot(row, x0)).ToArray();

        var c = new double[n];
        double? known = null;
        SolverStatus expected = SolverStatus.Optimal;
        switch (kind)
        {
            case RandomProgramKind.Unbounded:
            {
                for (int k = 0; k < n; k++) c[k] = random.NextGaussian();
                double t = (Dot(c, ray) + 0.1 + Math.Abs(random.NextGaussian())) / Dot(ray, ray);
                for (int k = 0; k < n; k++) c[k] -= t * ray[k];
                expected = SolverStatus.Unbounded;
                break;
            }
            case RandomProgramKind.Infeasible:
                for (int k = 0; k < n; k++) c[k] = random.NextGaussian();
                AddFarkasRow(random, a, b, e, d, lower, n);
                expected = SolverStatus.Infeasible;
                break;
            default:
            {
                // Complementary multipliers (x₀ optimal) for the degenerate programs and half of the feasible ones.
                bool complementary = degenerate || random.NextDouble() < 0.5;
                for (int i = 0; i < a.Count; i++)
                {
                    if (complementary && b[i] != Dot(a[i], x0)) continue;
                    if (random.NextDouble() < 0.3) continue;
                    double y = Math.Abs(random.NextGaussian());
                    for (int k = 0; k < n; k++) c[k] -= y * a[i][k];
                }

                foreach (double[] row in e)
                {
                    double mu = random.NextGaussian();
                    for (int k = 0; k < n; k++) c[k] -= mu * row[k];
                }

                for (int k = 0; k < n; k++)
                {
                    if (random.NextDouble() < 0.3) continue;
                    if (double.IsFinite(lower[k]) && (!complementary || x0[k] == lower[k])) c[k] += Math.Abs(random.NextGaussian());
                    else if (double.IsFinite(upper[k]) && (!complementary || x0[k] == upper[k])) c[k] -= Math.Abs(random.NextGaussian());
                }

                if (complementary) known = Dot(c, x0);
                break;
            }
        }

        // The rows' order is shuffled so that the special rows are not always last.
        int[] order = Enumerable.Range(0, a.Count).ToArray();
        random.Shuffle<int>(order);
        var inequalityMatrix = new double[a.Count, n];
        var inequalityBounds = new double[a.Count];
        for (int r = 0; r < order.Length; r++)
        {
            for (int k = 0; k < n; k++) inequalityMatrix[r, k] = a[order[r]][k];
            inequalityBounds[r] = b[order[r]];
        }

        double[,]? equalityMatrix = null;
        if (e.Count > 0)
        {
            equalityMatrix = new double[e.Count, n];
            for (int j = 0; j < e.Count; j++) for (int k = 0; k < n; k++) equalityMatrix[j, k] = e[j][k];
        }

        var program = new LinearProgram(c, inequalityMatrix, inequalityBounds, equalityMatrix, e.Count > 0 ? d : null, lower, upper);
        return new RandomProgram(program, kind, expected, known);
    }

    private static void AddFarkasRow(SeededRandom random, List<double[]> a, List<double> b, List<double[]> e, double[] d, double[] lower, int n)
    {
        var row = new double[n];
        double rhs = -(0.05 + Math.Abs(random.NextGaussian()));
        int used = 1 + random.NextInt(Math.Min(a.Count, 5));
        int[] rows = Enumerable.Range(0, a.Count).ToArray();
        random.Shuffle<int>(rows);
        foreach (int i in rows.Take(used))
        {
            double y = 0.5 + Math.Abs(random.NextGaussian());
            for (int k = 0; k < n; k++) row[k] -= y * a[i][k];
            rhs -= y * b[i];
        }

        for (int j = 0; j < e.Count; j++)
        {
            if (random.NextDouble() < 0.5) continue;
            double mu = random.NextGaussian();
            for (int k = 0; k < n; k++) row[k] -= mu * e[j][k];
            rhs -= mu * d[j];
        }

        for (int k = 0; k < n; k++)
        {
            if (!double.IsFinite(lower[k]) || random.NextDouble() < 0.5) continue;
            double z = Math.Abs(random.NextGaussian());
            row[k] += z;
            rhs += z * lower[k];
        }

        a.Add(row);
        b.Add(rhs);
    }

    private static double[] RandomRow(SeededRandom random, int n)
    {
        var row = new double[n];
        for (int k = 0; k < n; k++) row[k] = random.NextDouble() < 0.3 ? 0 : random.NextGaussian();
        return row;
    }

    private static double Dot(double[] u, double[] v)
    {
        double s = 0;
        for (int k = 0; k < u.Length; k++) s += u[k] * v[k];
        return s;
    }
}
