using System.Globalization;
using System.Text;

namespace DslNets.Plotting;

/// <summary>
/// A small SVG line plot (no plotting package is served here): several named series, linear or logarithmic
/// y axis, ticks, a legend. Samples use it for loss curves and error curves.
/// </summary>
public sealed class LinePlot
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
    private readonly List<(string Name, double[] X, double[] Y)> _series = [];

    /// <summary>Creates an empty plot.</summary>
    public LinePlot(string title, string xLabel, string yLabel, bool logY = false)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
        LogY = logY;
    }

    /// <summary>The title above the plot.</summary>
    public string Title { get; }

    /// <summary>The x axis label.</summary>
    public string XLabel { get; }

    /// <summary>The y axis label.</summary>
    public string YLabel { get; }

    /// <summary>Whether the y axis is logarithmic (base 10); every y must then be positive.</summary>
    public bool LogY { get; }

    /// <summary>Width and height of the picture in pixels.</summary>
    public (int Width, int Height) Size { get; init; } = (720, 440);

    /// <summary>Adds a series; x and y must have the same length, and y &gt; 0 on a log axis. Non-finite points are skipped.</summary>
    public LinePlot Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Series '{name}': expected as many y values as x values ({x.Count}) but got {y.Count}.", nameof(y));
        }

        if (LogY && y.Any(v => double.IsFinite(v) && v <= 0))
        {
            throw new ArgumentException($"Series '{name}': a logarithmic axis needs positive values but got {y.First(v => double.IsFinite(v) && v <= 0).ToString(CultureInfo.InvariantCulture)}.", nameof(y));
        }

        _series.Add((name, x.ToArray(), y.ToArray()));
        return this;
    }

    /// <summary>Adds a series against 1, 2, 3, ….</summary>
    public LinePlot Add(string name, IReadOnlyList<double> y) => Add(name, Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray(), y);

    /// <summary>The SVG document.</summary>
    public string ToSvg()
    {
        const double left = 70, right = 170, top = 40, bottom = 55;
        (int width, int height) = Size;
        double plotWidth = width - left - right, plotHeight = height - top - bottom;
        var points = _series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
        double xMin = points.Length > 0 ? points.Min(p => p.First) : 0, xMax = points.Length > 0 ? points.Max(p => p.First) : 1;
        double yMin = points.Length > 0 ? points.Min(p => Transform(p.Second)) : 0, yMax = points.Length > 0 ? points.Max(p => Transform(p.Second)) : 1;
        if (xMax <= xMin) xMax = xMin + 1;
        if (yMax <= yMin) { yMin -= 0.5; yMax += 0.5; }
        if (LogY) { yMin = Math.Floor(yMin); yMax = Math.Ceiling(yMax); }

        double Px(double x) => left + (x - xMin) / (xMax - xMin) * plotWidth;
        double Py(double y) => top + (1 - (Transform(y) - yMin) / (yMax - yMin)) * plotHeight;
        double PyT(double t) => top + (1 - (t - yMin) / (yMax - yMin)) * plotHeight;

        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(F($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(F($"<text x=\"{width / 2.0}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(Title)}</text>\n"));
        svg.Append(F($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#444\"/>\n"));
        foreach (double tick in Ticks(xMin, xMax))
        {
            svg.Append(F($"<line x1=\"{Px(tick)}\" y1=\"{top + plotHeight}\" x2=\"{Px(tick)}\" y2=\"{top + plotHeight + 5}\" stroke=\"#444\"/>"));
            svg.Append(F($"<text x=\"{Px(tick)}\" y=\"{top + plotHeight + 18}\" text-anchor=\"middle\">{Label(tick)}</text>\n"));
        }

        IEnumerable<double> yTicks = LogY ? Enumerable.Range((int)yMin, (int)(yMax - yMin) + 1).Select(e => (double)e) : Ticks(yMin, yMax);
        foreach (double tick in yTicks)
        {
            string text = LogY ? "1e" + tick.ToString(CultureInfo.InvariantCulture) : Label(tick);
            svg.Append(F($"<line x1=\"{left}\" y1=\"{PyT(tick)}\" x2=\"{left + plotWidth}\" y2=\"{PyT(tick)}\" stroke=\"#ddd\"/>"));
            svg.Append(F($"<text x=\"{left - 6}\" y=\"{PyT(tick) + 4}\" text-anchor=\"end\">{text}</text>\n"));
        }

        svg.Append(F($"<text x=\"{left + plotWidth / 2}\" y=\"{height - 12}\" text-anchor=\"middle\">{Escape(XLabel)}</text>\n"));
        svg.Append(F($"<text x=\"16\" y=\"{top + plotHeight / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {top + plotHeight / 2})\">{Escape(YLabel)}</text>\n"));
        for (int s = 0; s < _series.Count; s++)
        {
            (string name, double[] xs, double[] ys) = _series[s];
            string colour = Palette[s % Palette.Length];
            var path = new StringBuilder();
            for (int i = 0; i < xs.Length; i++)
            {
                if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i])) continue;
                path.Append(F($"{Px(xs[i]):0.##},{Py(ys[i]):0.##} "));
            }

            svg.Append(F($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" points=\"{path.ToString().TrimEnd()}\"><title>{Escape(name)}</title></polyline>\n"));
            double legendY = top + 10 + s * 18;
            svg.Append(F($"<line x1=\"{left + plotWidth + 12}\" y1=\"{legendY}\" x2=\"{left + plotWidth + 32}\" y2=\"{legendY}\" stroke=\"{colour}\" stroke-width=\"2\"/>"));
            svg.Append(F($"<text x=\"{left + plotWidth + 38}\" y=\"{legendY + 4}\">{Escape(name)}</text>\n"));
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Writes the SVG to <paramref name="path"/> (through a temporary file, so a crash leaves no half-written picture).</summary>
    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, ToSvg());
        File.Move(temporary, full, overwrite: true);
    }

    private double Transform(double y) => LogY ? Math.Log10(y) : y;

    private static IEnumerable<double> Ticks(double min, double max)
    {
        double span = max - min;
        double step = Math.Pow(10, Math.Floor(Math.Log10(span / 5)));
        if (span / step > 10) step *= 2;
        if (span / step > 10) step *= 2.5;
        for (double t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step) yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
    }

    private static string Label(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
