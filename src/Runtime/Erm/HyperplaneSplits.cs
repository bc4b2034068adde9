using DslNets.Solvers;

namespace DslNets.Erm;

/// <summary>
/// Every split (P⁺, P⁻) of a point set that an affine hyperplane realises strictly: P⁺ = {j : a·xⱼ + b &gt; 0},
/// P⁻ = {j : a·xⱼ + b &lt; 0}, no point on the hyperplane. A split is a bit mask of P⁺ (bit j for point j), so at most 64 points.
/// </summary>
/// <remarks>
/// <para>Counts. D points in general position in Rⁿ (D ≥ n + 1) give 2·Σ_{k=0}^{n} C(D−1, k) splits (Cover 1965), both trivial
/// splits (everything on one side) included. Degenerate sets: points spanning only an affine subspace of dimension d and in general
/// position inside it give 2·Σ_{k=0}^{d} C(D−1, k): for example D distinct collinear points in the plane give 2D.
/// Repeated points always fall on the same side, so D points with only D′ distinct positions give the count of the D′ distinct ones.</para>
/// <para>Partly degenerate sets in the plane (D distinct points, some lines holding three or more): the splits are the regions
/// of the central arrangement of the D planes {(a, b) : a·xⱼ + b = 0} in R³, and Zaslavsky's theorem gives their number as
/// Σ over flats of |μ|. Its rank-2 flats are the lines of the plane through at least two of the points (all (a, b) vanishing
/// on them), a line with k points having μ = k − 1, and the arrangement is central, so the count is
/// 2 + 2·Σ_L (k_L − 1) = D² − D + 2 − Σ_L (k_L − 1)(k_L − 2), the sums over the lines L holding k_L ≥ 2 of the points. General
/// position (every k_L = 2) gives Cover's D² − D + 2; all D on one line gives 2D; three collinear points among points otherwise
/// in general position remove 2 splits, four remove 6 (D = 8: 56 and 52 instead of 58).</para>
/// <para>Why strict splits suffice for exact ERM: the activation pattern of any hidden unit, {j : u·xⱼ + b &gt; 0} against
/// {j : u·xⱼ + b ≤ 0}, is strictly realised by (u, b − ε) for ε below the smallest positive pre-activation.</para>
/// <para>Method: the splits are the regions of the central arrangement of the hyperplanes {(a, b) : a·xⱼ + b = 0} in R^{n+1}.
/// Points are added one at a time; each region found so far keeps an interior point, which already tells on which side of the
/// new hyperplane the region lies, and a Chebyshev-centre linear program (<see cref="ChebyshevCenter"/>, box [−1, 1]^{n+1})
/// decides whether the region also reaches the other side (radius above <c>tolerance</c>).</para>
/// </remarks>
public static class HyperplaneSplits
{
    /// <summary>The largest number of points (a split is a 64-bit mask).</summary>
    public const int MaxPoints = 64;

    /// <summary>Enumerates the splits of <paramref name="points"/> (D × n, one point per row), sorted by mask.</summary>
    /// <param name="points">The points.</param>
    /// <param name="tolerance">The smallest Chebyshev radius (in the box [−1, 1]^{n+1}) counted as a region.</param>
    public static ulong[] Enumerate(double[,] points, double tolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(points);
        int d = points.GetLength(0), n = points.GetLength(1);
        if (d < 1 || d > MaxPoints) throw new ArgumentException($"Expected 1..{MaxPoints} points but got {d}.", nameof(points));
        if (n < 1) throw new ArgumentException("Expected points with at least one coordinate but got 0.", nameof(points));
        foreach (double v in points)
            if (!double.IsFinite(v)) throw new ArgumentException($"Expected finite coordinates but found {v}.", nameof(points));
        int dim = n + 1;
        double[] lower = Enumerable.Repeat(-1.0, dim).ToArray(), upper = Enumerable.Repeat(1.0, dim).ToArray();
        // Scale every lifted point (x, 1) to unit length: the sign pattern is unchanged and the LPs are better balanced.
        var lifted = new double[d, dim];
        for (int j = 0; j < d; j++)
        {
            double norm = 1;
            for (int k = 0; k < n; k++) norm += points[j, k] * points[j, k];
            norm = Math.Sqrt(norm);
            for (int k = 0; k < n; k++) lifted[j, k] = points[j, k] / norm;
            lifted[j, n] = 1 / norm;
        }

        var cells = new List<(ulong Mask, double[] Center)> { (0UL, new double[dim]) };
        for (int j = 0; j < d; j++)
        {
            // Each region splits independently of the others: in parallel, gathered back in a fixed order.
            var children = new (ulong Mask, double[] Center)?[cells.Count, 2];
            int point = j;
            var current = cells;
            Parallel.For(0, current.Count, r =>
            {
                var (mask, center) = current[r];
                double side = 0;
                for (int k = 0; k < dim; k++) side += lifted[point, k] * center[k];
                ulong plus = mask | (1UL << point);
                if (side > tolerance) children[r, 0] = (plus, center);
                else if (TryCell(lifted, point, plus, lower, upper, tolerance, out var c)) children[r, 0] = (plus, c);
                if (side < -tolerance) children[r, 1] = (mask, center);
                else if (TryCell(lifted, point, mask, lower, upper, tolerance, out var c)) children[r, 1] = (mask, c);
            });
            var next = new List<(ulong Mask, double[] Center)>(cells.Count * 2);
            for (int r = 0; r < current.Count; r++)
                for (int side = 0; side < 2; side++)
                    if (children[r, side] is { } child) next.Add(child);
            cells = next;
        }
        var result = cells.Select(c => c.Mask).ToArray();
        Array.Sort(result);
        return result;
    }

    // Is {z : sign(lifted_i · z) = bit i of mask for i ≤ upTo} open and nonempty? A Chebyshev ball in the box decides it.
    private static bool TryCell(double[,] lifted, int upTo, ulong mask, double[] lower, double[] upper, double tolerance, out double[] center)
    {
        int dim = lifted.GetLength(1);
        var a = new double[upTo + 1, dim];
        for (int i = 0; i <= upTo; i++)
        {
            double sign = (mask >> i & 1UL) != 0 ? -1 : 1; // positive side: −x̃·z ≤ 0; negative side: x̃·z ≤ 0
            for (int k = 0; k < dim; k++) a[i, k] = sign * lifted[i, k];
        }
        var ball = ChebyshevCenter.Find(a, new double[upTo + 1], lower: lower, upper: upper, tolerance: 1e-12);
        center = ball.Center;
        return ball.HasInterior(tolerance);
    }

    /// <summary>Cover's count 2·Σ_{k=0}^{n} C(D−1, k) of splits of D points in general position in Rⁿ.</summary>
    public static long GeneralPositionCount(int points, int dimension)
    {
        if (points < 1) throw new ArgumentOutOfRangeException(nameof(points), points, "Expected at least one point.");
        if (dimension < 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Expected a non-negative dimension.");
        long sum = 0, binomial = 1; // C(D−1, k)
        for (int k = 0; k <= dimension && k <= points - 1; k++)
        {
            sum += binomial;
            binomial = binomial * (points - 1 - k) / (k + 1);
        }
        return 2 * sum;
    }
}
