namespace DslNets.PacBayes;

/// <summary>
/// The bounded cross-entropy of Pérez-Ortiz, Rivasplata, Shawe-Taylor &amp; Szepesvári 2021 ("Tighter risk
/// certificates for neural networks", §5): the predicted probability of the true class is floored at p_min and the
/// negative log-likelihood rescaled into [0, 1]: ℓ = −max(ln p_y, ln p_min) / ln(1/p_min). Checked against PBB:
/// <c>clamp(log_softmax(x), log(pmin))</c> then <c>nll_loss</c> times <c>1/log(1/pmin)</c>. Because the loss lies in
/// [0, 1], PAC-Bayes bounds apply to it directly. Its gradient with respect to the logits is
/// (softmax(z) − e_y)/ln(1/p_min) where ln p_y &gt; ln p_min, and 0 where the floor is active.
/// </summary>
public static class BoundedCrossEntropy
{
    /// <summary>ℓ for logits z (at least two) and label y: −max(log_softmax(z)_y, ln p_min)/ln(1/p_min) ∈ [0, 1].</summary>
    /// <param name="logits">z, length ≥ 2.</param>
    /// <param name="label">y ∈ [0, logits.Length).</param>
    /// <param name="pMin">p_min ∈ (0, 1) (PBB uses 1e-5 and 1e-4).</param>
    public static double Loss(ReadOnlySpan<double> logits, int label, double pMin)
    {
        double logP = LogProbability(logits, label, pMin, out _, out double scale);
        return logP <= Math.Log(pMin) ? 1.0 : -logP * scale; // on the floor the loss is exactly 1
    }

    /// <summary>
    /// Adds factor·∂ℓ/∂z to <paramref name="logitGradient"/> and returns factor·ℓ.
    /// </summary>
    /// <param name="logits">z, length ≥ 2.</param>
    /// <param name="label">y ∈ [0, logits.Length).</param>
    /// <param name="pMin">p_min ∈ (0, 1).</param>
    /// <param name="logitGradient">Accumulates factor·∂ℓ/∂z; same length as <paramref name="logits"/>.</param>
    /// <param name="factor">The scale of both the gradient and the returned loss.</param>
    public static double Gradient(ReadOnlySpan<double> logits, int label, double pMin, Span<double> logitGradient, double factor = 1.0)
    {
        Guard.SameLength(logits.Length, logitGradient.Length, nameof(logitGradient), nameof(logits));
        double logP = LogProbability(logits, label, pMin, out double logSumExp, out double scale);
        double floor = Math.Log(pMin);
        if (logP <= floor) return factor;
        for (int k = 0; k < logits.Length; k++)
            logitGradient[k] += factor * scale * (Math.Exp(logits[k] - logSumExp) - (k == label ? 1.0 : 0.0));
        return -logP * scale * factor;
    }

    /// <summary>
    /// The one-output form: P(y = 1) = sigmoid(z), so p_y = sigmoid(z) for y = 1 and sigmoid(−z) for y = 0;
    /// ℓ = −max(ln p_y, ln p_min)/ln(1/p_min), with ∂ℓ/∂z = (sigmoid(z) − y)/ln(1/p_min) where the floor is inactive.
    /// </summary>
    /// <param name="logit">z.</param>
    /// <param name="label">y ∈ {0, 1}.</param>
    /// <param name="pMin">p_min ∈ (0, 1).</param>
    /// <param name="logitGradient">∂ℓ/∂z.</param>
    public static double Binary(double logit, int label, double pMin, out double logitGradient)
    {
        Guard.Finite(logit, nameof(logit));
        if (label is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(label), label, $"Expected 'label' 0 or 1, got {label}.");
        CheckPMin(pMin);
        double signed = label == 1 ? logit : -logit;
        // ln sigmoid(s) = −softplus(−s)
        double logP = -DiagonalGaussianPosterior.Softplus(-signed);
        double floor = Math.Log(pMin), scale = 1.0 / -floor;
        if (logP <= floor) { logitGradient = 0.0; return 1.0; }
        logitGradient = (DiagonalGaussianPosterior.Sigmoid(logit) - label) * scale;
        return -logP * scale;
    }

    private static double LogProbability(ReadOnlySpan<double> logits, int label, double pMin, out double logSumExp, out double scale)
    {
        if (logits.Length < 2) throw new ArgumentException($"Expected at least 2 logits, got {logits.Length}.", nameof(logits));
        if ((uint)label >= (uint)logits.Length)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"Expected 'label' in [0, {logits.Length}), got {label}.");
        CheckPMin(pMin);
        double max = double.NegativeInfinity;
        foreach (double z in logits)
        {
            if (!double.IsFinite(z)) throw new ArgumentOutOfRangeException(nameof(logits), z, $"Expected finite logits, got {z}.");
            if (z > max) max = z;
        }
        double sum = 0.0;
        foreach (double z in logits) sum += Math.Exp(z - max);
        logSumExp = max + Math.Log(sum);
        scale = 1.0 / Math.Log(1.0 / pMin);
        return logits[label] - logSumExp;
    }

    private static void CheckPMin(double pMin)
    {
        if (!(pMin > 0.0 && pMin < 1.0))
            throw new ArgumentOutOfRangeException(nameof(pMin), pMin, $"Expected 'pMin' in (0, 1), got {pMin}.");
    }
}
