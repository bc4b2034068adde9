using DslNets.Solvers;

namespace DslNets.Geometry;

/// <summary>
/// Every linear region of a piecewise-linear network inside a box of its input space, or in the whole space, by
/// breadth-first search over neighbouring regions with one linear program per candidate facet.
/// </summary>
/// <remarks>
/// <para>A region is the polyhedron of its pattern: s_i·z_i(x) ≥ 0 for every kink neuron i, z_i the neuron's
/// pre-activation (affine in x once the pattern is fixed) and s_i = ±1 its state. From each region, for each neuron i, a
/// Chebyshev-centre LP (<see cref="ChebyshevCenter"/>) asks whether the hyperplane z_i = 0 meets the open region (the other
/// half-spaces and the box) in a set of positive radius; if so the LP's centre p lies in the relative interior of that
/// facet, and the region across it is located at p with the tie rule of <see cref="SegmentRegions"/> pointed along the
/// facet's outward normal (the state just across, layer by layer, so deeper neurons whose bent hyperplanes pass through
/// p are resolved too). The regions inside a convex box are connected through such facets, so the search finds all of
/// them. Neurons whose hyperplane coincides with neuron i's on the region (|z| = ReLU(z) + ReLU(−z)) are left out of
/// its facet LP: they switch together.</para>
/// <para>Pruning (exact for networks in general position): the facet a region was entered through is not tested again
/// (it leads back); in a box, the region's bounding box is found by 2n LPs, hyperplanes that miss it (widened by the
/// facet LPs' radius cap) are neither candidates nor rows of the facet LPs, since they hold on the whole widened box.</para>
/// <para>Tolerances: every half-space is scaled to a unit normal, so radii are Euclidean distances in input units; a
/// region or facet exists when its Chebyshev radius exceeds <c>radiusTolerance</c> (default 1e-9); radii are capped at
/// <c>radiusCap</c>, which keeps the LPs of unbounded regions bounded. The simplex tolerance is absolute, so inputs
/// should be of order one (scale the box, not the tolerance).</para>
/// <para>Cost: a region with K kink neurons costs K + 1 LPs of about K rows in n + 1 variables; this is for small
/// input dimensions (the unit cube of a 3-16-16-1 network, say), not for images — use <see cref="SliceRegions"/> there.</para>
/// </remarks>
public static class InputSpaceRegions
{
    /// <summary>The default smallest radius of a region or facet.</summary>
    public const double DefaultRadiusTolerance = 1e-9;

    /// <summary>Enumerates the regions of <paramref name="network"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="lower">The box's lower corner (InputSize numbers), or null with <paramref name="upper"/> null for the whole space.</param>
    /// <param name="upper">The box's upper corner.</param>
    /// <param name="maxRegions">Stop with an exception past this many regions (a guard against enumerating a huge network by mistake).</param>
    /// <param name="radiusTolerance">The smallest radius of a region or facet.</param>
    /// <param name="radiusCap">The cap on Chebyshev radii.</param>
    public static RegionEnumeration Enumerate<TNet>(TNet network, double[]? lower = null, double[]? upper = null, int maxRegions = 1_000_000,
        double radiusTolerance = DefaultRadiusTolerance, double radiusCap = 1.0)
        where TNet : IPiecewiseLinearNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(network);
        int n = TNet.InputSize, kinks = TNet.KinkCount, outputs = TNet.OutputSize;
        if (lower is null != upper is null) throw new ArgumentException("Expected both box corners or neither but only one was given.");
        if (lower is not null && upper is not null)
        {
            if (lower.Length != n || upper.Length != n) throw new ArgumentException($"Expected box corners of {n} numbers (the network's input size) but got {lower.Length} and {upper.Length}.");
            for (int k = 0; k < n; k++)
            {
                if (!double.IsFinite(lower[k]) || !double.IsFinite(upper[k]) || !(lower[k] < upper[k]))
                    throw new ArgumentException($"Expected a finite box with lower < upper in every coordinate but coordinate {k} is [{lower[k]}, {upper[k]}].");
            }
        }

        if (maxRegions < 1) throw new ArgumentOutOfRangeException(nameof(maxRegions), maxRegions, "Expected a positive region limit.");
        if (!(radiusTolerance > 0) || !(radiusCap > radiusTolerance)) throw new ArgumentOutOfRangeException(nameof(radiusTolerance), radiusTolerance, $"Expected 0 < radiusTolerance < radiusCap ({radiusCap}).");

        var identity = new double[n * n];
        for (int k = 0; k < n; k++) identity[k * n + k] = 1;
        var zero = new double[n];
        var forms = new SliceEvaluator<TNet>(network, n, SegmentRegions.DefaultZeroTolerance);
        var stepper = new SliceEvaluator<TNet>(network, 1, SegmentRegions.DefaultZeroTolerance);
        int width = n + 1;

        // The start: the box's centre (or the origin), located lexicographically along the coordinate axes.
        var start = new double[n];
        if (lower is not null) for (int k = 0; k < n; k++) start[k] = (lower[k] + upper![k]) / 2;
        var first = new ActivationPattern(kinks);
        forms.Locate(first, start, identity);

        var visited = new HashSet<ActivationPattern> { first };
        // Each queued region remembers the neuron it was entered across: that facet leads back to a visited region.
        var queue = new Queue<(ActivationPattern Pattern, int EnteredAcross)>();
        queue.Enqueue((first, -1));
        var regions = new List<PolyhedralRegion>();
        int linearPrograms = 0, unresolved = 0;
        var halfSpaces = new double[kinks * width];
        var constant = new bool[kinks];
        var direction = new double[n];
        var include = new bool[kinks];
        var regionLower = new double[n];
        var regionUpper = new double[n];
        while (queue.Count > 0)
        {
            (ActivationPattern pattern, int enteredAcross) = queue.Dequeue();
            forms.Forms(pattern, zero, identity, forms.LayerCount);
            for (int i = 0; i < kinks; i++)
            {
                ReadOnlySpan<double> form = forms.Form(i);
                double sign = pattern[i] ? 1 : -1, norm = 0;
                for (int k = 0; k < n; k++) norm += form[k] * form[k];
                norm = Math.Sqrt(norm);
                constant[i] = norm == 0;
                for (int k = 0; k <= n; k++) halfSpaces[i * width + k] = constant[i] ? 0 : sign * form[k] / norm;
                if (constant[i]) halfSpaces[i * width + n] = sign * form[n];
            }

            double[] outputMap = forms.OutputForms.AsSpan(0, outputs * width).ToArray();
            for (int i = 0; i < kinks; i++) include[i] = !constant[i];
            if (Enumerable.Range(0, kinks).Any(i => constant[i] && halfSpaces[i * width + n] < 0))
            {
                unresolved++;
                continue;
            }

            // In a box, first a box around the region (interval propagation, then 2n LPs): the hyperplanes that miss it hold on
            // all of it, so they are left out of the region's LP and, after widening it by the facet LPs' radius cap (a facet
            // ball is centred in the region's closure and no bigger than the cap), out of the facet LPs too.
            double[]? near = lower, far = upper;
            double facetCap = radiusCap;
            bool boxed = false;
            if (lower is not null && upper is not null)
            {
                if (!OuterBox(halfSpaces, include, kinks, n, lower, upper, regionLower, regionUpper, ref linearPrograms))
                {
                    unresolved++;
                    continue;
                }

                boxed = true;
                near = regionLower;
                far = regionUpper;
                for (int i = 0; i < kinks; i++) include[i] = !constant[i] && !MissesBox(halfSpaces.AsSpan(i * width, width), near, far);
            }

            // The region's own Chebyshev ball: A x ≤ b with A = −a_i, b = β_i.
            ChebyshevBall ball = Ball(halfSpaces, include, kinks, n, -1, near, far, radiusCap);
            linearPrograms++;
            if (!ball.HasInterior(radiusTolerance))
            {
                unresolved++;
                continue;
            }

            regions.Add(new PolyhedralRegion(pattern, ball.Center, ball.Radius, (double[])halfSpaces.Clone(), outputMap, n));
            if (regions.Count > maxRegions)
                throw new InvalidOperationException($"Expected at most {maxRegions} regions (the maxRegions guard) but found more; raise the limit or use a smaller box.");
            if (boxed)
            {
                double side = 0;
                for (int k = 0; k < n; k++) side = Math.Max(side, regionUpper[k] - regionLower[k]);
                facetCap = Math.Min(radiusCap, Math.Max(0.05 * side, 100 * radiusTolerance));
                for (int k = 0; k < n; k++)
                {
                    regionLower[k] = Math.Max(lower![k], regionLower[k] - facetCap);
                    regionUpper[k] = Math.Min(upper![k], regionUpper[k] + facetCap);
                }

                for (int i = 0; i < kinks; i++) include[i] = !constant[i] && !MissesBox(halfSpaces.AsSpan(i * width, width), near, far);
            }

            for (int i = 0; i < kinks; i++)
            {
                if (!include[i] || i == enteredAcross) continue;
                ChebyshevBall facet = Ball(halfSpaces, include, kinks, n, i, near, far, facetCap);
                linearPrograms++;
                if (!facet.HasInterior(radiusTolerance)) continue;
                // Across the facet: locate at its centre, breaking ties along the outward normal −a_i.
                for (int k = 0; k < n; k++) direction[k] = -halfSpaces[i * width + k];
                var neighbour = new ActivationPattern(kinks);
                stepper.Locate(neighbour, facet.Center, direction);
                if (neighbour[i] == pattern[i]) { unresolved++; continue; }
                if (visited.Add(neighbour)) queue.Enqueue((neighbour, i));
            }
        }

        return new RegionEnumeration(regions, lower?.ToArray(), upper?.ToArray(), linearPrograms, unresolved);
    }

    /// <summary>
    /// The Chebyshev ball of the region's half-spaces (facet = −1), or of the facet of neuron <paramref name="facet"/>: its
    /// hyperplane as an equality, and the half-spaces that coincide with it (either orientation) left out.
    /// </summary>
    private static ChebyshevBall Ball(double[] halfSpaces, bool[] include, int kinks, int n, int facet, double[]? lower, double[]? upper, double radiusCap)
    {
        int width = n + 1;
        var rows = new List<int>(kinks);
        for (int i = 0; i < kinks; i++)
        {
            if (!include[i] || i == facet) continue;
            if (facet >= 0 && Coincide(halfSpaces, i, facet, width)) continue;
            rows.Add(i);
        }

        var a = new double[rows.Count, n];
        var b = new double[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            int i = rows[r];
            for (int k = 0; k < n; k++) a[r, k] = -halfSpaces[i * width + k];
            b[r] = halfSpaces[i * width + n];
        }

        double[,]? e = null;
        double[]? d = null;
        if (facet >= 0)
        {
            e = new double[1, n];
            for (int k = 0; k < n; k++) e[0, k] = halfSpaces[facet * width + k];
            d = [-halfSpaces[facet * width + n]];
        }

        return ChebyshevCenter.Find(a, b, e, d, lower, upper, radiusCap);
    }

    /// <summary>
    /// A box that contains the region: first tightened by interval propagation (each half-space a·x + β ≥ 0 bounds each
    /// coordinate given the box's other coordinates; a few sweeps, no LP), then, over the half-spaces that still cut that
    /// box, by the bounding-box LPs. Both steps only ever keep points of the region inside, so the result is a valid box.
    /// </summary>
    private static bool OuterBox(double[] halfSpaces, bool[] include, int kinks, int n, double[] lower, double[] upper,
        double[] regionLower, double[] regionUpper, ref int linearPrograms)
    {
        int width = n + 1;
        lower.CopyTo(regionLower, 0);
        upper.CopyTo(regionUpper, 0);
        for (int sweep = 0; sweep < 8; sweep++)
        {
            bool changed = false;
            for (int i = 0; i < kinks; i++)
            {
                if (!include[i]) continue;
                ReadOnlySpan<double> row = halfSpaces.AsSpan(i * width, width);
                // The largest a·x over the box, then for each k: a_k x_k ≥ −β − (that largest, without k's own term).
                double most = row[n];
                for (int k = 0; k < n; k++) most += Math.Max(row[k] * regionLower[k], row[k] * regionUpper[k]);
                for (int k = 0; k < n; k++)
                {
                    if (row[k] == 0) continue;
                    double rest = most - Math.Max(row[k] * regionLower[k], row[k] * regionUpper[k]);
                    double bound = -rest / row[k];
                    double margin = 1e-12 * (1 + Math.Abs(bound));
                    if (row[k] > 0 && bound - margin > regionLower[k]) { regionLower[k] = bound - margin; changed = true; }
                    if (row[k] < 0 && bound + margin < regionUpper[k]) { regionUpper[k] = bound + margin; changed = true; }
                }
            }

            if (!changed) break;
        }

        for (int k = 0; k < n; k++)
            if (!(regionLower[k] < regionUpper[k])) return false;
        // Then the exact bounding box by LPs over the half-spaces that still cut the propagated box, inside it.
        var cutting = new bool[kinks];
        for (int i = 0; i < kinks; i++) cutting[i] = include[i] && !MissesBox(halfSpaces.AsSpan(i * width, width), regionLower, regionUpper);
        double[] propagatedLower = (double[])regionLower.Clone(), propagatedUpper = (double[])regionUpper.Clone();
        return BoundingBox(halfSpaces, cutting, kinks, n, propagatedLower, propagatedUpper, regionLower, regionUpper, ref linearPrograms);
    }

    /// <summary>
    /// The region's bounding box by 2n LPs (minimise and maximise each coordinate over the included half-spaces inside the
    /// box), widened by 1e-9·(1 + |bound|) against the simplex tolerance so that it surely contains the region; false if an
    /// LP fails (the caller then keeps the outer box).
    /// </summary>
    private static bool BoundingBox(double[] halfSpaces, bool[] include, int kinks, int n, double[] lower, double[] upper,
        double[] regionLower, double[] regionUpper, ref int linearPrograms)
    {
        int width = n + 1, rows = 0;
        for (int i = 0; i < kinks; i++) if (include[i]) rows++;
        var a = new double[rows, n];
        var b = new double[rows];
        int r = 0;
        for (int i = 0; i < kinks; i++)
        {
            if (!include[i]) continue;
            for (int k = 0; k < n; k++) a[r, k] = -halfSpaces[i * width + k];
            b[r++] = halfSpaces[i * width + n];
        }

        for (int k = 0; k < n; k++)
        {
            for (int direction = -1; direction <= 1; direction += 2)
            {
                var objective = new double[n];
                objective[k] = direction;
                LpResult result = SimplexSolver.Solve(new LinearProgram(objective, a, b, lower: lower, upper: upper));
                linearPrograms++;
                if (result.Status != SolverStatus.Optimal) return false;
                double value = result.X[k], margin = 1e-9 * (1 + Math.Abs(value));
                // The simplex minimises: +e_k gives the smallest x_k, −e_k the largest.
                if (direction > 0) regionLower[k] = Math.Max(lower[k], value - margin);
                else regionUpper[k] = Math.Min(upper[k], value + margin);
            }
        }

        return true;
    }

    /// <summary>Whether the hyperplane a·x + β = 0 misses the open box (a·x + β keeps one sign over it): no facet there.</summary>
    private static bool MissesBox(ReadOnlySpan<double> row, double[]? lower, double[]? upper)
    {
        if (lower is null || upper is null) return false;
        int n = lower.Length;
        double low = row[n], high = row[n];
        for (int k = 0; k < n; k++)
        {
            double p = row[k] * lower[k], q = row[k] * upper[k];
            low += Math.Min(p, q);
            high += Math.Max(p, q);
        }

        return low >= 0 || high <= 0;
    }

    private static bool Coincide(double[] halfSpaces, int i, int j, int width)
    {
        // Unit normals: the same hyperplane when (a_i, β_i) = ±(a_j, β_j).
        const double tolerance = 1e-9;
        bool same = true, opposite = true;
        for (int k = 0; k < width && (same || opposite); k++)
        {
            double x = halfSpaces[i * width + k], y = halfSpaces[j * width + k];
            if (Math.Abs(x - y) > tolerance * (1 + Math.Abs(y))) same = false;
            if (Math.Abs(x + y) > tolerance * (1 + Math.Abs(y))) opposite = false;
        }

        return same || opposite;
    }
}
