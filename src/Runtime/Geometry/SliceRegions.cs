namespace DslNets.Geometry;

/// <summary>
/// The exact partition of a 2-D affine slice x = x₀ + s·u + t·v of a network's input space into linear regions, over a
/// window of (s, t), computed layer by layer by cutting convex polygons (the SplineCam idea, with no graph library).
/// </summary>
/// <remarks>
/// Start from the window. For each layer with kink neurons, and for each current region (whose pattern fixes every earlier
/// layer, so each of this layer's pre-activations is one affine function a·s + b·t + c on it), cut the region by each of the
/// layer's lines in turn and give every piece its bit for that neuron (on where a·s + b·t + c &gt; 0). After the last layer
/// each region carries its polygon, its pattern and the network's affine map on it.
/// Tolerance: with δ = <c>tolerance</c> × the window's diameter, a vertex within distance δ of a line counts as on the line,
/// and a polygon is cut only when it has vertices more than δ away on both sides; otherwise it goes whole to the side its
/// far vertices are on (or, when every vertex is within δ, to the side of its centroid). So no region is ever dropped — the
/// areas add up to the window's area up to rounding — and no cut creates a piece thinner than δ across the cutting line.
/// Two neurons with the same line (|z| = ReLU(z) + ReLU(−z), say) cut once. A line of zero gradient does not cut; its sign
/// is that of its constant (off at exactly 0).
/// </remarks>
public static class SliceRegions
{
    /// <summary>The default δ relative to the window's diameter.</summary>
    public const double DefaultTolerance = 1e-10;

    /// <summary>Computes the partition.</summary>
    /// <param name="network">The network.</param>
    /// <param name="origin">x₀ (InputSize numbers).</param>
    /// <param name="u">The direction of s (InputSize numbers).</param>
    /// <param name="v">The direction of t (InputSize numbers, not parallel to u).</param>
    /// <param name="window">The rectangle of (s, t) to partition.</param>
    /// <param name="tolerance">δ relative to the window's diameter (see the remarks).</param>
    public static SlicePartition Compute<TNet>(TNet network, ReadOnlySpan<double> origin, ReadOnlySpan<double> u, ReadOnlySpan<double> v,
        SliceWindow window, double tolerance = DefaultTolerance)
        where TNet : IPiecewiseLinearNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(network);
        int n = TNet.InputSize;
        CheckVector(origin, n, nameof(origin));
        CheckVector(u, n, nameof(u));
        CheckVector(v, n, nameof(v));
        window.Validate(nameof(window));
        if (!(tolerance >= 0) || !(tolerance < 1)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Expected a relative tolerance in [0, 1).");
        double uu = 0, vv = 0, uv = 0;
        for (int k = 0; k < n; k++) { uu += u[k] * u[k]; vv += v[k] * v[k]; uv += u[k] * v[k]; }
        if (!(uu * vv - uv * uv > 1e-24 * uu * vv))
            throw new ArgumentException("Expected two independent slice directions but u and v are parallel (or one is zero).", nameof(v));

        var directions = new double[2 * n];
        u.CopyTo(directions);
        v.CopyTo(directions.AsSpan(n));
        double[] originCopy = origin.ToArray();
        var evaluator = new SliceEvaluator<TNet>(network, 2, 0);
        double distanceBand = tolerance * window.Diameter;
        int kinks = TNet.KinkCount;
        var regions = new List<(double[] Polygon, ActivationPattern Pattern)>
        {
            (ConvexPolygon.Rectangle(window.SMin, window.SMax, window.TMin, window.TMax), new ActivationPattern(kinks)),
        };
        var pieces = new List<(double[] Polygon, ActivationPattern Pattern)>();
        var next = new List<(double[] Polygon, ActivationPattern Pattern)>();
        for (int layer = 0; layer < evaluator.LayerCount; layer++)
        {
            (int first, int count) = evaluator.Ranges[layer];
            if (count == 0) continue;
            var cut = new List<(double[] Polygon, ActivationPattern Pattern)>(regions.Count * 2);
            foreach ((double[] polygon, ActivationPattern pattern) in regions)
            {
                evaluator.Forms(pattern, originCopy, directions, layer + 1);
                pieces.Clear();
                pieces.Add((polygon, pattern));
                for (int i = first; i < first + count; i++)
                {
                    ReadOnlySpan<double> form = evaluator.Form(i);
                    double a = form[0], b = form[1], c = form[2];
                    double band = distanceBand * Math.Sqrt(a * a + b * b);
                    next.Clear();
                    foreach ((double[] piece, ActivationPattern piecePattern) in pieces)
                    {
                        (double[]? positive, double[]? negative) = ConvexPolygon.Split(piece, a, b, c, band);
                        if (positive is not null && negative is not null)
                        {
                            ActivationPattern off = piecePattern.Clone();
                            piecePattern[i] = true;
                            off[i] = false;
                            next.Add((positive, piecePattern));
                            next.Add((negative, off));
                        }
                        else
                        {
                            piecePattern[i] = positive is not null;
                            next.Add((piece, piecePattern));
                        }
                    }

                    (pieces, next) = (next, pieces);
                }

                cut.AddRange(pieces);
            }

            regions = cut;
        }

        var result = new List<SliceRegion>(regions.Count);
        int outputs = TNet.OutputSize;
        foreach ((double[] polygon, ActivationPattern pattern) in regions)
        {
            evaluator.Forms(pattern, originCopy, directions, evaluator.LayerCount);
            result.Add(new SliceRegion(polygon, pattern, evaluator.OutputForms.AsSpan(0, 3 * outputs).ToArray()));
        }

        return new SlicePartition(originCopy, u.ToArray(), v.ToArray(), window, result);
    }

    private static void CheckVector(ReadOnlySpan<double> vector, int n, string name)
    {
        if (vector.Length != n) throw new ArgumentException($"Expected '{name}' to have {n} numbers (the network's input size) but got {vector.Length}.", name);
        foreach (double value in vector)
            if (!double.IsFinite(value)) throw new ArgumentException($"Expected finite numbers in '{name}' but found {value}.", name);
    }
}
