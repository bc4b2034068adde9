namespace DslNets.Gpu;

/// <summary>
/// How many distinct activation patterns <see cref="Points"/> random points of a box met: a lower bound on the number of
/// linear regions that meet the box (each pattern met is one region), exact only when every region was hit.
/// </summary>
/// <param name="Points">The points drawn.</param>
/// <param name="DistinctPatterns">Distinct pattern hashes among them.</param>
/// <param name="CollisionProbabilityBound">
/// An upper bound on the chance that two distinct patterns shared a 64-bit hash (D(D−1)/2 · 2⁻⁶⁴), which would make the
/// count one too low.
/// </param>
public sealed record PatternCount(long Points, long DistinctPatterns, double CollisionProbabilityBound);
