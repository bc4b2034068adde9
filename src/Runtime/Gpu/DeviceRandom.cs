using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// Counter-based random numbers for kernels: element g of a stream with seed s is a pure function of (s, g)
/// (<see cref="PatternHash.Mix"/>, splitmix64's finaliser), so numbers are made on the device in any order and every run with
/// the same seed gives the same numbers, whatever the batch split. The functions are plain C#: host code that calls them
/// draws the same numbers as a kernel (to an ulp where a GPU fuses a multiply and an add), which is how the device
/// PAC-Bayes and Tron paths are checked against host runs on the same draws.
/// </summary>
public static class DeviceRandom
{
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    /// <summary>A uniform number in [0, 1) with 53 random bits: element <paramref name="index"/> of stream <paramref name="seed"/>.</summary>
    public static double Uniform(ulong seed, ulong index) => (PatternHash.Mix(seed, index) >> 11) * TwoToMinus53;

    /// <summary>
    /// A standard normal number, element <paramref name="index"/> of stream <paramref name="seed"/>: Φ⁻¹(u) for the uniform
    /// u = (k + ½)·2⁻⁵³ in the open interval (0, 1), by Wichura's algorithm AS 241 (PPND16, relative error about 10⁻¹⁶).
    /// One hash per number and no rejection loop, so a kernel thread draws any element directly; |z| ≤ 8.3.
    /// </summary>
    public static double Normal(ulong seed, ulong index)
    {
        double u = ((PatternHash.Mix(seed, index) >> 11) + 0.5) * TwoToMinus53;
        return InverseNormal(u);
    }

    /// <summary>Fills <paramref name="destination"/> with elements first, first + 1, … of the normal stream <paramref name="seed"/>.</summary>
    public static void FillNormal(Span<double> destination, ulong seed, ulong first)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Normal(seed, first + (ulong)i);
    }

    /// <summary>
    /// Φ⁻¹(p) for p in (0, 1) by AS 241 (Wichura 1988): a rational function of degree 7 in the central region |p − ½| ≤ 0.425
    /// and of √(−ln min(p, 1 − p)) in the two tails; logarithms from <see cref="DeviceMath.Log"/>, so host and device agree.
    /// </summary>
    public static double InverseNormal(double p)
    {
        double q = p - 0.5;
        if ((q < 0 ? -q : q) <= 0.425)
        {
            double r = 0.180625 - q * q;
            return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r
                + 3.387132872796366608)
                / (((((((5226.495278852545561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1.0);
        }

        double tail = q < 0 ? p : 1.0 - p;
        double s = Math.Sqrt(-DeviceMath.Log(tail));
        double value;
        if (s <= 5.0)
        {
            s -= 1.6;
            value = (((((((7.7454501427834140764e-4 * s + 0.0227238449892691845833) * s + 0.24178072517745061177) * s
                + 1.27045825245236838258) * s + 3.64784832476320460504) * s + 5.7694972214606914055) * s + 4.6303378461565452959) * s
                + 1.42343711074968357734)
                / (((((((1.05075007164441684324e-9 * s + 5.475938084995344946e-4) * s + 0.0151986665636164571966) * s
                + 0.14810397642748007459) * s + 0.68976733498510000455) * s + 1.6763848301838038494) * s + 2.05319162663775882187) * s + 1.0);
        }
        else
        {
            s -= 5.0;
            value = (((((((2.01033439929228813265e-7 * s + 2.71155556874348757815e-5) * s + 0.0012426609473880784386) * s
                + 0.026532189526576123093) * s + 0.29656057182850489123) * s + 1.7848265399172913358) * s + 5.4637849111641143699) * s
                + 6.6579046435011037772)
                / (((((((2.04426310338993978564e-15 * s + 1.4215117583164458887e-7) * s + 1.8463183175100546818e-5) * s
                + 7.868691311456132591e-4) * s + 0.0148753612908506148525) * s + 0.13692988092273580531) * s + 0.59983220655588793769) * s + 1.0);
        }

        return q < 0 ? -value : value;
    }

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

    /// <summary>x[e] = mean + scale·Normal(seed, first + e): a block of the normal stream on the device.</summary>
    internal static void FillNormalDouble(Index1D e, ArrayView<double> x, ulong seed, long first, double mean, double scale)
    {
        x[e] = mean + scale * Normal(seed, (ulong)(first + e.X));
    }
}
