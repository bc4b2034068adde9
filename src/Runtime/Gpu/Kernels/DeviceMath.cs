using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// exp, tanh and the logistic sigmoid in double from +, ·, / and bit casts only, so a kernel computes the same on
/// every accelerator, and the CPU accelerator's tests check what CUDA runs. ILGPU's own device versions are not
/// accurate enough: tanh.approx.f32 (about 2⁻¹¹ relative error) for float and a fixed-iteration CORDIC for double.
/// Float kernels call these through double, which rounds to within an ulp of the correctly rounded float.
/// Public because generated networks' device kernels call them.
/// </summary>
public static class DeviceMath
{
    private const double Log2E = 1.4426950408889634;

    // ln 2 split Cody–Waite style (fdlibm): Ln2High has its low bits zero, so k·Ln2High is exact for |k| < 2^11.
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;

    // exp overflows above this and underflows to zero below the other.
    private const double ExpOverflow = 709.782712893383973096;
    private const double ExpUnderflow = -745.13321910194110842;

    /// <summary>e^x to a few ulp: x = k·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series to degree 13 (truncation below 10⁻¹⁷), times 2^k.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x > ExpOverflow) return double.PositiveInfinity;
        if (x < ExpUnderflow) return 0.0;
        double t = x * Log2E;
        int k = (int)(t >= 0 ? t + 0.5 : t - 0.5);
        double r = x - k * Ln2High - k * Ln2Low;
        return ScaleByPowerOfTwo(1.0 + r * ExpTaylorTail(r), k);
    }

    /// <summary>tanh x: through e^(2x) − 1 near zero (no cancellation), 1 − 2/(e^(2|x|) + 1) elsewhere, ±1 beyond 22.</summary>
    public static double Tanh(double x)
    {
        if (double.IsNaN(x)) return x;
        double magnitude = x < 0 ? -x : x;
        if (magnitude < 0.17)
        {
            // |2x| < 0.34 ≤ ln2/2: the series for e^(2x) − 1 directly; keeps the sign of ±0.
            double y = 2 * x;
            double expm1 = y * ExpTaylorTail(y);
            return expm1 / (expm1 + 2);
        }
        double t = magnitude > 22 ? 1.0 : 1.0 - 2.0 / (Exp(2 * magnitude) + 1.0);
        return x < 0 ? -t : t;
    }

    /// <summary>
    /// ln x to a few ulp: x = m·2^e with m in [√½, √2), ln m = 2 atanh(s) with s = (m − 1)/(m + 1), |s| ≤ 0.172, by its odd
    /// series to s²¹ (truncation below 10⁻¹⁸); NaN below 0, −∞ at 0, +∞ at +∞.
    /// </summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;
        int e = 0;
        if (x < 2.2250738585072014e-308)
        {
            x *= 18014398509481984.0; // 2^54: subnormals become normal
            e = -54;
        }

        ulong bits = Interop.FloatAsInt(x);
        e += (int)((bits >> 52) & 0x7FF) - 1023;
        double m = Interop.IntAsFloat((bits & 0x000FFFFFFFFFFFFFUL) | 0x3FF0000000000000UL);
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }

        double s = (m - 1.0) / (m + 1.0), s2 = s * s;
        double p = 1.0 / 21.0;
        p = p * s2 + 1.0 / 19.0;
        p = p * s2 + 1.0 / 17.0;
        p = p * s2 + 1.0 / 15.0;
        p = p * s2 + 1.0 / 13.0;
        p = p * s2 + 1.0 / 11.0;
        p = p * s2 + 1.0 / 9.0;
        p = p * s2 + 1.0 / 7.0;
        p = p * s2 + 1.0 / 5.0;
        p = p * s2 + 1.0 / 3.0;
        double logM = 2.0 * s + 2.0 * s * s2 * p;
        return e * Ln2High + (e * Ln2Low + logM);
    }

    /// <summary>1 / (1 + e^(−x)), the form TensorPrimitives.Sigmoid uses.</summary>
    public static double Sigmoid(double x) => 1.0 / (1.0 + Exp(-x));

    /// <summary>(e^r − 1)/r = Σ r^(n−1)/n! for n = 1..14, by Horner's rule; for |r| ≤ 0.35.</summary>
    private static double ExpTaylorTail(double r)
    {
        double p = 1.0 / 87178291200.0;           // 1/14!
        p = p * r + 1.0 / 6227020800.0;           // 1/13!
        p = p * r + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        return p * r + 1.0;
    }

    /// <summary>value·2^k for k in [−1076, 1024], building 2^k from its exponent bits; splits k where 2^k is not a normal double.</summary>
    private static double ScaleByPowerOfTwo(double value, int k)
    {
        if (k > 1023) return value * 2.0 * PowerOfTwo(k - 1);
        if (k < -1022) return value * PowerOfTwo(k + 54) * PowerOfTwo(-54); // one rounding, into the subnormals
        return value * PowerOfTwo(k);
    }

    private static double PowerOfTwo(int k) => Interop.IntAsFloat((ulong)(k + 1023) << 52);
}
