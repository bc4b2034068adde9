namespace DslNets.PacBayes;

/// <summary>
/// A diagonal Gaussian prior P = N(μ₀, diag σ₀²) over a flat parameter vector. Data-free when its mean is the
/// network's random initialisation (Dziugaite &amp; Roy 2017; Pérez-Ortiz et al. 2021), or data-dependent when
/// learnt on a part of the data the bound is not evaluated on (pass the learnt mean and standard deviations).
/// </summary>
public sealed class GaussianPrior
{
    /// <summary>μ₀ (owned by this prior).</summary>
    public double[] Mean { get; }

    /// <summary>σ₀ per coordinate, each &gt; 0 (owned by this prior).</summary>
    public double[] Sigma { get; }

    /// <summary>The number of parameters.</summary>
    public int Length => Mean.Length;

    /// <summary>A prior with the given mean and per-coordinate standard deviations (both copied).</summary>
    /// <param name="mean">μ₀.</param>
    /// <param name="sigma">σ₀, same length, each finite and &gt; 0.</param>
    public GaussianPrior(ReadOnlySpan<double> mean, ReadOnlySpan<double> sigma)
    {
        Guard.SameLength(mean.Length, sigma.Length, nameof(sigma), nameof(mean));
        foreach (double s in sigma) Guard.Positive(s, nameof(sigma));
        foreach (double x in mean) Guard.Finite(x, nameof(mean));
        Mean = mean.ToArray();
        Sigma = sigma.ToArray();
    }

    /// <summary>A prior N(μ₀, σ₀² I): one standard deviation for every coordinate (copied mean).</summary>
    /// <param name="mean">μ₀, for instance the network's initial parameters.</param>
    /// <param name="sigma">σ₀ &gt; 0 (Pérez-Ortiz et al. use 0.03 on MNIST).</param>
    public GaussianPrior(ReadOnlySpan<double> mean, double sigma)
    {
        Guard.Positive(sigma, nameof(sigma));
        foreach (double x in mean) Guard.Finite(x, nameof(mean));
        Mean = mean.ToArray();
        Sigma = new double[mean.Length];
        Array.Fill(Sigma, sigma);
    }

    /// <summary>Sets every σ₀ to <paramref name="sigma"/> (a scalar prior scale chosen from a grid, as in Dziugaite &amp; Roy).</summary>
    /// <param name="sigma">σ₀ &gt; 0.</param>
    public void SetScalarSigma(double sigma)
    {
        Guard.Positive(sigma, nameof(sigma));
        Array.Fill(Sigma, sigma);
    }
}
