using System.Globalization;

namespace DslNets.PacBayes;

/// <summary>Argument checks shared by the PAC-Bayes code: each names what was expected and what came.</summary>
internal static class Guard
{
    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A probability or risk: a number in [0, 1].</summary>
    public static void Probability(double value, string name)
    {
        if (!(value >= 0.0 && value <= 1.0))
            throw new ArgumentOutOfRangeException(name, value, $"Expected '{name}' in [0, 1], got {Show(value)}.");
    }

    /// <summary>A confidence parameter δ: a number in the open interval (0, 1).</summary>
    public static void Confidence(double value, string name)
    {
        if (!(value > 0.0 && value < 1.0))
            throw new ArgumentOutOfRangeException(name, value, $"Expected '{name}' in (0, 1), got {Show(value)}.");
    }

    /// <summary>A number of samples: at least <paramref name="minimum"/>.</summary>
    public static void Count(long value, string name, long minimum = 1)
    {
        if (value < minimum)
            throw new ArgumentOutOfRangeException(name, value, $"Expected '{name}' ≥ {minimum}, got {value}.");
    }

    /// <summary>A finite number ≥ 0 (a KL divergence, a complexity term).</summary>
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0.0) || double.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"Expected '{name}' finite and ≥ 0, got {Show(value)}.");
    }

    /// <summary>A number ≥ 0, +∞ allowed (the right-hand side of kl(q‖p) ≤ c).</summary>
    public static void NonNegativeOrInfinity(double value, string name)
    {
        if (!(value >= 0.0))
            throw new ArgumentOutOfRangeException(name, value, $"Expected '{name}' ≥ 0 (or +∞), got {Show(value)}.");
    }

    /// <summary>A finite number &gt; 0 (a standard deviation, a margin, a scale).</summary>
    public static void Positive(double value, string name)
    {
        if (!(value > 0.0) || double.IsPositiveInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"Expected '{name}' finite and > 0, got {Show(value)}.");
    }

    /// <summary>A finite number (NaN and ±∞ rejected).</summary>
    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"Expected '{name}' finite, got {Show(value)}.");
    }

    /// <summary>Two spans that must have the same length.</summary>
    public static void SameLength(int expected, int actual, string name, string against)
    {
        if (expected != actual)
            throw new ArgumentException($"Expected '{name}' of length {expected} (the length of '{against}'), got length {actual}.", name);
    }
}
