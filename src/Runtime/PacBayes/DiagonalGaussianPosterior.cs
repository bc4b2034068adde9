using System.Numerics.Tensors;

namespace DslNets.PacBayes;

/// <summary>
/// A diagonal Gaussian posterior Q = N(μ, diag σ²) over a network's flat parameter vector, with σ = softplus(ρ)
/// so that ρ is unconstrained (Blundell et al. 2015, "Weight uncertainty in neural networks"; PBB's
/// ProbLinear). Holds μ and ρ; draws w = μ + σ⊙ε with ε ∼ N(0, I) into the caller's spans; gives KL(Q‖P) and its
/// gradients, and maps a gradient ∂L/∂w at a sample to ∂L/∂μ = ∂L/∂w and ∂L/∂ρ = ∂L/∂w ⊙ ε ⊙ sigmoid(ρ)
/// (the reparameterisation trick; ∂softplus(ρ)/∂ρ = sigmoid(ρ)). Nothing here allocates after construction.
/// </summary>
public sealed class DiagonalGaussianPosterior
{
    /// <summary>μ (owned; trainers update it in place).</summary>
    public double[] Mean { get; }

    /// <summary>ρ with σ = softplus(ρ) (owned; trainers update it in place).</summary>
    public double[] Rho { get; }

    /// <summary>The number of parameters.</summary>
    public int Length => Mean.Length;

    /// <summary>A posterior with mean <paramref name="mean"/> (copied) and every σ equal to <paramref name="sigma"/>.</summary>
    /// <param name="mean">μ, for instance trained or initial parameters.</param>
    /// <param name="sigma">The initial σ &gt; 0 (ρ = softplus⁻¹(σ)).</param>
    public DiagonalGaussianPosterior(ReadOnlySpan<double> mean, double sigma)
    {
        Guard.Positive(sigma, nameof(sigma));
        foreach (double x in mean) Guard.Finite(x, nameof(mean));
        Mean = mean.ToArray();
        Rho = new double[mean.Length];
        Array.Fill(Rho, InverseSoftplus(sigma));
    }

    /// <summary>A posterior with the given μ and ρ (both copied).</summary>
    /// <param name="mean">μ.</param>
    /// <param name="rho">ρ, same length.</param>
    public DiagonalGaussianPosterior(ReadOnlySpan<double> mean, ReadOnlySpan<double> rho)
    {
        Guard.SameLength(mean.Length, rho.Length, nameof(rho), nameof(mean));
        foreach (double x in mean) Guard.Finite(x, nameof(mean));
        foreach (double x in rho) Guard.Finite(x, nameof(rho));
        Mean = mean.ToArray();
        Rho = rho.ToArray();
    }

    /// <summary>softplus(ρ) = ln(1 + e^ρ), computed as max(ρ, 0) + ln(1 + e^{−|ρ|}) so it neither overflows nor loses small values.</summary>
    /// <param name="rho">ρ.</param>
    public static double Softplus(double rho) => Math.Max(rho, 0.0) + AccurateMath.LogOnePlus(Math.Exp(-Math.Abs(rho)));

    /// <summary>softplus⁻¹(σ) = ln(e^σ − 1) = σ + ln(1 − e^{−σ}), computed stably for small and large σ.</summary>
    /// <param name="sigma">σ &gt; 0.</param>
    public static double InverseSoftplus(double sigma)
    {
        Guard.Positive(sigma, nameof(sigma));
        return sigma + Math.Log(-AccurateMath.ExpMinusOne(-sigma));
    }

    /// <summary>sigmoid(ρ) = 1/(1 + e^{−ρ}) = d softplus(ρ)/dρ, without overflow for either sign.</summary>
    /// <param name="rho">ρ.</param>
    public static double Sigmoid(double rho)
    {
        if (rho >= 0.0) return 1.0 / (1.0 + Math.Exp(-rho));
        double e = Math.Exp(rho);
        return e / (1.0 + e);
    }

    /// <summary>σ_i = softplus(ρ_i).</summary>
    /// <param name="index">The coordinate.</param>
    public double Sigma(int index) => Softplus(Rho[index]);

    /// <summary>Writes σ = softplus(ρ) into <paramref name="destination"/>.</summary>
    /// <param name="destination">Length <see cref="Length"/>.</param>
    public void CopySigma(Span<double> destination)
    {
        Guard.SameLength(Length, destination.Length, nameof(destination), "posterior");
        for (int i = 0; i < Rho.Length; i++) destination[i] = Softplus(Rho[i]);
    }

    /// <summary>
    /// Draws w = μ + σ⊙ε, ε ∼ N(0, I), writing w to <paramref name="weights"/> and ε to <paramref name="noise"/>
    /// (kept for the reparameterisation gradient). The same generator state gives the same draw.
    /// </summary>
    /// <param name="random">The seeded generator.</param>
    /// <param name="weights">Receives w, length <see cref="Length"/> (for instance a network's Parameters).</param>
    /// <param name="noise">Receives ε, length <see cref="Length"/>.</param>
    public void Sample(SeededRandom random, Span<double> weights, Span<double> noise)
    {
        ArgumentNullException.ThrowIfNull(random);
        Guard.SameLength(Length, weights.Length, nameof(weights), "posterior");
        Guard.SameLength(Length, noise.Length, nameof(noise), "posterior");
        FillStandardNormal(random, noise);
        for (int i = 0; i < Mean.Length; i++) weights[i] = Mean[i] + Softplus(Rho[i]) * noise[i];
    }

    /// <summary>
    /// Draws w = μ + σ⊙ε with ε from the counter-based stream: ε_i = <see cref="Gpu.DeviceRandom.Normal"/>(seed, first + i)
    /// (<see cref="NoiseStream.CounterBased"/>), the draw a device kernel makes for the same seed and index.
    /// </summary>
    /// <param name="seed">The stream.</param>
    /// <param name="first">The index of ε_0 in the stream.</param>
    /// <param name="weights">Receives w, length <see cref="Length"/>.</param>
    /// <param name="noise">Receives ε, length <see cref="Length"/>.</param>
    public void Sample(ulong seed, ulong first, Span<double> weights, Span<double> noise)
    {
        Guard.SameLength(Length, weights.Length, nameof(weights), "posterior");
        Guard.SameLength(Length, noise.Length, nameof(noise), "posterior");
        Gpu.DeviceRandom.FillNormal(noise, seed, first);
        for (int i = 0; i < Mean.Length; i++) weights[i] = Mean[i] + Softplus(Rho[i]) * noise[i];
    }

    private const int Chunk = 512;

    /// <summary>
    /// Fills with N(0, 1) draws by Box–Muller, using both outputs of each pair of uniforms, with the logarithms,
    /// square roots and sines vectorised (TensorPrimitives) over chunks: the millions of draws a step of a large
    /// network needs cost a few nanoseconds each. The sequence depends only on the generator's state.
    /// </summary>
    internal static void FillStandardNormal(SeededRandom random, Span<double> destination)
    {
        Span<double> u1 = stackalloc double[Chunk / 2], u2 = stackalloc double[Chunk / 2];
        Span<double> sin = stackalloc double[Chunk / 2], cos = stackalloc double[Chunk / 2];
        for (int start = 0; start < destination.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, destination.Length - start), pairs = (count + 1) / 2;
            Span<double> radius = u1[..pairs], angle = u2[..pairs];
            for (int k = 0; k < pairs; k++)
            {
                radius[k] = 1.0 - random.NextDouble(); // (0, 1]: the logarithm is finite
                angle[k] = 2.0 * random.NextDouble();  // the angle in units of π
            }
            TensorPrimitives.Log(radius, radius);
            TensorPrimitives.Multiply(radius, -2.0, radius);
            TensorPrimitives.Sqrt(radius, radius);
            TensorPrimitives.SinCosPi(angle, sin[..pairs], cos[..pairs]);
            Span<double> block = destination.Slice(start, count);
            for (int k = 0; k < pairs; k++)
            {
                block[2 * k] = radius[k] * cos[k];
                if (2 * k + 1 < count) block[2 * k + 1] = radius[k] * sin[k];
            }
        }
    }

    /// <summary>
    /// The trainer's fused draw: w = μ + σ⊙ε into <paramref name="weights"/> for the standard normal ε in <paramref name="noise"/>,
    /// σ = softplus(ρ) and sigmoid(ρ) cached for <see cref="SetTrainingGradient"/>; returns KL(Q‖P). Vectorised over
    /// chunks; the KL is summed as in <see cref="GaussianKl"/>, term by term non-negative.
    /// </summary>
    internal double SampleForTraining(Span<double> weights, ReadOnlySpan<double> noise, GaussianPrior prior,
        Span<double> sigma, Span<double> slope)
    {
        Span<double> e = stackalloc double[Chunk], logPlus = stackalloc double[Chunk];
        Span<double> ratios = stackalloc double[Chunk], logRatios = stackalloc double[Chunk];
        double kl = 0.0;
        for (int start = 0; start < Mean.Length; start += Chunk)
        {
            int count = Math.Min(Chunk, Mean.Length - start);
            ReadOnlySpan<double> rho = Rho.AsSpan(start, count), mean = Mean.AsSpan(start, count);
            ReadOnlySpan<double> priorMean = prior.Mean.AsSpan(start, count), priorSigma = prior.Sigma.AsSpan(start, count);
            Span<double> ex = e[..count], lp = logPlus[..count], ratio = ratios[..count], logRatio = logRatios[..count];
            Span<double> s = sigma.Slice(start, count), g = slope.Slice(start, count), w = weights.Slice(start, count);
            ReadOnlySpan<double> eps = noise.Slice(start, count);
            TensorPrimitives.Abs(rho, ex);
            TensorPrimitives.Negate(ex, ex);
            TensorPrimitives.Exp(ex, ex);                 // e^{−|ρ|} ∈ (0, 1]
            TensorPrimitives.Add(ex, 1.0, lp);
            TensorPrimitives.Log(lp, lp);                 // ln(1 + e^{−|ρ|}), refined below where e^{−|ρ|} is tiny
            for (int i = 0; i < count; i++)
            {
                double x = ex[i];
                // Kahan's correction divides out the rounding of 1 + x; the series covers x so small that 1 + x = 1.
                double u = 1.0 + x;
                double log1p = x < 1e-8 ? x * (1.0 - 0.5 * x) : lp[i] * x / (u - 1.0);
                double value = Math.Max(rho[i], 0.0) + log1p;
                if (!(value > 0.0))
                    throw new InvalidOperationException($"Expected every posterior standard deviation > 0, got softplus({rho[i]}) = {value} at parameter {start + i}.");
                s[i] = value;
                g[i] = rho[i] >= 0.0 ? 1.0 / (1.0 + x) : x / (1.0 + x);
                w[i] = mean[i] + value * eps[i];
            }
            // KL per coordinate: d² + t(t + 2) − 2 ln(1 + t) with 1 + t = σ/σ₀ (t exact near 1), each part ≥ 0, so
            // a posterior equal to its prior gives 0 rather than a rounding-noise negative number.
            TensorPrimitives.Divide(s, priorSigma, ratio);
            TensorPrimitives.Log(ratio, logRatio);
            for (int i = 0; i < count; i++)
            {
                double d = (mean[i] - priorMean[i]) / priorSigma[i], t = ratio[i] - 1.0;
                double variancePart = t * (t + 2.0) - 2.0 * logRatio[i];
                kl += d * d + (variancePart > 0.0 ? variancePart : 0.0);
            }
        }
        return 0.5 * kl;
    }

    /// <summary>
    /// The trainer's fused gradient: writes ∂f/∂μ = a·g + b·(μ − μ₀)/σ₀² and ∂f/∂ρ = (a·g⊙ε + b·(σ/σ₀² − 1/σ))⊙sigmoid(ρ),
    /// with a = ∂f/∂loss (per unit of g) and b = ∂f/∂KL, from the caches of <see cref="SampleForTraining"/>.
    /// </summary>
    internal void SetTrainingGradient(GaussianPrior prior, ReadOnlySpan<double> weightGradient, ReadOnlySpan<double> noise,
        ReadOnlySpan<double> sigma, ReadOnlySpan<double> slope, Span<double> meanGradient, Span<double> rhoGradient, double lossScale, double klScale)
    {
        for (int i = 0; i < Mean.Length; i++)
        {
            double s0 = prior.Sigma[i], inverseVariance = 1.0 / (s0 * s0), g = lossScale * weightGradient[i], s = sigma[i];
            meanGradient[i] = g + klScale * (Mean[i] - prior.Mean[i]) * inverseVariance;
            rhoGradient[i] = (g * noise[i] + klScale * (s * inverseVariance - 1.0 / s)) * slope[i];
        }
    }

    /// <summary>Writes the mean μ into <paramref name="weights"/> (the deterministic network at the posterior's centre).</summary>
    /// <param name="weights">Length <see cref="Length"/>.</param>
    public void CopyMean(Span<double> weights)
    {
        Guard.SameLength(Length, weights.Length, nameof(weights), "posterior");
        Mean.CopyTo(weights);
    }

    /// <summary>KL(Q‖P) = ½ Σ [ln(σ₀²/σ²) + (μ − μ₀)²/σ₀² + σ²/σ₀² − 1] (see <see cref="GaussianKl"/>).</summary>
    /// <param name="prior">P, of the same length.</param>
    public double Kl(GaussianPrior prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        Guard.SameLength(Length, prior.Length, nameof(prior), "posterior");
        double sum = 0.0;
        for (int i = 0; i < Mean.Length; i++) sum += GaussianKl.Term(Mean[i], Softplus(Rho[i]), prior.Mean[i], prior.Sigma[i]);
        return 0.5 * sum;
    }

    /// <summary>
    /// Adds scale·∂KL/∂μ = scale·(μ − μ₀)/σ₀² and scale·∂KL/∂ρ = scale·(σ/σ₀² − 1/σ)·sigmoid(ρ) to the gradients.
    /// </summary>
    /// <param name="prior">P, of the same length.</param>
    /// <param name="meanGradient">Accumulates ∂/∂μ.</param>
    /// <param name="rhoGradient">Accumulates ∂/∂ρ.</param>
    /// <param name="scale">The factor (for instance ∂objective/∂KL).</param>
    public void AddKlGradient(GaussianPrior prior, Span<double> meanGradient, Span<double> rhoGradient, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(prior);
        Guard.SameLength(Length, prior.Length, nameof(prior), "posterior");
        Guard.SameLength(Length, meanGradient.Length, nameof(meanGradient), "posterior");
        Guard.SameLength(Length, rhoGradient.Length, nameof(rhoGradient), "posterior");
        for (int i = 0; i < Mean.Length; i++)
        {
            double s0 = prior.Sigma[i], inverseVariance = 1.0 / (s0 * s0);
            double sigma = Softplus(Rho[i]);
            meanGradient[i] += scale * (Mean[i] - prior.Mean[i]) * inverseVariance;
            rhoGradient[i] += scale * (sigma * inverseVariance - 1.0 / sigma) * Sigmoid(Rho[i]);
        }
    }

    /// <summary>
    /// ∂KL/∂(ln σ₀) when every σ₀ᵢ moves together (a scalar prior scale being learnt, as in Dziugaite &amp; Roy):
    /// Σ_i [1 − ((μᵢ − μ₀ᵢ)² + σᵢ²)/σ₀ᵢ²].
    /// </summary>
    /// <param name="prior">P, of the same length.</param>
    public double PriorLogSigmaGradient(GaussianPrior prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        Guard.SameLength(Length, prior.Length, nameof(prior), "posterior");
        double sum = 0.0;
        for (int i = 0; i < Mean.Length; i++)
        {
            double d = Mean[i] - prior.Mean[i], sigma = Softplus(Rho[i]), s0 = prior.Sigma[i];
            sum += 1.0 - (d * d + sigma * sigma) / (s0 * s0);
        }
        return sum;
    }

    /// <summary>
    /// The reparameterisation trick: given g = ∂L/∂w at the sample w = μ + σ⊙ε drawn with noise ε, adds
    /// scale·g to ∂L/∂μ and scale·g⊙ε⊙sigmoid(ρ) to ∂L/∂ρ.
    /// </summary>
    /// <param name="weightGradient">g = ∂L/∂w at the sample.</param>
    /// <param name="noise">ε of that sample (from <see cref="Sample(SeededRandom, Span{double}, Span{double})"/>).</param>
    /// <param name="meanGradient">Accumulates ∂L/∂μ.</param>
    /// <param name="rhoGradient">Accumulates ∂L/∂ρ.</param>
    /// <param name="scale">The factor (for instance ∂objective/∂loss).</param>
    public void AddReparameterisationGradient(ReadOnlySpan<double> weightGradient, ReadOnlySpan<double> noise,
        Span<double> meanGradient, Span<double> rhoGradient, double scale = 1.0)
    {
        Guard.SameLength(Length, weightGradient.Length, nameof(weightGradient), "posterior");
        Guard.SameLength(Length, noise.Length, nameof(noise), "posterior");
        Guard.SameLength(Length, meanGradient.Length, nameof(meanGradient), "posterior");
        Guard.SameLength(Length, rhoGradient.Length, nameof(rhoGradient), "posterior");
        for (int i = 0; i < Mean.Length; i++)
        {
            double g = scale * weightGradient[i];
            meanGradient[i] += g;
            rhoGradient[i] += g * noise[i] * Sigmoid(Rho[i]);
        }
    }
}
