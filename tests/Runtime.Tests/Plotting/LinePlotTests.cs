using System.Globalization;
using System.Xml.Linq;
using DslNets.Plotting;

namespace DslNets.Runtime.Tests.Plotting;

public class LinePlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void WritesWellFormedSvgWithOnePolylinePerSeries()
    {
        var plot = new LinePlot("loss & accuracy", "epoch", "value")
            .Add("loss", [1.0, 0.5, 0.25])
            .Add("accuracy", [0.5, 0.8, 0.9]);
        XDocument document = XDocument.Parse(plot.ToSvg());
        var lines = document.Descendants(Svg + "polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(3, lines[0].Attribute("points")!.Value.Split(' ').Length);
        Assert.Contains(document.Descendants(Svg + "text"), t => t.Value == "loss & accuracy");
    }

    [Fact]
    public void MapsExtremesToThePlotCorners()
    {
        var plot = new LinePlot("t", "x", "y").Add("s", [0.0, 10.0], [2.0, 4.0]);
        string points = XDocument.Parse(plot.ToSvg()).Descendants(Svg + "polyline").Single().Attribute("points")!.Value;
        double[][] xy = points.Split(' ').Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        // Left margin 70, plot width 720 − 70 − 170 = 480; top 40, plot height 440 − 40 − 55 = 345.
        Assert.Equal(70, xy[0][0], 2);
        Assert.Equal(550, xy[1][0], 2);
        Assert.True(xy[0][1] > xy[1][1], "the larger y is drawn higher");
    }

    [Fact]
    public void LogAxisRejectsNonPositiveValuesAndSkipsNonFinite()
    {
        var plot = new LinePlot("t", "x", "y", logY: true);
        var error = Assert.Throws<ArgumentException>(() => plot.Add("bad", [1.0, 0.0]));
        Assert.Contains("positive", error.Message);
        plot.Add("good", [1e-16, 1e-3, double.NaN, 1.0]);
        string points = XDocument.Parse(plot.ToSvg()).Descendants(Svg + "polyline").Single().Attribute("points")!.Value;
        Assert.Equal(3, points.Split(' ').Length);
        Assert.Throws<ArgumentException>(() => plot.Add("mismatch", [1.0, 2.0], [1.0]));
    }

    [Fact]
    public void SaveWritesTheFileAtomically()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dslnets-plot-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(folder, "sub", "plot.svg");
            new LinePlot("t", "x", "y").Add("s", [1.0, 2.0]).Save(path);
            Assert.True(File.Exists(path));
            Assert.False(File.Exists(path + ".tmp"));
            XDocument.Load(path);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
