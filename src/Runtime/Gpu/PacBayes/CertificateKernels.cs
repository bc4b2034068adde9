using ILGPU;

namespace DslNets.Gpu;

/// <summary>One layer of a per-sample (local reparameterisation) draw, as the draw kernel takes it.</summary>
internal struct LocalDrawLayer
{
    /// <summary>n: the layer's units (outputs).</summary>
    public int Units;

    /// <summary>Where the layer's bias starts in the flat parameters; −1 when it has none.</summary>
    public int BiasOffset;

    /// <summary>The activation, as <see cref="Activation"/>'s value.</summary>
    public int Activation;

    /// <summary>LeakyReLU's slope.</summary>
    public double LeakySlope;

    /// <summary>u_l: the units of the layers before this one.</summary>
    public int UnitOffset;

    /// <summary>U: the units of all layers (the stride of one trial in the stream).</summary>
    public int UnitCount;

    /// <summary>The stream.</summary>
    public ulong Seed;

    /// <summary>The trial of row 0 of this pass.</summary>
    public long FirstTrial;
}

/// <summary>
/// The kernels of <see cref="DeviceCertificate"/>: drawing whole weight vectors, drawing one layer's pre-activations per
/// sample, and scoring the drawn outputs. Each is the host code of <see cref="DslNets.PacBayes.PacBayesCertificate"/> and
/// <see cref="DslNets.PacBayes.LocalReparameterisation"/> element by element, with the normal draws of
/// <see cref="DeviceRandom.Normal"/> numbered as <see cref="DslNets.PacBayes.NoiseStream.CounterBased"/> says.
/// </summary>
internal static class CertificateKernels
{
    /// <summary>weights[i] = μ_i + σ_i·ε_i, ε_i = Normal(seed, first + i): one whole-network draw.</summary>
    internal static void DrawWeights(Index1D i, ArrayView<double> mean, ArrayView<double> sigma, ArrayView<double> weights, ulong seed, long first)
    {
        weights[i] = mean[i] + sigma[i] * DeviceRandom.Normal(seed, (ulong)(first + i.X));
    }

    /// <summary>squares[e] = x[e]²: the input of the variance product of the first layer.</summary>
    internal static void Square(Index1D e, ArrayView<double> x, ArrayView<double> squares)
    {
        double v = x[e];
        squares[e] = v * v;
    }

    /// <summary>
    /// Element e = r·n + o of a pass: z ~ N(z̄ + b_μ, v + s_b) drawn as z̄ + b_μ + √(v + s_b)·ε with ε of trial FirstTrial + r
    /// and unit UnitOffset + o; writes act(z) and act(z)² (the next layer's inputs and their squares).
    /// </summary>
    internal static void DrawLayer(Index1D e, ArrayView<double> means, ArrayView<double> variances, ArrayView<double> mean, ArrayView<double> variance,
        ArrayView<double> activations, ArrayView<double> squares, LocalDrawLayer layer)
    {
        int o = e.X % layer.Units, r = e.X / layer.Units;
        double zMean = means[e], zVariance = variances[e];
        if (layer.BiasOffset >= 0)
        {
            zMean += mean[layer.BiasOffset + o];
            zVariance += variance[layer.BiasOffset + o];
        }

        ulong index = (ulong)((layer.FirstTrial + r) * layer.UnitCount + layer.UnitOffset + o);
        double a = Activate(zMean + Math.Sqrt(zVariance) * DeviceRandom.Normal(layer.Seed, index), layer.Activation, layer.LeakySlope);
        activations[e] = a;
        squares[e] = a * a;
    }

    /// <summary>
    /// Row r of drawn outputs against its target: errors[r] += 1 when the predicted class is not the target's, and
    /// losses[r] += the bounded cross-entropy −max(ln p_y, ln p_min)/ln(1/p_min) (<c>StochasticLoss</c> on the host).
    /// </summary>
    internal static void Score(Index1D r, ArrayView<double> outputs, ArrayView<double> targets, ArrayView<double> errors, ArrayView<double> losses,
        int width, double floor, double scale)
    {
        long row = (long)r.X * width;
        int label = Label(targets, row, width), prediction;
        if (width == 1) prediction = outputs[row] >= 0.0 ? 1 : 0;
        else
        {
            prediction = 0;
            for (int k = 1; k < width; k++)
                if (outputs[row + k] > outputs[row + prediction]) prediction = k;
        }

        double logP = LogProbability(outputs, targets, row, width);
        if (prediction != label) errors[r] += 1.0;
        losses[r] += -(logP > floor ? logP : floor) * scale;
    }

    /// <summary>ln p_y of one row: the log-softmax of the target's class, or ln sigmoid(±z) for one logistic output.</summary>
    internal static double LogProbability(ArrayView<double> outputs, ArrayView<double> targets, long row, int width)
    {
        int label = Label(targets, row, width);
        if (width == 1) return -Softplus(label == 1 ? -outputs[row] : outputs[row]);
        double max = outputs[row];
        for (int k = 1; k < width; k++)
            if (outputs[row + k] > max) max = outputs[row + k];
        double sum = 0.0;
        for (int k = 0; k < width; k++) sum += DeviceMath.Exp(outputs[row + k] - max);
        return outputs[row + label] - max - DeviceMath.Log(sum);
    }

    // The class a target row names: its argmax (the first), or t ≥ ½ for one logistic output.
    private static int Label(ArrayView<double> targets, long row, int width)
    {
        if (width == 1) return targets[row] >= 0.5 ? 1 : 0;
        int label = 0;
        for (int k = 1; k < width; k++)
            if (targets[row + k] > targets[row + label]) label = k;
        return label;
    }

    private static double Activate(double z, int activation, double slope) => activation switch
    {
        1 => z > 0 ? z : 0.0,
        2 => z > 0 ? z : slope * z,
        3 => DeviceMath.Sigmoid(z),
        4 => DeviceMath.Tanh(z),
        _ => z,
    };

    // max(x, 0) + ln(1 + e^{−|x|}), with Kahan's ln(1 + y) as the host's AccurateMath.LogOnePlus.
    private static double Softplus(double x)
    {
        double y = DeviceMath.Exp(-(x < 0 ? -x : x));
        double u = 1.0 + y;
        double log1p = u == 1.0 ? y : DeviceMath.Log(u) * y / (u - 1.0);
        return (x > 0 ? x : 0.0) + log1p;
    }
}
