namespace DslNets.Geometry;

/// <summary>
/// Convex polygons in the plane as vertex lists (x0, y0, x1, y1, …) in counter-clockwise order, and the one operation the
/// slice partition needs: cutting by a line.
/// </summary>
internal static class ConvexPolygon
{
    /// <summary>The rectangle [x0, x1] × [y0, y1], counter-clockwise.</summary>
    public static double[] Rectangle(double x0, double x1, double y0, double y1) => [x0, y0, x1, y0, x1, y1, x0, y1];

    /// <summary>The signed area (positive for counter-clockwise).</summary>
    public static double Area(ReadOnlySpan<double> polygon)
    {
        int count = polygon.Length / 2;
        double twice = 0;
        for (int i = 0; i < count; i++)
        {
            int j = (i + 1) % count;
            twice += polygon[2 * i] * polygon[2 * j + 1] - polygon[2 * j] * polygon[2 * i + 1];
        }

        return twice / 2;
    }

    /// <summary>The area centroid; the vertex mean when the area is zero.</summary>
    public static (double X, double Y) Centroid(ReadOnlySpan<double> polygon)
    {
        int count = polygon.Length / 2;
        // Shift to the first vertex first: it keeps the cross products small and the centroid accurate far from 0.
        double ox = polygon[0], oy = polygon[1];
        double twice = 0, cx = 0, cy = 0;
        for (int i = 0; i < count; i++)
        {
            int j = (i + 1) % count;
            double xi = polygon[2 * i] - ox, yi = polygon[2 * i + 1] - oy, xj = polygon[2 * j] - ox, yj = polygon[2 * j + 1] - oy;
            double cross = xi * yj - xj * yi;
            twice += cross;
            cx += (xi + xj) * cross;
            cy += (yi + yj) * cross;
        }

        if (twice == 0)
        {
            double mx = 0, my = 0;
            for (int i = 0; i < count; i++) { mx += polygon[2 * i]; my += polygon[2 * i + 1]; }
            return (mx / count, my / count);
        }

        return (ox + cx / (3 * twice), oy + cy / (3 * twice));
    }

    /// <summary>
    /// How far (x, y) lies inside the polygon: the smallest signed distance to its edge lines, positive inside, negative
    /// outside (for a convex counter-clockwise polygon). Zero-length edges are skipped.
    /// </summary>
    public static double Depth(ReadOnlySpan<double> polygon, double x, double y)
    {
        int count = polygon.Length / 2;
        double depth = double.PositiveInfinity;
        for (int i = 0; i < count; i++)
        {
            int j = (i + 1) % count;
            double ex = polygon[2 * j] - polygon[2 * i], ey = polygon[2 * j + 1] - polygon[2 * i + 1];
            double length = Math.Sqrt(ex * ex + ey * ey);
            if (length == 0) continue;
            double d = (ex * (y - polygon[2 * i + 1]) - ey * (x - polygon[2 * i])) / length;
            depth = Math.Min(depth, d);
        }

        return depth;
    }

    /// <summary>
    /// +1 when some vertex is above the band of the line a·x + b·y + c = 0 and none below it, −1 for the opposite, 0 when
    /// vertices lie beyond the band on both sides or none does (the line may cut the polygon, or the polygon is a sliver).
    /// </summary>
    public static int Side(double[] polygon, double a, double b, double c, double band)
    {
        bool above = false, below = false;
        for (int i = 0; i < polygon.Length; i += 2)
        {
            double v = a * polygon[i] + b * polygon[i + 1] + c;
            if (v > band) above = true;
            else if (v < -band) below = true;
        }

        return above == below ? 0 : above ? 1 : -1;
    }

    /// <summary>
    /// Cuts a convex polygon by the line a·x + b·y + c = 0. A vertex whose value lies within <paramref name="band"/> of zero
    /// (the value, not the distance: the caller scales the band) counts as on the line. The polygon is cut only when some
    /// vertex is above the band and some below it; otherwise it lies on one side and is returned whole, as
    /// the positive part when a vertex is above the band, as the negative part when one is below, and,
    /// when every vertex is in the band, on the side of the sign of the value at its centroid (negative for zero).
    /// </summary>
    /// <returns>The part with a·x + b·y + c ≥ 0 (or null) and the part with ≤ 0 (or null).</returns>
    public static (double[]? Positive, double[]? Negative) Split(double[] polygon, double a, double b, double c, double band)
    {
        int count = polygon.Length / 2;
        Span<double> values = count <= 64 ? stackalloc double[count] : new double[count];
        bool above = false, below = false;
        for (int i = 0; i < count; i++)
        {
            double v = a * polygon[2 * i] + b * polygon[2 * i + 1] + c;
            values[i] = v;
            if (v > band) above = true;
            else if (v < -band) below = true;
        }

        if (above && !below) return (polygon, null);
        if (below && !above) return (null, polygon);
        if (!above)
        {
            (double cx, double cy) = Centroid(polygon);
            return a * cx + b * cy + c > 0 ? (polygon, null) : (null, polygon);
        }

        var positive = new List<double>(polygon.Length + 4);
        var negative = new List<double>(polygon.Length + 4);
        for (int i = 0; i < count; i++)
        {
            int j = (i + 1) % count;
            double vi = values[i], vj = values[j];
            int si = vi > band ? 1 : vi < -band ? -1 : 0;
            int sj = vj > band ? 1 : vj < -band ? -1 : 0;
            double xi = polygon[2 * i], yi = polygon[2 * i + 1];
            if (si >= 0) { positive.Add(xi); positive.Add(yi); }
            if (si <= 0) { negative.Add(xi); negative.Add(yi); }
            if (si * sj < 0)
            {
                // The edge crosses the line strictly inside: both parts gain the crossing point.
                double t = vi / (vi - vj);
                double x = xi + t * (polygon[2 * j] - xi), y = yi + t * (polygon[2 * j + 1] - yi);
                positive.Add(x); positive.Add(y);
                negative.Add(x); negative.Add(y);
            }
        }

        return (positive.ToArray(), negative.ToArray());
    }
}
