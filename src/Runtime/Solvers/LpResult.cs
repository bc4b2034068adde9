namespace DslNets.Solvers;

/// <summary>The outcome of a linear program.</summary>
/// <param name="Status">Optimal, infeasible, unbounded, or iteration limit.</param>
/// <param name="X">The optimal point when <paramref name="Status"/> is Optimal; otherwise empty.</param>
/// <param name="ObjectiveValue">cᵀx at <paramref name="X"/> (NaN unless Optimal; −∞ when unbounded).</param>
/// <param name="Iterations">Simplex pivots over both phases.</param>
public sealed record LpResult(SolverStatus Status, double[] X, double ObjectiveValue, int Iterations);
