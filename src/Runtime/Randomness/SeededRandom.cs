using System.Numerics;

namespace DslNets;

/// <summary>
/// A small, fast, seeded generator (xoshiro256** seeded through SplitMix64). Its sequence is fixed by this code,
/// not by the .NET version, so the same seed gives the same numbers everywhere. Not thread-safe: give each
/// thread its own (see <see cref="Fork"/>).
/// </summary>
public sealed class SeededRandom
{
    private Xoshiro256 _state;

    /// <summary>Creates a generator whose whole sequence is fixed by <paramref name="seed"/>.</summary>
    public SeededRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _state = new Xoshiro256(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>The generator's position: its four state words (a resumable training checkpoint stores them).</summary>
    internal ulong[] StateWords => _state.Words;

    /// <summary>Continues from a position <see cref="StateWords"/> gave.</summary>
    internal void RestoreState(ReadOnlySpan<ulong> words) => _state = new Xoshiro256(words[0], words[1], words[2], words[3]);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "Expected a positive bound.");
        ulong range = (ulong)exclusiveMax;
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            ulong product = Math.BigMul(NextUInt64(), range, out ulong low);
            if (low >= threshold) return (int)product;
        }
    }

    /// <summary>A standard normal sample (Box–Muller; one value per call, so the sequence depends only on the call count).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: the logarithm is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="destination"/> with N(<paramref name="mean"/>, <paramref name="std"/>²) samples.</summary>
    public void FillGaussian<T>(Span<T> destination, double mean = 0.0, double std = 1.0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = T.CreateChecked(mean + std * NextGaussian());
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<TItem>(Span<TItem> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A new generator seeded from this one: independent streams for threads or sub-tasks.</summary>
    public SeededRandom Fork() => new(unchecked((long)NextUInt64()));
}
