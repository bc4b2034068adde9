using System.Globalization;

namespace DslNets.Generator.Emit;

/// <summary>Number formatting for emitted code: invariant culture, round-trip precision, typed literals.</summary>
internal static class Numbers
{
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    /// <summary>A literal of the network's element type.</summary>
    public static string Literal(double value, bool isDouble)
    {
        string text = isDouble
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : ((float)value).ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOf('E') < 0 && text.IndexOf('.') < 0) text += ".0";
        string literal = text + (isDouble ? "d" : "f");
        return value < 0 ? "(" + literal + ")" : literal;
    }

    /// <summary>Thousands-separated counts for the summary table.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
