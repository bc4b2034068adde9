namespace DslNets.Geometry;

/// <summary>
/// The linear regions of a network on a 2-D slice x = x₀ + s·u + t·v over a window (see <see cref="SliceRegions"/>): convex
/// polygons that tile the window, each with its activation pattern and affine map.
/// </summary>
public sealed class SlicePartition
{
    internal SlicePartition(double[] origin, double[] u, double[] v, SliceWindow window, IReadOnlyList<SliceRegion> regions)
    {
        Origin = Array.AsReadOnly(origin);
        U = Array.AsReadOnly(u);
        V = Array.AsReadOnly(v);
        Window = window;
        Regions = regions;
    }

    /// <summary>x₀.</summary>
    public IReadOnlyList<double> Origin { get; }

    /// <summary>The direction of s.</summary>
    public IReadOnlyList<double> U { get; }

    /// <summary>The direction of t.</summary>
    public IReadOnlyList<double> V { get; }

    /// <summary>The window of (s, t).</summary>
    public SliceWindow Window { get; }

    /// <summary>The regions (activation regions clipped to the window).</summary>
    public IReadOnlyList<SliceRegion> Regions { get; }

    /// <summary>The input point x₀ + s·u + t·v.</summary>
    public double[] Point(double s, double t)
    {
        var x = new double[Origin.Count];
        for (int k = 0; k < x.Length; k++) x[k] = Origin[k] + s * U[k] + t * V[k];
        return x;
    }

    /// <summary>
    /// The number of linear pieces of the function on the window: the connected components of the graph whose nodes are the
    /// regions and whose edges join two regions that share a boundary segment longer than δ (= <paramref name="tolerance"/> ×
    /// the window's diameter) and have the same affine map (every coefficient equal to within
    /// <paramref name="relativeTolerance"/> of the largest coefficient of that kind over the partition).
    /// </summary>
    /// <remarks>
    /// Activation regions and linear pieces differ: a neuron whose outgoing weights are zero, or whose switch a later
    /// layer cancels, splits a region without changing the function, so adjacent regions can carry the same map. Two
    /// regions with the same map that only touch at a point, or are apart, are separate pieces (a "piece" is connected).
    /// The pairwise adjacency test is quadratic in the number of regions (pruned by bounding boxes); it is meant for
    /// partitions of up to a few thousand regions.
    /// </remarks>
    public int CountLinearPieces(double relativeTolerance = 1e-9, double tolerance = SliceRegions.DefaultTolerance)
    {
        int count = Regions.Count;
        if (count == 0) return 0;
        int outputs = Regions[0].OutputMap.Count / 3;
        double gradientScale = 0, valueScale = 0;
        foreach (SliceRegion region in Regions)
        {
            for (int j = 0; j < outputs; j++)
            {
                gradientScale = Math.Max(gradientScale, Math.Max(Math.Abs(region.OutputMap[3 * j]), Math.Abs(region.OutputMap[3 * j + 1])));
                valueScale = Math.Max(valueScale, Math.Abs(region.Evaluate(j, region.Centroid.S, region.Centroid.T)));
            }
        }

        double delta = tolerance * Window.Diameter;
        var boxes = Regions.Select(r => Box(r.VertexArray)).ToArray();
        var parent = Enumerable.Range(0, count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) { parent[i] = parent[parent[i]]; i = parent[i]; }
            return i;
        }

        // Sweep over s: only regions whose s-ranges overlap can share an edge.
        int[] order = Enumerable.Range(0, count).OrderBy(i => boxes[i].S0).ToArray();
        for (int p = 0; p < count; p++)
        {
            int i = order[p];
            for (int q = p + 1; q < count && boxes[order[q]].S0 <= boxes[i].S1 + delta; q++)
            {
                int j = order[q];
                if (boxes[j].T0 > boxes[i].T1 + delta || boxes[i].T0 > boxes[j].T1 + delta) continue;
                if (Find(i) == Find(j)) continue;
                if (!SameMap(Regions[i], Regions[j], outputs, relativeTolerance * gradientScale, relativeTolerance * valueScale)) continue;
                if (ShareEdge(Regions[i].VertexArray, Regions[j].VertexArray, delta)) parent[Find(i)] = Find(j);
            }
        }

        int pieces = 0;
        for (int i = 0; i < count; i++) if (Find(i) == i) pieces++;
        return pieces;
    }

    private static (double S0, double S1, double T0, double T1) Box(double[] polygon)
    {
        double s0 = double.PositiveInfinity, s1 = double.NegativeInfinity, t0 = double.PositiveInfinity, t1 = double.NegativeInfinity;
        for (int i = 0; i < polygon.Length; i += 2)
        {
            s0 = Math.Min(s0, polygon[i]); s1 = Math.Max(s1, polygon[i]);
            t0 = Math.Min(t0, polygon[i + 1]); t1 = Math.Max(t1, polygon[i + 1]);
        }

        return (s0, s1, t0, t1);
    }

    private static bool SameMap(SliceRegion left, SliceRegion right, int outputs, double gradientTolerance, double valueTolerance)
    {
        // Compare gradients, and values at the left region's centroid (adjacent regions' maps agree on the shared edge anyway).
        (double s, double t) = left.Centroid;
        for (int j = 0; j < outputs; j++)
        {
            if (Math.Abs(left.OutputMap[3 * j] - right.OutputMap[3 * j]) > gradientTolerance) return false;
            if (Math.Abs(left.OutputMap[3 * j + 1] - right.OutputMap[3 * j + 1]) > gradientTolerance) return false;
            if (Math.Abs(left.Evaluate(j, s, t) - right.Evaluate(j, s, t)) > valueTolerance) return false;
        }

        return true;
    }

    /// <summary>Whether some edge of each polygon lies on a common line and the two overlap over more than δ.</summary>
    private static bool ShareEdge(double[] first, double[] second, double delta)
    {
        int n = first.Length / 2, m = second.Length / 2;
        for (int i = 0; i < n; i++)
        {
            int i1 = (i + 1) % n;
            double ax = first[2 * i], ay = first[2 * i + 1], bx = first[2 * i1], by = first[2 * i1 + 1];
            double ex = bx - ax, ey = by - ay, length = Math.Sqrt(ex * ex + ey * ey);
            if (length <= delta) continue;
            ex /= length; ey /= length;
            for (int j = 0; j < m; j++)
            {
                int j1 = (j + 1) % m;
                double cx = second[2 * j], cy = second[2 * j + 1], dx = second[2 * j1], dy = second[2 * j1 + 1];
                // Both ends of the other edge on this edge's line …
                if (Math.Abs(ex * (cy - ay) - ey * (cx - ax)) > delta || Math.Abs(ex * (dy - ay) - ey * (dx - ax)) > delta) continue;
                // … and the projections overlap over more than δ.
                double pc = ex * (cx - ax) + ey * (cy - ay), pd = ex * (dx - ax) + ey * (dy - ay);
                double low = Math.Max(0, Math.Min(pc, pd)), high = Math.Min(length, Math.Max(pc, pd));
                if (high - low > delta) return true;
            }
        }

        return false;
    }
}
