namespace DslNets.Geometry;

/// <summary>The rectangle [SMin, SMax] × [TMin, TMax] of slice coordinates (s, t) that a partition covers.</summary>
/// <param name="SMin">The smallest s.</param>
/// <param name="SMax">The largest s.</param>
/// <param name="TMin">The smallest t.</param>
/// <param name="TMax">The largest t.</param>
public readonly record struct SliceWindow(double SMin, double SMax, double TMin, double TMax)
{
    /// <summary>The window's area.</summary>
    public double Area => (SMax - SMin) * (TMax - TMin);

    /// <summary>The length of the window's diagonal.</summary>
    public double Diameter => Math.Sqrt((SMax - SMin) * (SMax - SMin) + (TMax - TMin) * (TMax - TMin));

    internal void Validate(string parameter)
    {
        if (!double.IsFinite(SMin) || !double.IsFinite(SMax) || !double.IsFinite(TMin) || !double.IsFinite(TMax) || !(SMin < SMax) || !(TMin < TMax))
            throw new ArgumentException($"Expected a finite window with SMin < SMax and TMin < TMax but got [{SMin}, {SMax}] × [{TMin}, {TMax}].", parameter);
    }
}

/// <summary>
/// One linear region of a network met by a 2-D slice x = x₀ + s·u + t·v, clipped to the window: a convex polygon in (s, t),
/// the activation pattern inside it, and the network's exact affine map there.
/// </summary>
public sealed class SliceRegion
{
    internal SliceRegion(double[] vertices, ActivationPattern pattern, double[] outputMap)
    {
        VertexArray = vertices;
        Vertices = Array.AsReadOnly(vertices);
        Pattern = pattern;
        OutputMap = Array.AsReadOnly(outputMap);
        Area = ConvexPolygon.Area(vertices);
        Centroid = ConvexPolygon.Centroid(vertices);
    }

    /// <summary>The polygon's vertices s₀, t₀, s₁, t₁, … counter-clockwise.</summary>
    public IReadOnlyList<double> Vertices { get; }

    internal double[] VertexArray { get; }

    /// <summary>The number of vertices.</summary>
    public int VertexCount => Vertices.Count / 2;

    /// <summary>The activation pattern inside the polygon.</summary>
    public ActivationPattern Pattern { get; }

    /// <summary>
    /// The affine map of the network on the region, as a function of (s, t): row j (OutputSize rows of 3) holds
    /// ∂output_j/∂s, ∂output_j/∂t and output_j at (0, 0) of the map's extension.
    /// </summary>
    public IReadOnlyList<double> OutputMap { get; }

    /// <summary>The polygon's area.</summary>
    public double Area { get; }

    /// <summary>The polygon's area centroid (s, t).</summary>
    public (double S, double T) Centroid { get; }

    /// <summary>Output <paramref name="output"/> of the region's affine map at (s, t).</summary>
    public double Evaluate(int output, double s, double t) => OutputMap[3 * output] * s + OutputMap[3 * output + 1] * t + OutputMap[3 * output + 2];

    /// <summary>The smallest signed distance from (s, t) to the polygon's edge lines: positive inside, negative outside.</summary>
    public double Depth(double s, double t) => ConvexPolygon.Depth(VertexArray, s, t);

    /// <summary>Whether (s, t) lies in the polygon or within <paramref name="tolerance"/> of it.</summary>
    public bool Contains(double s, double t, double tolerance = 0) => Depth(s, t) >= -tolerance;
}
