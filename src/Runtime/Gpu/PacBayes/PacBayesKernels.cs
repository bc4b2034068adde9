using ILGPU;

namespace DslNets.Gpu;

/// <summary>The posterior's vectors on the device, as the PAC-Bayes-by-backprop kernels take them (each of the network's parameter count).</summary>
internal struct PosteriorViews
{
    /// <summary>μ.</summary>
    public ArrayView<double> Mean;

    /// <summary>ρ, with σ = softplus(ρ).</summary>
    public ArrayView<double> Rho;

    /// <summary>The prior's mean μ₀.</summary>
    public ArrayView<double> PriorMean;

    /// <summary>The prior's standard deviations σ₀.</summary>
    public ArrayView<double> PriorSigma;

    /// <summary>ε of the last draw.</summary>
    public ArrayView<double> Noise;

    /// <summary>σ of the last draw.</summary>
    public ArrayView<double> Sigma;

    /// <summary>sigmoid(ρ) = ∂σ/∂ρ of the last draw.</summary>
    public ArrayView<double> Slope;
}

/// <summary>
/// The kernels of <see cref="DevicePacBayesTrainer{TNet}"/>: the host trainer's fused draw, its bounded-loss scoring and its
/// fused gradient (<see cref="DslNets.PacBayes.DiagonalGaussianPosterior"/>'s SampleForTraining and SetTrainingGradient),
/// element by element in the same order of operations, with exp and log from <see cref="DeviceMath"/>.
/// </summary>
internal static class PacBayesKernels
{
    /// <summary>
    /// Parameter i of step s: ε = Normal(seed, first + i), σ = softplus(ρ), w = μ + σε; caches ε, σ and sigmoid(ρ); writes the
    /// KL term d² + t(t + 2) − 2 ln(1 + t) (d = (μ − μ₀)/σ₀, 1 + t = σ/σ₀; ½ Σ of them is the KL) and the term
    /// 1 − ((μ − μ₀)² + σ²)/σ₀² of ∂KL/∂ln σ₀. A σ that underflows to 0 makes its KL term NaN, which the host reports.
    /// </summary>
    internal static void Draw(Index1D i, PosteriorViews v, ArrayView<double> weights, ArrayView<double> klTerms, ArrayView<double> priorTerms, ulong seed, long first)
    {
        double eps = DeviceRandom.Normal(seed, (ulong)(first + i.X));
        double rho = v.Rho[i];
        double x = DeviceMath.Exp(-(rho < 0 ? -rho : rho));        // e^{−|ρ|} ∈ (0, 1]
        double u = 1.0 + x;
        // Kahan's correction divides out the rounding of 1 + x; the series covers x so small that 1 + x = 1.
        double log1p = x < 1e-8 ? x * (1.0 - 0.5 * x) : DeviceMath.Log(u) * x / (u - 1.0);
        double sigma = (rho > 0.0 ? rho : 0.0) + log1p;
        v.Noise[i] = eps;
        v.Sigma[i] = sigma;
        v.Slope[i] = rho >= 0.0 ? 1.0 / (1.0 + x) : x / (1.0 + x);
        double mean = v.Mean[i];
        weights[i] = mean + sigma * eps;

        double s0 = v.PriorSigma[i], difference = mean - v.PriorMean[i];
        double ratio = sigma / s0, d = difference / s0, t = ratio - 1.0;
        double variancePart = t * (t + 2.0) - 2.0 * DeviceMath.Log(ratio);
        klTerms[i] = sigma > 0.0 ? d * d + (variancePart > 0.0 ? variancePart : 0.0) : double.NaN;
        priorTerms[i] = 1.0 - (difference * difference + sigma * sigma) / (s0 * s0);
    }

    /// <summary>
    /// Row r of a batch's outputs: its bounded cross-entropy, 1 where ln p_y ≤ ln p_min (the floor) and −ln p_y/ln(1/p_min)
    /// elsewhere, and floored[r] = 1 on the floor (such a sample adds no gradient).
    /// </summary>
    internal static void Score(Index1D r, ArrayView<double> outputs, ArrayView<double> targets, ArrayView<double> losses, ArrayView<double> floored,
        int width, double floor, double scale)
    {
        double logP = CertificateKernels.LogProbability(outputs, targets, (long)r.X * width, width);
        bool onFloor = logP <= floor;
        losses[r] = onFloor ? 1.0 : -logP * scale;
        floored[r] = onFloor ? 1.0 : 0.0;
    }

    /// <summary>
    /// ∂f/∂μ = a·g + b·(μ − μ₀)/σ₀² and ∂f/∂ρ = (a·g·ε + b·(σ/σ₀² − 1/σ))·sigmoid(ρ), with a = ∂f/∂loss per unit of the weight
    /// gradient g and b = ∂f/∂KL, from the caches of <see cref="Draw"/>.
    /// </summary>
    internal static void Gradient(Index1D i, PosteriorViews v, ArrayView<double> weightGradient, ArrayView<double> meanGradient, ArrayView<double> rhoGradient,
        double lossScale, double klScale)
    {
        double s0 = v.PriorSigma[i], inverseVariance = 1.0 / (s0 * s0), g = lossScale * weightGradient[i], s = v.Sigma[i];
        meanGradient[i] = g + klScale * (v.Mean[i] - v.PriorMean[i]) * inverseVariance;
        rhoGradient[i] = (g * v.Noise[i] + klScale * (s * inverseVariance - 1.0 / s)) * v.Slope[i];
    }

    /// <summary>x[i] = value (the prior's scalar σ₀ after a Dziugaite–Roy step).</summary>
    internal static void Fill(Index1D i, ArrayView<double> x, double value) => x[i] = value;
}
