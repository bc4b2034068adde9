namespace DslNets.Tron;

/// <summary>
/// Exp(1) samples by Marsaglia and Tsang's ziggurat (2000) with 256 layers and 53-bit magnitudes. One 64-bit draw
/// gives the layer (bits 0–7), one spare bit (bit 8, returned as a sign for Laplace samples) and the magnitude
/// (bits 11–63); about 99% of samples take the fast path. Replaces a logarithm per sample.
/// </summary>
internal static class ZigguratExponential
{
    private const int Layers = 256;
    private const double R = 7.697117470131487;       // where the base layer's tail starts
    private const double V = 3.949659822581572e-3;    // the area of every layer
    private const double Scale = 9007199254740992.0;  // 2^53
    private static readonly ulong[] Thresholds = new ulong[Layers];
    private static readonly double[] Widths = new double[Layers];
    private static readonly double[] Heights = new double[Layers];

    static ZigguratExponential()
    {
        double de = R, te = R;
        double q = V / Math.Exp(-de);
        Thresholds[0] = (ulong)(de / q * Scale);
        Thresholds[1] = 0;
        Widths[0] = q / Scale;
        Widths[Layers - 1] = de / Scale;
        Heights[0] = 1.0;
        Heights[Layers - 1] = Math.Exp(-de);
        for (int i = Layers - 2; i >= 1; i--)
        {
            de = -Math.Log(V / de + Math.Exp(-de));
            Thresholds[i + 1] = (ulong)(de / te * Scale);
            te = de;
            Heights[i] = Math.Exp(-de);
            Widths[i] = de / Scale;
        }
    }

    /// <summary>One Exp(1) sample; <paramref name="negative"/> is a fair coin independent of it.</summary>
    public static double Next(ref Xoshiro256 random, out bool negative)
    {
        ulong bits = random.NextUInt64();
        int layer = (int)(bits & (Layers - 1));
        negative = (bits & Layers) != 0;
        ulong magnitude = bits >> 11;
        if (magnitude < Thresholds[layer]) return magnitude * Widths[layer];
        return Slow(ref random, bits);
    }

    // The rare path for the draw `first`: the tail (memoryless: R + a fresh Exp(1)) or the wedge, else redraw.
    private static double Slow(ref Xoshiro256 random, ulong first)
    {
        ulong bits = first;
        while (true)
        {
            int layer = (int)(bits & (Layers - 1));
            ulong magnitude = bits >> 11;
            double x = magnitude * Widths[layer];
            if (magnitude < Thresholds[layer]) return x;
            if (layer == 0) return R - Math.Log(1.0 - random.NextDouble());
            if (Heights[layer] + random.NextDouble() * (Heights[layer - 1] - Heights[layer]) < Math.Exp(-x)) return x;
            bits = random.NextUInt64();
        }
    }
}
