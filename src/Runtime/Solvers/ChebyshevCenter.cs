namespace DslNets.Solvers;

/// <summary>The largest ball inside a polyhedron, capped: the feasibility question of region enumeration.</summary>
/// <param name="Status">Optimal when a centre was found; Infeasible when the closed polyhedron is empty.</param>
/// <param name="Center">The centre (empty unless Optimal).</param>
/// <param name="Radius">min(cap, the largest r with aᵢᵀx + r‖aᵢ‖ ≤ bᵢ for every row and box face); 0 when the polyhedron is flat; NaN unless Optimal.</param>
public sealed record ChebyshevBall(SolverStatus Status, double[] Center, double Radius)
{
    /// <summary>True when the open polyhedron is nonempty: the ball's radius exceeds <paramref name="tolerance"/>.</summary>
    public bool HasInterior(double tolerance = 1e-9) => Status == SolverStatus.Optimal && Radius > tolerance;
}

/// <summary>
/// Chebyshev centres by linear programming (<see cref="SimplexSolver"/>): maximise r subject to
/// aᵢᵀx + r‖aᵢ‖ ≤ bᵢ, lowerₖ + r ≤ xₖ ≤ upperₖ − r (finite box faces only), E x = d, 0 ≤ r ≤ cap.
/// </summary>
/// <remarks>
/// With no equalities the radius is the Euclidean Chebyshev radius (capped): the interior {A x &lt; b} inside the open box
/// is nonempty exactly when it is positive. With equalities the norms are still taken in the whole space, so the
/// radius is positive exactly when the affine set {E x = d} meets the open polyhedron: this answers "does this
/// hyperplane cross this region". A row with aᵢ = 0 constrains nothing when bᵢ ≥ 0 and empties the polyhedron otherwise.
/// </remarks>
public static class ChebyshevCenter
{
    /// <summary>Finds the capped Chebyshev ball of {x : A x ≤ b, E x = d, lower ≤ x ≤ upper}.</summary>
    /// <param name="inequalityMatrix">A (rows × n).</param>
    /// <param name="inequalityBounds">b.</param>
    /// <param name="equalityMatrix">E, or null.</param>
    /// <param name="equalityValues">d, or null.</param>
    /// <param name="lower">Box lower bounds (null: none; entries may be −∞).</param>
    /// <param name="upper">Box upper bounds (null: none; entries may be +∞).</param>
    /// <param name="radiusCap">The cap on r (positive); it keeps the program bounded on unbounded polyhedra.</param>
    /// <param name="tolerance">The simplex tolerance.</param>
    public static ChebyshevBall Find(double[,] inequalityMatrix, double[] inequalityBounds,
        double[,]? equalityMatrix = null, double[]? equalityValues = null,
        double[]? lower = null, double[]? upper = null, double radiusCap = 1.0, double tolerance = SimplexSolver.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(inequalityMatrix);
        ArgumentNullException.ThrowIfNull(inequalityBounds);
        if (!(radiusCap > 0) || !double.IsFinite(radiusCap))
            throw new ArgumentOutOfRangeException(nameof(radiusCap), radiusCap, "Expected a positive finite radius cap.");
        int n = inequalityMatrix.GetLength(1), m = inequalityMatrix.GetLength(0);
        if (inequalityBounds.Length != m)
            throw new ArgumentException($"Expected {m} bounds (one per row of the inequality matrix) but got {inequalityBounds.Length}.", nameof(inequalityBounds));
        if (lower is not null && lower.Length != n) throw new ArgumentException($"Expected {n} lower bounds but got {lower.Length}.", nameof(lower));
        if (upper is not null && upper.Length != n) throw new ArgumentException($"Expected {n} upper bounds but got {upper.Length}.", nameof(upper));
        int boxRows = 0;
        for (int k = 0; k < n; k++)
        {
            if (lower is not null && double.IsFinite(lower[k])) boxRows++;
            if (upper is not null && double.IsFinite(upper[k])) boxRows++;
        }
        var a = new double[m + boxRows, n + 1];
        var b = new double[m + boxRows];
        for (int i = 0; i < m; i++)
        {
            double norm = 0;
            for (int k = 0; k < n; k++) { a[i, k] = inequalityMatrix[i, k]; norm += inequalityMatrix[i, k] * inequalityMatrix[i, k]; }
            a[i, n] = Math.Sqrt(norm);
            b[i] = inequalityBounds[i];
        }
        int row = m;
        for (int k = 0; k < n; k++)
        {
            if (lower is not null && double.IsFinite(lower[k])) { a[row, k] = -1; a[row, n] = 1; b[row++] = -lower[k]; }
            if (upper is not null && double.IsFinite(upper[k])) { a[row, k] = 1; a[row, n] = 1; b[row++] = upper[k]; }
        }
        double[,]? e = null;
        if (equalityMatrix is not null)
        {
            if (equalityMatrix.GetLength(1) != n)
                throw new ArgumentException($"Expected the equality matrix to have {n} columns but it has {equalityMatrix.GetLength(1)}.", nameof(equalityMatrix));
            e = new double[equalityMatrix.GetLength(0), n + 1];
            for (int i = 0; i < e.GetLength(0); i++) for (int k = 0; k < n; k++) e[i, k] = equalityMatrix[i, k];
        }
        var c = new double[n + 1];
        c[n] = -1;
        var lo = new double[n + 1];
        var hi = new double[n + 1];
        for (int k = 0; k < n; k++) { lo[k] = double.NegativeInfinity; hi[k] = double.PositiveInfinity; }
        hi[n] = radiusCap;
        var lp = new LinearProgram(c, a, b, e, equalityValues, lo, hi);
        var result = SimplexSolver.Solve(lp, tolerance: tolerance);
        if (result.Status != SolverStatus.Optimal) return new ChebyshevBall(result.Status, [], double.NaN);
        return new ChebyshevBall(SolverStatus.Optimal, result.X[..n], result.X[n]);
    }
}
