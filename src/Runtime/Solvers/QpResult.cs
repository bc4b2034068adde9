namespace DslNets.Solvers;

/// <summary>The outcome of a quadratic program.</summary>
/// <param name="Status">Optimal, Infeasible, Unbounded or IterationLimit.</param>
/// <param name="X">The point (empty when infeasible or unbounded).</param>
/// <param name="InequalityMultipliers">λ ≥ 0, one per row of A (empty when infeasible or unbounded).</param>
/// <param name="EqualityMultipliers">ν, one per row of E (empty when infeasible or unbounded).</param>
/// <param name="ObjectiveValue">½xᵀQx + cᵀx at X (NaN when infeasible, −∞ when unbounded).</param>
/// <param name="Residual">The KKT residual of (X, λ, ν), computed from the problem data.</param>
/// <param name="Iterations">Interior-point iterations.</param>
public sealed record QpResult(SolverStatus Status, double[] X, double[] InequalityMultipliers, double[] EqualityMultipliers,
    double ObjectiveValue, KktResidual Residual, int Iterations);
