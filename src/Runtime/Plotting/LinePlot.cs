using System.Globalization;
using ScottPlot;

namespace DslNets.Plotting;

/// <summary>
/// Line plots drawn by ScottPlot (training curves, error curves): several named series with a legend, axis labels, a
/// linear or logarithmic (base 10) y axis. Non-finite points are left out of their line.
/// </summary>
public sealed class LinePlot : Figure
{
    private readonly List<(string Name, double[] X, double[] Y)> _series = [];

    /// <summary>Creates an empty plot of 720×440 pixels.</summary>
    public LinePlot(string title, string xLabel, string yLabel, bool logY = false) : base(720, 440)
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

    /// <summary>Whether the y axis is logarithmic (base 10); every finite y must then be positive.</summary>
    public bool LogY { get; }

    /// <summary>The series added so far, in order.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Adds a series; x and y must have the same length, and y &gt; 0 on a log axis. Non-finite points are skipped.</summary>
    public LinePlot Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
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

    /// <inheritdoc />
    protected override Plot Build()
    {
        var plot = new Plot();
        PlotStyle.Apply(plot, Title, XLabel, YLabel);
        foreach ((string name, double[] xs, double[] ys) in _series)
        {
            // ScottPlot draws NaN as a gap only in some plottables; dropping the points keeps one connected line.
            int[] kept = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i])).ToArray();
            double[] x = kept.Select(i => xs[i]).ToArray();
            double[] y = kept.Select(i => LogY ? Math.Log10(ys[i]) : ys[i]).ToArray();
            var line = plot.Add.ScatterLine(x, y);
            line.LegendText = name;
            line.LineWidth = 1.6f;
        }

        if (LogY) PlotStyle.UseLogTicks(plot.Axes.Left);
        // ScottPlot lays out an outside legend with no named item at NaN width and draws nothing.
        if (_series.Any(s => s.Name.Length > 0)) plot.ShowLegend(Edge.Right);
        return plot;
    }
}
