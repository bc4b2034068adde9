using System.Globalization;
using ScottPlot;

namespace DslNets.Plotting;

/// <summary>The look every figure shares: title, axis labels, one sans-serif font, and base-10 log ticks where asked.</summary>
internal static class PlotStyle
{
    // Skia's font lookup without fontconfig (the NoDependencies build) falls back to a serif face unless told.
    private const string FontFamily = "DejaVu Sans";

    public static void Apply(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Font.Set(FontFamily);
    }

    /// <summary>Ticks at the integer exponents of values drawn as log10, labelled 10ᵏ, with minor ticks at 2·10ᵏ … 9·10ᵏ.</summary>
    public static void UseLogTicks(IAxis axis)
    {
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => PowerOfTen((int)Math.Round(exponent)),
        };
    }

    /// <summary>10ᵏ as plain digits for small k and as 1e±k beyond.</summary>
    internal static string PowerOfTen(int exponent) =>
        exponent is >= -3 and <= 4
            ? Math.Pow(10, exponent).ToString(CultureInfo.InvariantCulture)
            : "1e" + exponent.ToString(CultureInfo.InvariantCulture);
}
