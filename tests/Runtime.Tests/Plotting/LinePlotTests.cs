using System.Xml.Linq;
using DslNets.Plotting;
using ScottPlot;
using static DslNets.Runtime.Tests.Plotting.PictureChecks;

namespace DslNets.Runtime.Tests.Plotting;

public class LinePlotTests
{
    [Fact]
    public void RendersPngAndSvgOfTheRequestedSizeWithTitleAndLegend()
    {
        var plot = new LinePlot("loss & accuracy", "epoch", "value") { Size = (500, 300) }
            .Add("loss", [1.0, 0.5, 0.25])
            .Add("accuracy", [0.5, 0.8, 0.9]);
        using var bitmap = DecodesTo(plot.ToPng(), 500, 300);
        XDocument svg = ParsesAsSvg(plot.ToSvg(), 500, 300);
        string text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("loss & accuracy", text);
        Assert.Contains("epoch", text);
        Assert.Contains("accuracy", text);
        using Plot built = plot.ToPlot();
        Assert.Equal(["loss", "accuracy"], built.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText));
    }

    [Fact]
    public void DrawsTheLineWhereTheDataAre()
    {
        var figure = new LinePlot("t", "x", "y").Add("s", [0.0, 10.0], [2.0, 4.0]);
        using Plot plot = figure.ToPlot();
        byte[] png = plot.GetImageBytes(figure.Size.Width, figure.Size.Height, ImageFormat.Png);
        using var bitmap = DecodesTo(png, 720, 440);
        Color line = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().LineColor;
        Near(line, NearestPixelAround(plot, bitmap, 5, 3, line, 1), 40);
        // Off the line, between grid lines, the background shows.
        Near(Colors.White, PixelAt(plot, bitmap, 2.5, 3.7), 40);
    }

    [Fact]
    public void UnnamedSeriesAreDrawnWithoutALegend()
    {
        var figure = new LinePlot("t", "x", "y").Add("", [0.0, 10.0], [2.0, 4.0]);
        using Plot plot = figure.ToPlot();
        using var bitmap = DecodesTo(plot.GetImageBytes(720, 440, ImageFormat.Png), 720, 440);
        Color line = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().LineColor;
        Near(line, NearestPixelAround(plot, bitmap, 5, 3, line, 1), 40);
    }

    [Fact]
    public void LogAxisLabelsPowersOfTenAndRejectsNonPositiveValues()
    {
        var figure = new LinePlot("t", "x", "y", logY: true);
        var error = Assert.Throws<ArgumentException>(() => figure.Add("bad", [1.0, 0.0]));
        Assert.Contains("positive", error.Message);
        Assert.Throws<ArgumentException>(() => figure.Add("mismatch", [1.0, 2.0], [1.0]));
        figure.Add("good", [1e-6, 1e-3, double.NaN, 1.0]);
        using Plot plot = figure.ToPlot();
        var scatter = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single();
        // The non-finite point is left out; the rest are drawn as log10.
        Assert.Equal([-6.0, -3.0, 0.0], scatter.Data.GetScatterPoints().Select(p => p.Y).ToArray());
        plot.GetImageBytes(720, 440, ImageFormat.Png);
        string[] labels = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Contains("1e-6", labels);
        Assert.Contains("0.001", labels);
        Assert.Contains("1", labels);
        Assert.DoesNotContain(labels, l => l.Contains('.') && l != "0.1" && l != "0.01" && l != "0.001");
    }

    [Fact]
    public void SaveWritesPngOrSvgByExtensionThroughATemporaryFile()
    {
        string folder = TemporaryFolder();
        try
        {
            var plot = new LinePlot("t", "x", "y").Add("s", [1.0, 2.0]);
            plot.SavePngAndSvg(Path.Combine(folder, "sub", "plot"));
            DecodesTo(File.ReadAllBytes(Path.Combine(folder, "sub", "plot.png")), 720, 440).Dispose();
            ParsesAsSvg(File.ReadAllText(Path.Combine(folder, "sub", "plot.svg")), 720, 440);
            Assert.Equal(["plot.png", "plot.svg"], Directory.GetFiles(Path.Combine(folder, "sub")).Select(Path.GetFileName).Order());
            Assert.Contains(".png or .svg", Assert.Throws<ArgumentException>(() => plot.Save(Path.Combine(folder, "plot.jpg"))).Message);
            Assert.Throws<InvalidOperationException>(() => new LinePlot("t", "x", "y") { Size = (10, 10) }.ToPng());
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
