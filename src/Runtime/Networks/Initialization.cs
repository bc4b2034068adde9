using System.Numerics;

namespace DslNets;

/// <summary>The weight initialisations that generated constructors use.</summary>
public static class Initialization
{
    /// <summary>He (Kaiming) normal: N(0, 2 / fanIn), for ReLU-like layers.</summary>
    public static void He<T>(Span<T> weights, int fanIn, SeededRandom random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        random.FillGaussian(weights, 0.0, Math.Sqrt(2.0 / fanIn));
    }

    /// <summary>Glorot (Xavier) normal: N(0, 2 / (fanIn + fanOut)), for other activations.</summary>
    public static void Glorot<T>(Span<T> weights, int fanIn, int fanOut, SeededRandom random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn + fanOut, 1);
        random.FillGaussian(weights, 0.0, Math.Sqrt(2.0 / (fanIn + fanOut)));
    }
}
