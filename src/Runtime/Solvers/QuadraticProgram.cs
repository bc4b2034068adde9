namespace DslNets.Solvers;

/// <summary>
/// A convex quadratic program: minimise ½xᵀQx + cᵀx subject to A x ≤ b and E x = d, with Q symmetric positive
/// semidefinite. Variables are free; put bounds into A. Matrices are dense, one row per constraint.
/// </summary>
public sealed class QuadraticProgram
{
    /// <summary>Creates a program and checks its shapes, finiteness and the symmetry of Q (PSD is checked by <see cref="QpSolver"/>).</summary>
    /// <param name="q">Q (n × n), symmetric.</param>
    /// <param name="c">c (n).</param>
    /// <param name="inequalityMatrix">A (m × n), or null.</param>
    /// <param name="inequalityBounds">b (m), or null.</param>
    /// <param name="equalityMatrix">E (p × n), or null.</param>
    /// <param name="equalityValues">d (p), or null.</param>
    public QuadraticProgram(double[,] q, double[] c, double[,]? inequalityMatrix = null, double[]? inequalityBounds = null,
        double[,]? equalityMatrix = null, double[]? equalityValues = null)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(c);
        int n = c.Length;
        if (n == 0) throw new ArgumentException("Expected at least one variable but c has length 0.", nameof(c));
        if (q.GetLength(0) != n || q.GetLength(1) != n)
            throw new ArgumentException($"Expected Q of shape {n}×{n} (c has length {n}) but got {q.GetLength(0)}×{q.GetLength(1)}.", nameof(q));
        double scale = 0;
        foreach (double v in q)
        {
            if (!double.IsFinite(v)) throw new ArgumentException($"Expected finite entries in Q but found {v}.", nameof(q));
            scale = Math.Max(scale, Math.Abs(v));
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                if (Math.Abs(q[i, j] - q[j, i]) > 1e-12 * (1 + scale))
                    throw new ArgumentException($"Expected a symmetric Q but Q[{i},{j}] = {q[i, j]} and Q[{j},{i}] = {q[j, i]}.", nameof(q));
        foreach (double v in c)
            if (!double.IsFinite(v)) throw new ArgumentException($"Expected finite entries in c but found {v}.", nameof(c));
        // The linear program checks the constraint blocks' shapes and finiteness with the same messages.
        _ = new LinearProgram(c, inequalityMatrix, inequalityBounds, equalityMatrix, equalityValues);
        Q = q; C = c;
        InequalityMatrix = inequalityMatrix ?? new double[0, n];
        InequalityBounds = inequalityBounds ?? [];
        EqualityMatrix = equalityMatrix ?? new double[0, n];
        EqualityValues = equalityValues ?? [];
    }

    /// <summary>Q.</summary>
    public double[,] Q { get; }

    /// <summary>c.</summary>
    public double[] C { get; }

    /// <summary>A (possibly with no rows).</summary>
    public double[,] InequalityMatrix { get; }

    /// <summary>b.</summary>
    public double[] InequalityBounds { get; }

    /// <summary>E (possibly with no rows).</summary>
    public double[,] EqualityMatrix { get; }

    /// <summary>d.</summary>
    public double[] EqualityValues { get; }

    /// <summary>n.</summary>
    public int VariableCount => C.Length;

    /// <summary>½xᵀQx + cᵀx.</summary>
    public double Evaluate(ReadOnlySpan<double> x)
    {
        int n = VariableCount;
        if (x.Length != n) throw new ArgumentException($"Expected a point of length {n} but got {x.Length}.", nameof(x));
        double v = 0;
        for (int i = 0; i < n; i++)
        {
            double qx = 0;
            for (int j = 0; j < n; j++) qx += Q[i, j] * x[j];
            v += x[i] * (0.5 * qx + C[i]);
        }
        return v;
    }
}
