using DslNets.Checkpoints;
using ScottPlot;

namespace DslNets.Plotting;

/// <summary>
/// A picture drawn by ScottPlot: built as a <see cref="Plot"/> (which callers may restyle through <see cref="ToPlot"/>),
/// rendered as PNG or SVG at <see cref="Size"/>, and written atomically. A missing native graphics library gives a
/// <see cref="GraphicsLibraryMissingException"/>.
/// </summary>
public abstract class Figure
{
    /// <summary>Creates a figure with a default size.</summary>
    protected Figure(int width, int height)
    {
        Size = (width, height);
    }

    /// <summary>Width and height of the picture in pixels (each at least 64).</summary>
    public (int Width, int Height) Size { get; init; }

    /// <summary>A fresh ScottPlot <see cref="Plot"/> with everything drawn, to restyle or render in other ways (the caller disposes it).</summary>
    public Plot ToPlot() => NativeGraphics.Run(Build);

    /// <summary>The picture as PNG bytes.</summary>
    public byte[] ToPng() => Render(plot => plot.GetImageBytes(Size.Width, Size.Height, ImageFormat.Png));

    /// <summary>The picture as an SVG document.</summary>
    public string ToSvg() => Render(plot => plot.GetSvgXml(Size.Width, Size.Height));

    /// <summary>
    /// Writes the picture to <paramref name="path"/>, as PNG or SVG by its extension (.png, .svg), through a temporary
    /// file renamed over the target, so a crash leaves no half-written picture. Creates the folder.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        byte[] content = extension switch
        {
            ".png" => ToPng(),
            ".svg" => System.Text.Encoding.UTF8.GetBytes(ToSvg()),
            _ => throw new ArgumentException($"Expected a path ending in .png or .svg but got '{path}'.", nameof(path)),
        };
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = AtomicFile.TemporaryPathFor(full);
        try
        {
            using (FileStream file = AtomicFile.Create(temporary))
            {
                file.Write(content);
                AtomicFile.FlushToDisk(file);
            }

            AtomicFile.Commit(temporary, full);
        }
        catch
        {
            AtomicFile.Discard(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="pathWithoutExtension"/>.png and .svg (see <see cref="Save"/>).</summary>
    public void SavePngAndSvg(string pathWithoutExtension)
    {
        Save(pathWithoutExtension + ".png");
        Save(pathWithoutExtension + ".svg");
    }

    /// <summary>Draws the figure on a new plot.</summary>
    protected abstract Plot Build();

    private T Render<T>(Func<Plot, T> render)
    {
        if (Size.Width < 64 || Size.Height < 64)
            throw new InvalidOperationException($"Expected a picture of at least 64×64 pixels but the size is {Size.Width}×{Size.Height}.");
        return NativeGraphics.Run(() =>
        {
            using Plot plot = Build();
            return render(plot);
        });
    }
}
