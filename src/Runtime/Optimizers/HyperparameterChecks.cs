namespace DslNets.Optimizers;

/// <summary>The range check shared by the host optimisers and their device versions (DslNets.Gpu), so both word it alike.</summary>
internal static class HyperparameterChecks
{
    /// <summary>Throws unless <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>) (or up to max inclusive).</summary>
    internal static double Range(string optimizer, string name, double value, double min, double max, bool maxInclusive = false)
    {
        bool ok = double.IsFinite(value) && value >= min && (maxInclusive ? value <= max : value < max);
        if (!ok)
        {
            string upper = maxInclusive ? $"{max}]" : $"{max})";
            throw new ArgumentOutOfRangeException(name, value, $"{optimizer}: expected '{name}' in [{min}, {upper} but got {value}.");
        }
        return value;
    }
}
