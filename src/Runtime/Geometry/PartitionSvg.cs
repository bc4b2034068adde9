using System.Globalization;
using System.Text;

namespace DslNets.Geometry;

/// <summary>How <see cref="PartitionSvg"/> fills the regions.</summary>
public enum RegionColoring
{
    /// <summary>By the value of one output at the region's centroid, on a blue–yellow scale from the smallest to the largest value.</summary>
    OutputValue = 0,
    /// <summary>By a hash of the activation pattern: neighbouring regions get unrelated colours.</summary>
    PatternHash = 1,
}

/// <summary>
/// An SVG picture of a <see cref="SlicePartition"/> as in the SplineCam figures: every region outlined and filled, the
/// window as the frame, optional marked points (the images a slice passes through, say).
/// </summary>
public static class PartitionSvg
{
    // Stops of a perceptually ordered scale (viridis' ends and middle), interpolated linearly.
    private static readonly (double R, double G, double B)[] Scale =
        [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)];

    /// <summary>The SVG document.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="coloring">How to fill the regions.</param>
    /// <param name="output">The output whose value colours the regions (with <see cref="RegionColoring.OutputValue"/>).</param>
    /// <param name="title">A title above the picture.</param>
    /// <param name="marks">Points (s, t, label) to mark with a dot and their label.</param>
    /// <param name="size">The plot's width and height in pixels (the frame keeps the window's aspect ratio inside it).</param>
    public static string ToSvg(SlicePartition partition, RegionColoring coloring = RegionColoring.OutputValue, int output = 0,
        string title = "", IReadOnlyList<(double S, double T, string Label)>? marks = null, int size = 640)
    {
        ArgumentNullException.ThrowIfNull(partition);
        int outputs = partition.Regions.Count == 0 ? 0 : partition.Regions[0].OutputMap.Count / 3;
        if (coloring == RegionColoring.OutputValue && (output < 0 || output >= Math.Max(outputs, 1)))
            throw new ArgumentOutOfRangeException(nameof(output), output, $"Expected an output index below {outputs}.");
        if (size < 64) throw new ArgumentOutOfRangeException(nameof(size), size, "Expected a picture of at least 64 pixels.");
        SliceWindow w = partition.Window;
        const double margin = 50, top = 40;
        double spanS = w.SMax - w.SMin, spanT = w.TMax - w.TMin;
        double scale = Math.Min(size / spanS, size / spanT);
        double plotWidth = spanS * scale, plotHeight = spanT * scale;
        double width = plotWidth + 2 * margin, height = plotHeight + top + margin;
        double Px(double s) => margin + (s - w.SMin) * scale;
        double Py(double t) => top + (w.TMax - t) * scale;

        double[] values = partition.Regions.Select(r => coloring == RegionColoring.OutputValue ? r.Evaluate(output, r.Centroid.S, r.Centroid.T) : 0).ToArray();
        double low = values.Length > 0 ? values.Min() : 0, high = values.Length > 0 ? values.Max() : 1;
        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0.#}\" height=\"{height:0.#}\" viewBox=\"0 0 {width:0.#} {height:0.#}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(F($"<rect width=\"{width:0.#}\" height=\"{height:0.#}\" fill=\"white\"/>\n"));
        string caption = title.Length > 0 ? title + " — " : "";
        caption += F($"{partition.Regions.Count} regions");
        if (coloring == RegionColoring.OutputValue) caption += F($", colour: output {output} from {low:G4} to {high:G4}");
        svg.Append(F($"<text x=\"{width / 2:0.#}\" y=\"24\" text-anchor=\"middle\" font-size=\"14\">{Escape(caption)}</text>\n"));
        double stroke = partition.Regions.Count > 2000 ? 0.3 : 0.8;
        for (int r = 0; r < partition.Regions.Count; r++)
        {
            SliceRegion region = partition.Regions[r];
            string fill = coloring == RegionColoring.OutputValue
                ? Colour(high > low ? (values[r] - low) / (high - low) : 0.5)
                : HashColour(region.Pattern.GetHashCode());
            var points = new StringBuilder();
            double[] vertices = region.VertexArray;
            for (int k = 0; k < vertices.Length; k += 2) points.Append(F($"{Px(vertices[k]):0.###},{Py(vertices[k + 1]):0.###} "));
            svg.Append(F($"<polygon points=\"{points.ToString().TrimEnd()}\" fill=\"{fill}\" stroke=\"black\" stroke-width=\"{stroke}\" stroke-linejoin=\"round\"/>\n"));
        }

        svg.Append(F($"<rect x=\"{margin}\" y=\"{top}\" width=\"{plotWidth:0.#}\" height=\"{plotHeight:0.#}\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.2\"/>\n"));
        svg.Append(F($"<text x=\"{margin}\" y=\"{top + plotHeight + 18:0.#}\" text-anchor=\"middle\">{w.SMin:G4}</text>"));
        svg.Append(F($"<text x=\"{margin + plotWidth:0.#}\" y=\"{top + plotHeight + 18:0.#}\" text-anchor=\"middle\">{w.SMax:G4}</text>"));
        svg.Append(F($"<text x=\"{margin + plotWidth / 2:0.#}\" y=\"{top + plotHeight + 36:0.#}\" text-anchor=\"middle\">s</text>\n"));
        svg.Append(F($"<text x=\"{margin - 6}\" y=\"{top + plotHeight:0.#}\" text-anchor=\"end\">{w.TMin:G4}</text>"));
        svg.Append(F($"<text x=\"{margin - 6}\" y=\"{top + 10}\" text-anchor=\"end\">{w.TMax:G4}</text>"));
        svg.Append(F($"<text x=\"{margin - 20}\" y=\"{top + plotHeight / 2:0.#}\" text-anchor=\"middle\">t</text>\n"));
        foreach ((double s, double t, string label) in marks ?? [])
        {
            svg.Append(F($"<circle cx=\"{Px(s):0.##}\" cy=\"{Py(t):0.##}\" r=\"4\" fill=\"red\" stroke=\"white\" stroke-width=\"1\"/>"));
            svg.Append(F($"<text x=\"{Px(s) + 7:0.##}\" y=\"{Py(t) - 7:0.##}\" fill=\"red\" font-weight=\"bold\">{Escape(label)}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Writes the SVG to <paramref name="path"/> (through a temporary file, so a crash leaves no half-written picture).</summary>
    public static void Save(string path, SlicePartition partition, RegionColoring coloring = RegionColoring.OutputValue, int output = 0,
        string title = "", IReadOnlyList<(double S, double T, string Label)>? marks = null, int size = 640)
    {
        string text = ToSvg(partition, coloring, output, title, marks, size);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The scale's colour at <paramref name="fraction"/> ∈ [0, 1] as #rrggbb.</summary>
    internal static string Colour(double fraction)
    {
        fraction = Math.Clamp(double.IsFinite(fraction) ? fraction : 0.5, 0, 1);
        double position = fraction * (Scale.Length - 1);
        int k = Math.Min((int)position, Scale.Length - 2);
        double f = position - k;
        int R(int c) => (int)Math.Round(c == 0 ? Scale[k].R + f * (Scale[k + 1].R - Scale[k].R) : c == 1 ? Scale[k].G + f * (Scale[k + 1].G - Scale[k].G) : Scale[k].B + f * (Scale[k + 1].B - Scale[k].B));
        return F($"#{R(0):x2}{R(1):x2}{R(2):x2}");
    }

    private static string HashColour(int hash)
    {
        // Spread the hash over hue; keep saturation and lightness pastel so the outlines stay visible.
        uint h = unchecked((uint)hash * 2654435761u);
        double hue = (h % 360) / 60.0, saturation = 0.45 + (h >> 9) % 30 / 100.0, lightness = 0.62 + (h >> 17) % 20 / 100.0;
        double chroma = (1 - Math.Abs(2 * lightness - 1)) * saturation, x = chroma * (1 - Math.Abs(hue % 2 - 1)), m = lightness - chroma / 2;
        (double r, double g, double b) = (int)hue switch
        {
            0 => (chroma, x, 0.0), 1 => (x, chroma, 0.0), 2 => (0.0, chroma, x), 3 => (0.0, x, chroma), 4 => (x, 0.0, chroma), _ => (chroma, 0.0, x),
        };
        return F($"#{(int)Math.Round((r + m) * 255):x2}{(int)Math.Round((g + m) * 255):x2}{(int)Math.Round((b + m) * 255):x2}");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
