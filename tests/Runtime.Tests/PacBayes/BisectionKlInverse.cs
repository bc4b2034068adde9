namespace DslNets.Runtime.Tests.PacBayes;

/// <summary>kl⁻¹ computed independently of the library, for checking certificates by hand (linked into Certify.Tests too).</summary>
internal static class BisectionKlInverse
{
    /// <summary>kl⁻¹(q, c) = the largest p ≥ q with kl(q‖p) ≤ c, by bisection.</summary>
    public static double Of(double q, double budget)
    {
        double lo = q, hi = 1.0;
        for (int i = 0; i < 200; i++)
        {
            double p = 0.5 * (lo + hi);
            double kl = (q > 0 ? q * Math.Log(q / p) : 0) + (q < 1 ? (1 - q) * Math.Log((1 - q) / (1 - p)) : 0);
            if (kl <= budget) lo = p; else hi = p;
        }
        return lo;
    }
}
