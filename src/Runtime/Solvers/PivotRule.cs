namespace DslNets.Solvers;

/// <summary>How the simplex method chooses the entering and leaving variables.</summary>
public enum PivotRule
{
    /// <summary>
    /// Dantzig's rule (most negative reduced cost; ties in the ratio test to the lowest-index basic variable), switching to
    /// Bland's rule after a run of degenerate pivots and back after the first pivot that moves. Cycling can only
    /// happen inside a run of degenerate pivots, and Bland's rule cannot cycle, so the method terminates.
    /// </summary>
    DantzigWithBlandFallback = 0,
    /// <summary>Bland's rule throughout: the lowest-index improving column, and the lowest-index basic variable among tied ratios. Never cycles.</summary>
    Bland = 1,
    /// <summary>Dantzig's rule alone (ratio ties to the lowest-index basic variable), with no anti-cycling safeguard. Can cycle on degenerate problems (Beale's example); kept for tests and comparison.</summary>
    Dantzig = 2,
}
