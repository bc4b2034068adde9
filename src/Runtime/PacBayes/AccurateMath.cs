namespace DslNets.PacBayes;

/// <summary>
/// ln(1 + x) and eˣ − 1 accurate near x = 0 (Kahan's tricks: the rounding of 1 + x, or of eˣ, is divided out).
/// The framework's LogP1 and ExpM1 compute log(1 + x) and exp(x) − 1 directly and lose the small-x digits.
/// </summary>
internal static class AccurateMath
{
    /// <summary>ln(1 + x), to a few ulps for every x &gt; −1.</summary>
    public static double LogOnePlus(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>eˣ − 1, to a few ulps.</summary>
    public static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um = u - 1.0;
        if (um == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return u;
        return um * x / Math.Log(u);
    }
}
