namespace DslNets.Solvers;

/// <summary>How a linear or quadratic program ended.</summary>
public enum SolverStatus
{
    /// <summary>An optimal point was found (to the solver's documented tolerance).</summary>
    Optimal = 0,
    /// <summary>No point satisfies the constraints.</summary>
    Infeasible = 1,
    /// <summary>The objective decreases without bound over the feasible set.</summary>
    Unbounded = 2,
    /// <summary>The iteration limit was reached first (the returned point is the last iterate).</summary>
    IterationLimit = 3,
}
