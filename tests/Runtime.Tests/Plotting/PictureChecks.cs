using System.Xml.Linq;
using ScottPlot;
using SkiaSharp;

namespace DslNets.Runtime.Tests.Plotting;

/// <summary>What every rendered figure must satisfy: the PNG decodes (by SkiaSharp) to the size asked for, the SVG is XML of that size.</summary>
internal static class PictureChecks
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static SKBitmap DecodesTo(byte[] png, int width, int height)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4).ToArray());
        SKBitmap? bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        return bitmap;
    }

    public static XDocument ParsesAsSvg(string svg, int width, int height)
    {
        XDocument document = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", document.Root!.Name);
        Assert.Equal(width.ToString(System.Globalization.CultureInfo.InvariantCulture), document.Root.Attribute("width")!.Value.Replace("px", ""));
        Assert.Equal(height.ToString(System.Globalization.CultureInfo.InvariantCulture), document.Root.Attribute("height")!.Value.Replace("px", ""));
        return document;
    }

    /// <summary>The rendered plot's pixel at a point in data coordinates (the plot must have been rendered at the bitmap's size).</summary>
    public static SKColor PixelAt(Plot plot, SKBitmap bitmap, double x, double y)
    {
        Pixel pixel = plot.GetPixel(new Coordinates(x, y));
        return bitmap.GetPixel((int)Math.Floor(pixel.X), (int)Math.Floor(pixel.Y));
    }

    /// <summary>Of the pixels within <paramref name="radius"/> of a point, the one nearest <paramref name="expected"/> (for antialiased thin lines).</summary>
    public static SKColor NearestPixelAround(Plot plot, SKBitmap bitmap, double x, double y, Color expected, int radius)
    {
        Pixel pixel = plot.GetPixel(new Coordinates(x, y));
        int px = (int)Math.Floor(pixel.X), py = (int)Math.Floor(pixel.Y);
        return Enumerable.Range(-radius, 2 * radius + 1)
            .SelectMany(dx => Enumerable.Range(-radius, 2 * radius + 1).Select(dy => bitmap.GetPixel(px + dx, py + dy)))
            .MinBy(c => Math.Abs(c.Red - expected.R) + Math.Abs(c.Green - expected.G) + Math.Abs(c.Blue - expected.B));
    }

    public static void Near(Color expected, SKColor actual, int tolerance)
    {
        Assert.True(Math.Abs(expected.R - actual.Red) <= tolerance && Math.Abs(expected.G - actual.Green) <= tolerance && Math.Abs(expected.B - actual.Blue) <= tolerance,
            $"expected about {expected.ToHex()} but the pixel is {actual}");
    }

    public static string TemporaryFolder() => Path.Combine(Path.GetTempPath(), "dslnets-plot-" + Guid.NewGuid().ToString("N"));
}
