using System.Numerics;

namespace DslNets.Tron;

/// <summary>
/// xoshiro256** as a value type, so that a sampling loop keeps the state in registers (a local copy written back
/// at the end) instead of loading and storing a heap object's fields per number. It is the same generator as
/// <see cref="SeededRandom"/>; a sampler seeds it from one, so the seed still fixes every number.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Takes its state from four draws of <paramref name="random"/> (never all zero: xoshiro's outputs are not).</summary>
    public Xoshiro256(SeededRandom random)
    {
        _s0 = random.NextUInt64();
        _s1 = random.NextUInt64();
        _s2 = random.NextUInt64();
        _s3 = random.NextUInt64();
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

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
