using DslNets.Geometry;

namespace DslNets.Gpu;

/// <summary>
/// The 64-bit hash of an activation pattern that device kernels and the host both compute: the words folded in order
/// through splitmix64's finaliser. Distinct patterns collide with probability about 2⁻⁶⁴ per pair, which the pattern
/// counter states beside its count.
/// </summary>
public static class PatternHash
{
    /// <summary>The starting value.</summary>
    public const ulong Seed = 0x9E3779B97F4A7C15UL;

    /// <summary>Folds one word into the hash (plain arithmetic, so ILGPU compiles it into kernels).</summary>
    public static ulong Mix(ulong hash, ulong word)
    {
        ulong z = hash ^ (word + 0x9E3779B97F4A7C15UL + (hash << 6) + (hash >> 2));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The hash of a pattern's words.</summary>
    public static ulong Of(ReadOnlySpan<ulong> words)
    {
        ulong hash = Seed;
        foreach (ulong word in words) hash = Mix(hash, word);
        return hash;
    }

    /// <summary>The hash of a pattern.</summary>
    public static ulong Of(ActivationPattern pattern) => Of(pattern.Words);
}
