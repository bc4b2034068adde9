using System.Globalization;

namespace DslNets.Generator.Diagnostics;

/// <summary>A number with its noun in the right number ("1 output", "2 outputs"), for diagnostic messages.</summary>
internal static class Counted
{
    /// <summary><paramref name="count"/> followed by <paramref name="singular"/> when it is 1, else by <paramref name="plural"/> (default: singular + "s").</summary>
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
