using AdamVsNesterov;

namespace DslNets.AdamVsNesterov.Tests;

/// <summary>Hand-made configurations and run results.</summary>
internal static class Fake
{
    public static readonly Regime FullBatch = new(true, 10, 0);

    /// <summary>A configuration of <paramref name="family"/> with step <paramref name="alpha"/> (ξ, μ as given).</summary>
    public static OptimizerSpec Spec(OptimizerFamily family, double alpha, double xi = 1e-2, double momentum = 0.9) => family switch
    {
        OptimizerFamily.Nesterov => new OptimizerSpec(family, alpha, 0, 0, 0, momentum),
        OptimizerFamily.RmsProp => new OptimizerSpec(family, alpha, 0, 0.999, xi, 0),
        OptimizerFamily.Adam09 or OptimizerFamily.StandardAdam09 => new OptimizerSpec(family, alpha, 0.9, 0.999, xi, 0),
        _ => new OptimizerSpec(family, alpha, 0.99, 0.999, xi, 0),
    };

    /// <summary>A finished run (flat unless <paramref name="lossAtMark"/> says otherwise), or a diverged one when <paramref name="finalLoss"/> is not finite.</summary>
    public static RunResult Run(OptimizerSpec spec, int seed, double finalLoss, double? lossAtMark = null, double gradientNorm = 1, string network = "AE-3 (test)", Regime? regime = null)
    {
        bool diverged = !double.IsFinite(finalLoss);
        return new RunResult(network, regime ?? FullBatch, spec, seed, [0, 1], [100, diverged ? 100 : finalLoss],
            diverged ? double.NaN : finalLoss, diverged ? double.NaN : lossAtMark ?? finalLoss, diverged ? double.NaN : gradientNorm, 0.5,
            diverged ? "diverged at iteration 1 (loss inf)" : null);
    }
}
