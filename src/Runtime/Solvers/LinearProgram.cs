namespace DslNets.Solvers;

/// <summary>
/// A linear program in the form minimise cᵀx subject to A_ub x ≤ b_ub, A_eq x = b_eq, lower ≤ x ≤ upper.
/// Bounds may be infinite (a free variable has lower = −∞ and upper = +∞). Matrices are dense, row per constraint.
/// </summary>
public sealed class LinearProgram
{
    /// <summary>Creates a program and checks that every shape agrees with the number of variables.</summary>
    /// <param name="objective">c, one entry per variable.</param>
    /// <param name="inequalityMatrix">A_ub (rows × variables), or null for none.</param>
    /// <param name="inequalityBounds">b_ub, one per row of A_ub, or null for none.</param>
    /// <param name="equalityMatrix">A_eq (rows × variables), or null for none.</param>
    /// <param name="equalityValues">b_eq, one per row of A_eq, or null for none.</param>
    /// <param name="lower">Lower bounds (null: all 0, the usual x ≥ 0). Use <see cref="double.NegativeInfinity"/> for none.</param>
    /// <param name="upper">Upper bounds (null: all +∞).</param>
    public LinearProgram(
        double[] objective,
        double[,]? inequalityMatrix = null,
        double[]? inequalityBounds = null,
        double[,]? equalityMatrix = null,
        double[]? equalityValues = null,
        double[]? lower = null,
        double[]? upper = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        int n = objective.Length;
        if (n == 0) throw new ArgumentException("Expected at least one variable but the objective has length 0.", nameof(objective));
        CheckBlock(inequalityMatrix, inequalityBounds, n, nameof(inequalityMatrix), nameof(inequalityBounds));
        CheckBlock(equalityMatrix, equalityValues, n, nameof(equalityMatrix), nameof(equalityValues));
        lower ??= new double[n];
        upper ??= Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        if (lower.Length != n) throw new ArgumentException($"Expected {n} lower bounds (one per variable) but got {lower.Length}.", nameof(lower));
        if (upper.Length != n) throw new ArgumentException($"Expected {n} upper bounds (one per variable) but got {upper.Length}.", nameof(upper));
        for (int k = 0; k < n; k++)
        {
            if (!double.IsFinite(objective[k])) throw new ArgumentException($"Expected finite objective coefficients but c[{k}] = {objective[k]}.", nameof(objective));
            if (double.IsNaN(lower[k]) || double.IsNaN(upper[k]) || lower[k] == double.PositiveInfinity || upper[k] == double.NegativeInfinity)
                throw new ArgumentException($"Expected bounds with lower < +∞ and upper > −∞ but variable {k} has [{lower[k]}, {upper[k]}].");
        }
        Objective = objective;
        InequalityMatrix = inequalityMatrix;
        InequalityBounds = inequalityBounds;
        EqualityMatrix = equalityMatrix;
        EqualityValues = equalityValues;
        Lower = lower;
        Upper = upper;
    }

    private static void CheckBlock(double[,]? matrix, double[]? rhs, int n, string matrixName, string rhsName)
    {
        if (matrix is null != rhs is null)
            throw new ArgumentException($"Expected '{matrixName}' and '{rhsName}' both given or both null but only one was given.");
        if (matrix is null || rhs is null) return;
        if (matrix.GetLength(1) != n)
            throw new ArgumentException($"Expected '{matrixName}' to have {n} columns (one per variable) but it has {matrix.GetLength(1)}.", matrixName);
        if (matrix.GetLength(0) != rhs.Length)
            throw new ArgumentException($"Expected '{rhsName}' of length {matrix.GetLength(0)} (one per row of '{matrixName}') but got {rhs.Length}.", rhsName);
        foreach (double v in matrix)
            if (!double.IsFinite(v)) throw new ArgumentException($"Expected finite entries in '{matrixName}' but found {v}.", matrixName);
        foreach (double v in rhs)
            if (!double.IsFinite(v)) throw new ArgumentException($"Expected finite entries in '{rhsName}' but found {v}.", rhsName);
    }

    /// <summary>c.</summary>
    public double[] Objective { get; }

    /// <summary>A_ub, or null.</summary>
    public double[,]? InequalityMatrix { get; }

    /// <summary>b_ub, or null.</summary>
    public double[]? InequalityBounds { get; }

    /// <summary>A_eq, or null.</summary>
    public double[,]? EqualityMatrix { get; }

    /// <summary>b_eq, or null.</summary>
    public double[]? EqualityValues { get; }

    /// <summary>Per-variable lower bounds (may be −∞).</summary>
    public double[] Lower { get; }

    /// <summary>Per-variable upper bounds (may be +∞).</summary>
    public double[] Upper { get; }

    /// <summary>The number of variables.</summary>
    public int VariableCount => Objective.Length;

    /// <summary>The number of inequality rows.</summary>
    public int InequalityCount => InequalityBounds?.Length ?? 0;

    /// <summary>The number of equality rows.</summary>
    public int EqualityCount => EqualityValues?.Length ?? 0;
}
