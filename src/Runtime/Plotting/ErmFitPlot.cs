using DslNets.Erm;
using ScottPlot;

namespace DslNets.Plotting;

/// <summary>
/// An exact ERM fit on two inputs: f as a colour map over the data's box (blue negative, white 0, red positive, clamped
/// at ±<see cref="ColourLimit"/>, with a colour bar), each hidden unit's hyperplane uᵢ·x + bᵢ = 0 as a black line, and
/// the data points coloured by the sign of their target.
/// </summary>
public sealed class ErmFitPlot : Figure
{
    private const int Cells = 96;
    private readonly ErmResult _result;
    private readonly double[,] _x;
    private readonly double[] _y;
    private readonly string _title;
    private readonly string _xLabel;
    private readonly string _yLabel;

    /// <summary>Creates the picture (640×560 pixels unless <see cref="Figure.Size"/> is set).</summary>
    /// <param name="result">A result on two inputs.</param>
    /// <param name="x">The data, one row per point (two columns).</param>
    /// <param name="y">The targets.</param>
    /// <param name="title">The title.</param>
    /// <param name="xLabel">The first input's name.</param>
    /// <param name="yLabel">The second input's name.</param>
    public ErmFitPlot(ErmResult result, double[,] x, double[] y, string title, string xLabel = "x₁", string yLabel = "x₂") : base(640, 560)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (result.Inputs != 2) throw new ArgumentException($"Expected a result on 2 inputs (a plane to draw) but it has {result.Inputs}.", nameof(result));
        if (x.GetLength(1) != 2 || x.GetLength(0) != y.Length || y.Length == 0)
            throw new ArgumentException($"Expected {y.Length} points of 2 coordinates (and at least one) but got {x.GetLength(0)}×{x.GetLength(1)}.", nameof(x));
        _result = result;
        _x = x;
        _y = y;
        _title = title ?? "";
        _xLabel = xLabel;
        _yLabel = yLabel;
    }

    /// <summary>|f| at which the colour map saturates.</summary>
    public double ColourLimit { get; init; } = 1.5;

    /// <inheritdoc />
    protected override Plot Build()
    {
        int d = _y.Length;
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (int j = 0; j < d; j++)
        {
            minX = Math.Min(minX, _x[j, 0]); maxX = Math.Max(maxX, _x[j, 0]);
            minY = Math.Min(minY, _x[j, 1]); maxY = Math.Max(maxY, _x[j, 1]);
        }

        double padX = 0.1 * (maxX - minX) + 1e-9, padY = 0.1 * (maxY - minY) + 1e-9;
        minX -= padX; maxX += padX; minY -= padY; maxY += padY;
        double cellX = (maxX - minX) / Cells, cellY = (maxY - minY) / Cells;
        // ScottPlot's heatmap rows run top to bottom; the first row is the largest x₂.
        var f = new double[Cells, Cells];
        for (int row = 0; row < Cells; row++)
            for (int column = 0; column < Cells; column++)
                f[row, column] = Math.Clamp(_result.Predict([minX + (column + 0.5) * cellX, maxY - (row + 0.5) * cellY]), -ColourLimit, ColourLimit);

        var plot = new Plot();
        PlotStyle.Apply(plot, _title, _xLabel, _yLabel);
        var map = plot.Add.Heatmap(f);
        map.Colormap = new ScottPlot.Colormaps.Balance();
        map.ManualRange = new ScottPlot.Range(-ColourLimit, ColourLimit);
        // Position names the centres of the corner cells.
        map.Position = new CoordinateRect(minX + cellX / 2, maxX - cellX / 2, minY + cellY / 2, maxY - cellY / 2);
        plot.Add.ColorBar(map).Label = "f(x)";

        for (int i = 0; i < _result.Width; i++)
        {
            double u0 = _result.HiddenWeight(i, 0), u1 = _result.HiddenWeight(i, 1), bias = _result.HiddenBias(i);
            if (Math.Abs(u0) + Math.Abs(u1) < 1e-12) continue; // a unit that is constant draws no line
            (double, double) At(double t) => Math.Abs(u1) > Math.Abs(u0)
                ? (minX + t * (maxX - minX), -(bias + u0 * (minX + t * (maxX - minX))) / u1)
                : (-(bias + u1 * (minY + t * (maxY - minY))) / u0, minY + t * (maxY - minY));
            var (x1, y1) = At(0);
            var (x2, y2) = At(1);
            var line = plot.Add.Line(x1, y1, x2, y2);
            line.LineColor = Colors.Black;
            line.LineWidth = 1.5f;
            line.LegendText = i == 0 ? "hidden units' hyperplanes" : "";
        }

        AddPoints(plot, j => _y[j] > 0, new Color(192, 0, 0), "y > 0");
        AddPoints(plot, j => _y[j] <= 0, new Color(0, 48, 192), "y ≤ 0");
        plot.Axes.SetLimits(minX, maxX, minY, maxY);
        // Below the axes, so it hides none of the map.
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private void AddPoints(Plot plot, Func<int, bool> take, Color colour, string label)
    {
        int[] points = Enumerable.Range(0, _y.Length).Where(take).ToArray();
        if (points.Length == 0) return;
        var markers = plot.Add.Markers(points.Select(j => _x[j, 0]).ToArray(), points.Select(j => _x[j, 1]).ToArray(), MarkerShape.FilledCircle, 10, colour);
        markers.MarkerLineColor = Colors.White;
        markers.MarkerLineWidth = 1.5f;
        markers.LegendText = label;
    }
}
