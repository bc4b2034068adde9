using ScottPlot;

namespace DslNets.Plotting;

/// <summary>A colour scale over a value range with no plottable behind it, so a colour bar can explain polygons filled by value.</summary>
internal sealed class FixedColorAxis(IColormap colormap, double low, double high) : IHasColorAxis
{
    public IColormap Colormap { get; set; } = colormap;

    public ScottPlot.Range GetRange() => new(low, high);
}
