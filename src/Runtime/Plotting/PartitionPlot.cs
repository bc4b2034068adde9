using System.Globalization;
using DslNets.Geometry;
using ScottPlot;

namespace DslNets.Plotting;

/// <summary>
/// A picture of a <see cref="SlicePartition"/> as in the SplineCam figures: every linear region a filled, outlined
/// polygon (coloured by an output's value, with a colour bar, or by its activation pattern), the window as the axes'
/// limits at equal scale, and optional marked points (the images a slice passes through, say).
/// </summary>
public sealed class PartitionPlot : Figure
{
    private static readonly IColormap Scale = new ScottPlot.Colormaps.Viridis();
    private readonly SlicePartition _partition;
    private readonly RegionColoring _coloring;
    private readonly int _output;
    private readonly string _title;
    private readonly IReadOnlyList<(double S, double T, string Label)> _marks;

    /// <summary>Creates the picture (720×640 pixels unless <see cref="Figure.Size"/> is set).</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="coloring">How to fill the regions.</param>
    /// <param name="output">The output whose value colours the regions (with <see cref="RegionColoring.OutputValue"/>).</param>
    /// <param name="title">A title above the picture; the region count follows it.</param>
    /// <param name="marks">Points (s, t, label) to mark with a dot and their label.</param>
    public PartitionPlot(SlicePartition partition, RegionColoring coloring = RegionColoring.OutputValue, int output = 0, string title = "",
        IReadOnlyList<(double S, double T, string Label)>? marks = null) : base(720, 640)
    {
        ArgumentNullException.ThrowIfNull(partition);
        int outputs = partition.Regions.Count == 0 ? 0 : partition.Regions[0].OutputMap.Count / 3;
        if (coloring == RegionColoring.OutputValue && (output < 0 || output >= Math.Max(outputs, 1)))
            throw new ArgumentOutOfRangeException(nameof(output), output, $"Expected an output index below {outputs}.");
        if (!Enum.IsDefined(coloring)) throw new ArgumentOutOfRangeException(nameof(coloring), coloring, "Expected a defined colouring.");
        _partition = partition;
        _coloring = coloring;
        _output = output;
        _title = title ?? "";
        _marks = marks ?? [];
    }

    /// <inheritdoc />
    protected override Plot Build()
    {
        IReadOnlyList<SliceRegion> regions = _partition.Regions;
        double[] values = regions.Select(r => _coloring == RegionColoring.OutputValue ? r.Evaluate(_output, r.Centroid.S, r.Centroid.T) : 0).ToArray();
        double low = values.Length > 0 ? values.Min() : 0, high = values.Length > 0 ? values.Max() : 1;
        string caption = (_title.Length > 0 ? _title + ": " : "") + regions.Count.ToString(CultureInfo.InvariantCulture) + " regions";
        var plot = new Plot();
        PlotStyle.Apply(plot, caption, "s", "t");
        // Thin outlines once regions get small, so the fills stay visible.
        float outline = regions.Count > 2000 ? 0.3f : 0.8f;
        for (int r = 0; r < regions.Count; r++)
        {
            double[] vertices = regions[r].VertexArray;
            var corners = new Coordinates[vertices.Length / 2];
            for (int k = 0; k < corners.Length; k++) corners[k] = new Coordinates(vertices[2 * k], vertices[2 * k + 1]);
            var polygon = plot.Add.Polygon(corners);
            polygon.FillColor = _coloring == RegionColoring.OutputValue
                ? Colour(high > low ? (values[r] - low) / (high - low) : 0.5)
                : HashColour(regions[r].Pattern.GetHashCode());
            polygon.LineColor = Colors.Black;
            polygon.LineWidth = outline;
        }

        foreach ((double s, double t, string label) in _marks)
        {
            plot.Add.Marker(s, t, MarkerShape.FilledCircle, 9, Colors.Red);
            var text = plot.Add.Text(label, s, t);
            text.LabelFontColor = Colors.Red;
            text.LabelBold = true;
            text.LabelOffsetX = 7;
            text.LabelOffsetY = -7;
        }

        if (_coloring == RegionColoring.OutputValue && regions.Count > 0)
        {
            var bar = plot.Add.ColorBar(new FixedColorAxis(Scale, low, high));
            bar.Label = $"output {_output.ToString(CultureInfo.InvariantCulture)} at the region's centroid";
        }

        SliceWindow w = _partition.Window;
        plot.Axes.SetLimits(w.SMin, w.SMax, w.TMin, w.TMax);
        plot.Axes.SquareUnits();
        return plot;
    }

    /// <summary>The viridis scale's colour at <paramref name="fraction"/> ∈ [0, 1] (non-finite: the middle).</summary>
    internal static Color Colour(double fraction) => Scale.GetColor(Math.Clamp(double.IsFinite(fraction) ? fraction : 0.5, 0, 1));

    /// <summary>A pastel colour spread over hue by the hash, so the black outlines stay visible.</summary>
    internal static Color HashColour(int hash)
    {
        uint h = unchecked((uint)hash * 2654435761u);
        double hue = h % 360 / 60.0, saturation = 0.45 + (h >> 9) % 30 / 100.0, lightness = 0.62 + (h >> 17) % 20 / 100.0;
        double chroma = (1 - Math.Abs(2 * lightness - 1)) * saturation, x = chroma * (1 - Math.Abs(hue % 2 - 1)), m = lightness - chroma / 2;
        (double r, double g, double b) = (int)hue switch
        {
            0 => (chroma, x, 0.0), 1 => (x, chroma, 0.0), 2 => (0.0, chroma, x), 3 => (0.0, x, chroma), 4 => (x, 0.0, chroma), _ => (chroma, 0.0, x),
        };
        return new Color((byte)Math.Round((r + m) * 255), (byte)Math.Round((g + m) * 255), (byte)Math.Round((b + m) * 255));
    }
}
