using System.Numerics;

namespace DslNets;

/// <summary>
/// xoshiro256** as a value type: the state of <see cref="SeededRandom"/>, and on its own a generator a sampling loop
/// keeps in registers (a local copy written back at the end) instead of loading and storing a heap object's fields per
/// number. A sampler seeds it from a <see cref="SeededRandom"/>, so the seed still fixes every number.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Takes its state from four draws of <paramref name="random"/>.</summary>
    public Xoshiro256(SeededRandom random)
        : this(random.NextUInt64(), random.NextUInt64(), random.NextUInt64(), random.NextUInt64())
    {
    }

    /// <summary>Takes the four state words as they are, except that an all-zero state (a fixed point) becomes s₀ = 1.</summary>
    public Xoshiro256(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    /// <summary>The four state words, so that a generator can be saved and continued exactly (resumable training).</summary>
    public readonly ulong[] Words => [_s0, _s1, _s2, _s3];

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
