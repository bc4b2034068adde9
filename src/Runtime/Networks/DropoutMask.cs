using DslNets.Gpu;

namespace DslNets;

/// <summary>
/// The dropout masks of a <see cref="DropoutDraw"/>: unit u of dropout layer l (its index in the network's layers) for a
/// sample is kept when the uniform number <see cref="DeviceRandom.Uniform"/>(stream, u) is at least p, where the stream is
/// the splitmix64 hash of (seed, step, l, sample). Plain arithmetic, so generated code, tests and device kernels draw the
/// same masks.
/// </summary>
public static class DropoutMask
{
    /// <summary>The stream of layer <paramref name="layer"/>'s masks for the draw's first sample.</summary>
    public static ulong Stream(DropoutDraw draw, int layer)
    {
        ulong hash = PatternHash.Mix(PatternHash.Seed, unchecked((ulong)draw.Seed));
        hash = PatternHash.Mix(hash, unchecked((ulong)draw.Step));
        hash = PatternHash.Mix(hash, unchecked((ulong)layer));
        return PatternHash.Mix(hash, unchecked((ulong)(uint)draw.Sample));
    }

    /// <summary>Whether unit <paramref name="unit"/> of the stream survives dropout with probability <paramref name="probability"/>.</summary>
    public static bool Keeps(ulong stream, int unit, double probability) => DeviceRandom.Uniform(stream, unchecked((ulong)unit)) >= probability;
}
