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
/// Speed: for networks made only of dense layers (tied ones included) each region carries the pre-activation forms of the
/// next layer with kinks, so each layer's matrix is applied once per region (weights copied to double once, then
/// <see cref="System.Numerics.Tensors.TensorPrimitives"/> dot products), and a line that misses a region is decided once
/// for all its pieces. Other networks (shared filters) ask <see cref="IPiecewiseLinearNetwork{TSelf}.AffineForms"/> for
/// every region, which recomputes the earlier layers from the input.
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
        where TNet : IPiecewiseLinearNetwork<TNet> =>
        Compute(network, origin, u, v, window, tolerance, useLayerwise: true);

    /// <summary>The partition, with the layer-at-a-time path for all-dense networks switchable off (tests compare the two).</summary>
    internal static SlicePartition Compute<TNet>(TNet network, ReadOnlySpan<double> origin, ReadOnlySpan<double> u, ReadOnlySpan<double> v,
        SliceWindow window, double tolerance, bool useLayerwise)
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

        double[] originCopy = origin.ToArray(), uCopy = u.ToArray(), vCopy = v.ToArray();
        double distanceBand = tolerance * window.Diameter;
        double[] rectangle = ConvexPolygon.Rectangle(window.SMin, window.SMax, window.TMin, window.TMax);
        DenseLayerForms? layerwise = useLayerwise ? DenseLayerForms.TryCreate(network) : null;
        List<SliceRegion> result = layerwise is not null
            ? Layerwise(layerwise, TNet.KinkRanges, TNet.KinkCount, originCopy, uCopy, vCopy, rectangle, distanceBand)
            : FromInput(network, originCopy, uCopy, vCopy, rectangle, distanceBand);
        return new SlicePartition(originCopy, uCopy, vCopy, window, result);
    }

    /// <summary>The general path: every region's forms from <see cref="IPiecewiseLinearNetwork{TSelf}.AffineForms"/>.</summary>
    private static List<SliceRegion> FromInput<TNet>(TNet network, double[] origin, double[] u, double[] v, double[] rectangle, double distanceBand)
        where TNet : IPiecewiseLinearNetwork<TNet>
    {
        int n = TNet.InputSize;
        var directions = new double[2 * n];
        u.CopyTo(directions, 0);
        v.CopyTo(directions, n);
        var evaluator = new SliceEvaluator<TNet>(network, 2, 0);
        var regions = new List<(double[] Polygon, ActivationPattern Pattern)> { (rectangle, new ActivationPattern(TNet.KinkCount)) };
        var pieces = new List<(double[] Polygon, ActivationPattern Pattern)>();
        for (int layer = 0; layer < evaluator.LayerCount; layer++)
        {
            (int first, int count) = evaluator.Ranges[layer];
            if (count == 0) continue;
            var cut = new List<(double[] Polygon, ActivationPattern Pattern)>(regions.Count * 2);
            foreach ((double[] polygon, ActivationPattern pattern) in regions)
            {
                evaluator.Forms(pattern, origin, directions, layer + 1);
                Cut(polygon, pattern, evaluator.KinkForms.AsSpan(3 * first, 3 * count), first, distanceBand, pieces);
                cut.AddRange(pieces);
            }

            regions = cut;
        }

        var result = new List<SliceRegion>(regions.Count);
        int outputs = TNet.OutputSize;
        foreach ((double[] polygon, ActivationPattern pattern) in regions)
        {
            evaluator.Forms(pattern, origin, directions, evaluator.LayerCount);
            result.Add(new SliceRegion(polygon, pattern, evaluator.OutputForms.AsSpan(0, 3 * outputs).ToArray()));
        }

        return result;
    }

    /// <summary>
    /// The dense path: each region carries the pre-activation forms of the next layer with kinks (or, after the last one,
    /// its output map), so each layer's matrix is applied once per region, and nothing is recomputed from the input.
    /// </summary>
    private static List<SliceRegion> Layerwise(DenseLayerForms calculus, IReadOnlyList<(int First, int Count)> ranges, int kinkCount,
        double[] origin, double[] u, double[] v, double[] rectangle, double distanceBand)
    {
        int n = origin.Length, layerCount = calculus.Layers.Count;
        int widest = Math.Max(n, calculus.Layers.Max(l => l.Outputs));
        var scratch = new double[3 * widest];
        var other = new double[3 * widest];
        u.CopyTo(scratch, 0);
        v.CopyTo(scratch, n);
        origin.CopyTo(scratch, 2 * n);
        // Push the input through to the first layer with kinks (identity layers on the way do not depend on the pattern).
        (int layer, double[] firstForms) = Advance(calculus, ranges, -1, scratch, other);
        var regions = new List<(double[] Polygon, ActivationPattern Pattern, double[] Forms)> { (rectangle, new ActivationPattern(kinkCount), firstForms) };
        var pieces = new List<(double[] Polygon, ActivationPattern Pattern)>();
        var lines = new double[3 * widest];
        while (layer < layerCount)
        {
            int m = calculus.Layers[layer].Outputs;
            (int first, _) = ranges[layer];
            var next = new List<(double[] Polygon, ActivationPattern Pattern, double[] Forms)>(regions.Count * 2);
            int nextLayer = layer;
            foreach ((double[] polygon, ActivationPattern pattern, double[] pre) in regions)
            {
                for (int o = 0; o < m; o++) { lines[3 * o] = pre[o]; lines[3 * o + 1] = pre[m + o]; lines[3 * o + 2] = pre[2 * m + o]; }
                Cut(polygon, pattern, lines.AsSpan(0, 3 * m), first, distanceBand, pieces);
                foreach ((double[] piece, ActivationPattern piecePattern) in pieces)
                {
                    pre.AsSpan(0, 3 * m).CopyTo(scratch);
                    calculus.Activate(layer, scratch, piecePattern, first);
                    (nextLayer, double[] advanced) = Advance(calculus, ranges, layer, scratch, other);
                    next.Add((piece, piecePattern, advanced));
                }
            }

            regions = next;
            layer = nextLayer;
        }

        int outputs = calculus.Layers[^1].Outputs;
        var result = new List<SliceRegion>(regions.Count);
        foreach ((double[] polygon, ActivationPattern pattern, double[] forms) in regions)
        {
            var map = new double[3 * outputs];
            for (int j = 0; j < outputs; j++) { map[3 * j] = forms[j]; map[3 * j + 1] = forms[outputs + j]; map[3 * j + 2] = forms[2 * outputs + j]; }
            result.Add(new SliceRegion(polygon, pattern, map));
        }

        return result;
    }

    /// <summary>
    /// From the post-activation forms of layer <paramref name="from"/> (−1: the input) in <paramref name="post"/>, applies the
    /// following layers up to and including the next one with kinks, whose pre-activation forms it returns with its index;
    /// past the last such layer it applies the rest and returns the output forms with index = layer count.
    /// </summary>
    private static (int Layer, double[] Forms) Advance(DenseLayerForms calculus, IReadOnlyList<(int First, int Count)> ranges, int from,
        double[] post, double[] spare)
    {
        double[] current = post, next = spare;
        for (int l = from + 1; l < calculus.Layers.Count; l++)
        {
            int m = calculus.Layers[l].Outputs;
            calculus.PreActivation(l, current, next);
            if (ranges[l].Count > 0) return (l, next.AsSpan(0, 3 * m).ToArray());
            // A layer without kinks is an identity layer: its post-activation is its pre-activation.
            (current, next) = (next, current);
        }

        return (calculus.Layers.Count, current.AsSpan(0, 3 * calculus.Layers[^1].Outputs).ToArray());
    }

    /// <summary>
    /// Cuts one region by the lines of one layer (row o of <paramref name="lines"/>: a, b, c of neuron first + o) into
    /// <paramref name="pieces"/>, setting each piece's bit for every neuron.
    /// </summary>
    private static void Cut(double[] polygon, ActivationPattern pattern, ReadOnlySpan<double> lines, int first, double distanceBand,
        List<(double[] Polygon, ActivationPattern Pattern)> pieces)
    {
        pieces.Clear();
        pieces.Add((polygon, pattern));
        int count = lines.Length / 3;
        for (int o = 0; o < count; o++)
        {
            double a = lines[3 * o], b = lines[3 * o + 1], c = lines[3 * o + 2];
            double band = distanceBand * Math.Sqrt(a * a + b * b);
            int neuron = first + o;
            int existing = pieces.Count;
            if (existing > 1)
            {
                // Most lines miss the region: decide them on the region's own polygon once, for every piece.
                int side = ConvexPolygon.Side(polygon, a, b, c, band);
                if (side != 0)
                {
                    for (int p = 0; p < existing; p++) pieces[p].Pattern[neuron] = side > 0;
                    continue;
                }
            }

            for (int p = 0; p < existing; p++)
            {
                (double[] piece, ActivationPattern piecePattern) = pieces[p];
                (double[]? positive, double[]? negative) = ConvexPolygon.Split(piece, a, b, c, band);
                if (positive is not null && negative is not null)
                {
                    ActivationPattern off = piecePattern.Clone();
                    piecePattern[neuron] = true;
                    off[neuron] = false;
                    pieces[p] = (positive, piecePattern);
                    pieces.Add((negative, off));
                }
                else
                {
                    piecePattern[neuron] = positive is not null;
                }
            }
        }
    }

    private static void CheckVector(ReadOnlySpan<double> vector, int n, string name)
    {
        if (vector.Length != n) throw new ArgumentException($"Expected '{name}' to have {n} numbers (the network's input size) but got {vector.Length}.", name);
        foreach (double value in vector)
            if (!double.IsFinite(value)) throw new ArgumentException($"Expected finite numbers in '{name}' but found {value}.", name);
    }
}
