using DslNets.Erm;
using DslNets.Plotting;
using ScottPlot;
using static DslNets.Runtime.Tests.Plotting.PictureChecks;

namespace DslNets.Runtime.Tests.Plotting;

public class ErmFitPlotTests
{
    private static (ErmResult Result, double[,] X, double[] Y) Fit()
    {
        var rng = new SeededRandom(21);
        var x = new double[10, 2];
        var y = new double[10];
        for (int j = 0; j < 10; j++)
        {
            x[j, 0] = rng.NextGaussian();
            x[j, 1] = rng.NextGaussian();
            y[j] = x[j, 0] + 0.5 * x[j, 1] > 0 ? 1 : -1;
        }

        return (ExactErm.Solve(x, y, new ErmOptions(1, OutputBias: true)), x, y);
    }

    [Fact]
    public void RendersTheFitAsPngAndSvg()
    {
        var (result, x, y) = Fit();
        var figure = new ErmFitPlot(result, x, y, "width 1", "pc 1", "pc 2") { Size = (480, 420) };
        using var bitmap = DecodesTo(figure.ToPng(), 480, 420);
        var svg = ParsesAsSvg(figure.ToSvg(), 480, 420);
        string text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("width 1", text);
        Assert.Contains("pc 2", text);
        using Plot plot = figure.ToPlot();
        Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>());
        Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.LinePlot>());
        Assert.Equal(2, plot.GetPlottables().OfType<ScottPlot.Plottables.Markers>().Count());
    }

    [Fact]
    public void ColoursTheMapBySignOfTheFit()
    {
        var (result, x, y) = Fit();
        var figure = new ErmFitPlot(result, x, y, "");
        using Plot plot = figure.ToPlot();
        using var bitmap = DecodesTo(plot.GetImageBytes(figure.Size.Width, figure.Size.Height, ImageFormat.Png), 640, 560);
        var limits = plot.Axes.GetLimits();
        int reddish = 0, bluish = 0;
        // A grid of probe points away from the data markers and the hyperplane: red where f > 0.3, blue where f < −0.3.
        for (int a = 1; a < 12; a++)
            for (int b = 1; b < 12; b++)
            {
                double px = limits.Left + a / 12.0 * limits.HorizontalSpan, py = limits.Bottom + b / 12.0 * limits.VerticalSpan;
                bool nearPoint = Enumerable.Range(0, y.Length).Any(j => Math.Abs(x[j, 0] - px) < 0.06 * limits.HorizontalSpan && Math.Abs(x[j, 1] - py) < 0.06 * limits.VerticalSpan);
                double f = result.Predict([px, py]);
                if (nearPoint || Math.Abs(f) < 0.3) continue;
                var pixel = PixelAt(plot, bitmap, px, py);
                if (f > 0) { Assert.True(pixel.Red > pixel.Blue, $"f({px:F2}, {py:F2}) = {f:F2} > 0 drawn as {pixel}"); reddish++; }
                else { Assert.True(pixel.Blue > pixel.Red, $"f({px:F2}, {py:F2}) = {f:F2} < 0 drawn as {pixel}"); bluish++; }
            }

        Assert.True(reddish > 3 && bluish > 3, $"probes: {reddish} positive, {bluish} negative");
    }

    [Fact]
    public void RejectsResultsThatAreNotOnAPlane()
    {
        var x = new double[4, 1] { { 0 }, { 1 }, { 2 }, { 3 } };
        var y = new double[] { 0, 1, 0, 1 };
        var result = ExactErm.Solve(x, y, new ErmOptions(1));
        Assert.Contains("2 inputs", Assert.Throws<ArgumentException>(() => new ErmFitPlot(result, x, y, "")).Message);
    }
}
