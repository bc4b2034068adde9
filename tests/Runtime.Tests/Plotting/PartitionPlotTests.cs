using DslNets.Geometry;
using DslNets.Plotting;
using DslNets.Runtime.Tests.Geometry;
using ScottPlot;
using static DslNets.Runtime.Tests.Geometry.RegionTestHelpers;
using static DslNets.Runtime.Tests.Plotting.PictureChecks;

namespace DslNets.Runtime.Tests.Plotting;

public class PartitionPlotTests
{
    private static SlicePartition Partition() =>
        SliceRegions.Compute(Randomized(new PlaneNet(10), 10), [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], new SliceWindow(-2, 2, -1.5, 1.5));

    [Fact]
    public void DrawsEveryRegionAsAFilledPolygonInPngAndSvg()
    {
        SlicePartition partition = Partition();
        var figure = new PartitionPlot(partition, RegionColoring.OutputValue, 0, "twenty lines", [(0, 0, "origin")]) { Size = (600, 500) };
        using var bitmap = DecodesTo(figure.ToPng(), 600, 500);
        var svg = ParsesAsSvg(figure.ToSvg(), 600, 500);
        string text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains($"twenty lines: {partition.Regions.Count} regions", text);
        Assert.Contains("origin", text);
        using Plot plot = figure.ToPlot();
        Assert.Equal(partition.Regions.Count, plot.GetPlottables().OfType<ScottPlot.Plottables.Polygon>().Count());
        Assert.True(partition.Regions.Count > 20, $"a random arrangement of 20 lines should cut the window into many regions, got {partition.Regions.Count}");
    }

    [Fact]
    public void FillsEachRegionWithItsColourWhereItIsDrawn()
    {
        SlicePartition partition = Partition();
        foreach (RegionColoring coloring in new[] { RegionColoring.OutputValue, RegionColoring.PatternHash })
        {
            var figure = new PartitionPlot(partition, coloring);
            using Plot plot = figure.ToPlot();
            using var bitmap = DecodesTo(plot.GetImageBytes(figure.Size.Width, figure.Size.Height, ImageFormat.Png), 720, 640);
            var polygons = plot.GetPlottables().OfType<ScottPlot.Plottables.Polygon>().ToList();
            int checkedRegions = 0;
            for (int r = 0; r < partition.Regions.Count; r++)
            {
                SliceRegion region = partition.Regions[r];
                // Only regions large enough on screen that their centroid pixel lies well inside the outline.
                if (region.Depth(region.Centroid.S, region.Centroid.T) < 0.08) continue;
                Near(polygons[r].FillColor, PixelAt(plot, bitmap, region.Centroid.S, region.Centroid.T), 12);
                checkedRegions++;
            }

            Assert.True(checkedRegions >= 5, $"{coloring}: only {checkedRegions} regions were large enough to check");
        }
    }

    private static SkiaSharp.SKColor ToSk(Color colour) => new(colour.R, colour.G, colour.B);

    [Fact]
    public void ColoursByOutputValueFromTheScalesEnds()
    {
        SlicePartition partition = Partition();
        var polygons = new PartitionPlot(partition, RegionColoring.OutputValue).ToPlot().GetPlottables().OfType<ScottPlot.Plottables.Polygon>().ToList();
        double[] values = partition.Regions.Select(r => r.Evaluate(0, r.Centroid.S, r.Centroid.T)).ToArray();
        int lowest = Array.IndexOf(values, values.Min()), highest = Array.IndexOf(values, values.Max());
        // Viridis runs from dark purple (#440154) to yellow (#fde725).
        Near(new Color(0x44, 0x01, 0x54), ToSk(polygons[lowest].FillColor), 2);
        Near(new Color(0xfd, 0xe7, 0x25), ToSk(polygons[highest].FillColor), 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionPlot(partition, RegionColoring.OutputValue, output: 1));
    }
}
