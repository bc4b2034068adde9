using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// Counter-based random numbers for kernels: element g of a stream with seed s is a pure function of (s, g)
/// (<see cref="PatternHash.Mix"/>, splitmix64's finaliser), so points are made on the device in any order and every run with
/// the same seed gives the same numbers, whatever the batch split.
/// </summary>
public static class DeviceRandom
{
    /// <summary>A uniform number in [0, 1) with 53 random bits: element <paramref name="index"/> of stream <paramref name="seed"/>.</summary>
    public static double Uniform(ulong seed, ulong index) => (PatternHash.Mix(seed, index) >> 11) * (1.0 / (1UL << 53));

    /// <summary>x[e] = lower[e mod n] + u·width[e mod n], u = Uniform(seed, first·n + e): uniform points of a box, n coordinates each.</summary>
    internal static void FillBoxDouble(Index1D e, ArrayView<double> x, ArrayView<double> lower, ArrayView<double> width, int n, ulong seed, long first)
    {
        int k = e.X % n;
        x[e] = lower[k] + Uniform(seed, (ulong)(first * n + e.X)) * width[k];
    }

    /// <summary>The single-precision <see cref="FillBoxDouble"/> (the point is drawn in double, then rounded).</summary>
    internal static void FillBoxSingle(Index1D e, ArrayView<float> x, ArrayView<double> lower, ArrayView<double> width, int n, ulong seed, long first)
    {
        int k = e.X % n;
        x[e] = (float)(lower[k] + Uniform(seed, (ulong)(first * n + e.X)) * width[k]);
    }
}
