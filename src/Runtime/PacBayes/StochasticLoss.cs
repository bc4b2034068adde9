namespace DslNets.PacBayes;

/// <summary>
/// The per-sample pieces a PAC-Bayes trainer and certificate need from a generated network: the bounded
/// cross-entropy (gated through the network's own <c>Gradient</c>) and the 0-1 error. Both need the network's loss
/// to be a log-loss whose targets name one class: <see cref="Loss.SoftmaxCrossEntropy"/> with one-hot targets, or
/// <see cref="Loss.Logistic"/> with one output and a 0/1 target.
/// </summary>
internal static class StochasticLoss
{
    public static void CheckSupported<TNet>() where TNet : INetwork<TNet, double>
    {
        bool ok = TNet.LossFunction switch
        {
            Loss.SoftmaxCrossEntropy => TNet.OutputSize >= 2,
            Loss.Logistic => TNet.OutputSize == 1,
            _ => false,
        };
        if (!ok)
            throw new ArgumentException(
                $"Expected a network whose loss is SoftmaxCrossEntropy (≥ 2 outputs) or Logistic (1 output), got {TNet.LossFunction} with {TNet.OutputSize} output(s).");
    }

    /// <summary>The class a target names: argmax of a one-hot vector, or t ≥ ½ for one logistic output.</summary>
    public static int Label(ReadOnlySpan<double> target)
    {
        if (target.Length == 1) return target[0] >= 0.5 ? 1 : 0;
        int best = 0;
        for (int k = 1; k < target.Length; k++) if (target[k] > target[best]) best = k;
        return best;
    }

    /// <summary>The predicted class: argmax of the logits, or z ≥ 0 for one logistic output.</summary>
    public static int Prediction(ReadOnlySpan<double> output)
    {
        if (output.Length == 1) return output[0] >= 0.0 ? 1 : 0;
        int best = 0;
        for (int k = 1; k < output.Length; k++) if (output[k] > output[best]) best = k;
        return best;
    }

    /// <summary>ln p_y of the network's output: the log-softmax of the label, or ln sigmoid(±z).</summary>
    public static double LogProbability(ReadOnlySpan<double> output, int label)
    {
        if (output.Length == 1) return -DiagonalGaussianPosterior.Softplus(label == 1 ? -output[0] : output[0]);
        double max = double.NegativeInfinity;
        foreach (double z in output) if (z > max) max = z;
        double sum = 0.0;
        foreach (double z in output) sum += Math.Exp(z - max);
        return output[label] - max - Math.Log(sum);
    }
}
