namespace DslNets.PacBayes;

/// <summary>
/// Noise resilience of a trained network (the quantity PAC-Bayes bounds reward, as in Neyshabur et al. 2018's
/// Lemma 1 and the thesis's chapter 6): how large an isotropic Gaussian perturbation u ∼ N(0, σ²I) of the parameters
/// can be while the outputs move by less than a tolerance — max_k |f_{w+u}(x)_k − f_w(x)_k| &lt; τ, with τ = γ/4 for a
/// margin γ in Neyshabur et al.'s lemma — on most training points.
/// </summary>
public static class NoiseResilience
{
    /// <summary>
    /// The fraction of (draw, sample) pairs whose outputs move by less than <paramref name="tolerance"/> in every
    /// coordinate when the parameters are perturbed by σ·ε, ε ∼ N(0, I), over <paramref name="draws"/> draws. The
    /// draws depend only on <paramref name="seed"/>, so different σ see the same directions ε (common random numbers).
    /// The network's parameters are restored afterwards.
    /// </summary>
    /// <typeparam name="TNet">Any generated network.</typeparam>
    /// <param name="network">The trained network (parameters w).</param>
    /// <param name="inputs">m × InputSize, row-major.</param>
    /// <param name="sigma">σ ≥ 0.</param>
    /// <param name="tolerance">τ &gt; 0.</param>
    /// <param name="draws">The number of perturbations, ≥ 1.</param>
    /// <param name="seed">The seed of the perturbation directions.</param>
    public static double StableFraction<TNet>(TNet network, ReadOnlySpan<double> inputs, double sigma, double tolerance, int draws, long seed)
        where TNet : INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!(sigma >= 0.0) || double.IsPositiveInfinity(sigma))
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"Expected 'sigma' finite and ≥ 0, got {sigma}.");
        Guard.Positive(tolerance, nameof(tolerance));
        Guard.Count(draws, nameof(draws));
        int m = inputs.Length / TNet.InputSize;
        if (m == 0 || inputs.Length != m * TNet.InputSize)
            throw new ArgumentException($"Expected 'inputs' to hold a positive whole number of samples of length {TNet.InputSize}, got length {inputs.Length}.", nameof(inputs));

        double[] original = (double[])network.Parameters.Clone();
        double[] reference = new double[m * TNet.OutputSize], perturbed = new double[m * TNet.OutputSize];
        network.ForwardBatch(inputs, reference);
        var random = new SeededRandom(seed);
        long stable = 0;
        try
        {
            for (int d = 0; d < draws; d++)
            {
                double[] w = network.Parameters;
                for (int i = 0; i < w.Length; i++) w[i] = original[i] + sigma * random.NextGaussian();
                network.ForwardBatch(inputs, perturbed);
                for (int s = 0; s < m; s++)
                {
                    bool within = true;
                    for (int k = s * TNet.OutputSize; k < (s + 1) * TNet.OutputSize && within; k++)
                        within = Math.Abs(perturbed[k] - reference[k]) < tolerance;
                    if (within) stable++;
                }
            }
        }
        finally
        {
            original.CopyTo(network.Parameters, 0);
        }
        return stable / ((double)m * draws);
    }

    /// <summary>
    /// The largest σ at which <see cref="StableFraction{TNet}"/> is at least <paramref name="requiredFraction"/>,
    /// found by bisection on ln σ between <paramref name="low"/> and <paramref name="high"/> (returns
    /// <paramref name="low"/> if even that fails, <paramref name="high"/> if even that passes). The fraction is a
    /// Monte-Carlo estimate, so the answer carries its sampling error; common random numbers keep it smooth in σ.
    /// </summary>
    /// <typeparam name="TNet">Any generated network.</typeparam>
    /// <param name="network">The trained network.</param>
    /// <param name="inputs">m × InputSize (training points).</param>
    /// <param name="tolerance">τ &gt; 0, for instance a quarter of the margin.</param>
    /// <param name="requiredFraction">The fraction of points that must stay within τ, in (0, 1].</param>
    /// <param name="draws">Perturbations per evaluation, ≥ 1.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="low">The smallest σ considered, &gt; 0.</param>
    /// <param name="high">The largest σ considered, &gt; <paramref name="low"/>.</param>
    /// <param name="iterations">Bisection steps on ln σ (40 gives a relative precision far below the sampling error).</param>
    public static double LargestScale<TNet>(TNet network, ReadOnlySpan<double> inputs, double tolerance, double requiredFraction,
        int draws, long seed, double low = 1e-8, double high = 10.0, int iterations = 40)
        where TNet : INetwork<TNet, double>
    {
        if (!(requiredFraction > 0.0 && requiredFraction <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(requiredFraction), requiredFraction, $"Expected 'requiredFraction' in (0, 1], got {requiredFraction}.");
        Guard.Positive(low, nameof(low));
        Guard.Positive(high, nameof(high));
        if (!(high > low)) throw new ArgumentOutOfRangeException(nameof(high), high, $"Expected 'high' > 'low' = {low}, got {high}.");
        Guard.Count(iterations, nameof(iterations));
        if (StableFraction(network, inputs, high, tolerance, draws, seed) >= requiredFraction) return high;
        if (StableFraction(network, inputs, low, tolerance, draws, seed) < requiredFraction) return low;
        double lo = Math.Log(low), hi = Math.Log(high);
        for (int i = 0; i < iterations; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (StableFraction(network, inputs, Math.Exp(mid), tolerance, draws, seed) >= requiredFraction) lo = mid; else hi = mid;
        }
        return Math.Exp(lo);
    }
}
