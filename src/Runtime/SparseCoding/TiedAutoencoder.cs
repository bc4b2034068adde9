using System.Numerics;

namespace DslNets.SparseCoding;

/// <summary>
/// The weight-tied autoencoder ŷ = Wᵀ ReLU(W y − ε) of sparse-coding theory over a generated network declared as
/// <c>[Dense(h, Activation.ReLU)] Encoder</c> then <c>[Dense(n, TiedTo = nameof(Encoder), Bias = false)] Decoder</c>
/// with squared-error loss: setting it to W = A*ᵀ, b = −ε, and the Monte-Carlo expected loss gradient there.
/// </summary>
public static class TiedAutoencoder
{
    /// <summary>The encoder's layout in <typeparamref name="TNet"/>, or throws naming what was found.</summary>
    private static LayerInfo Encoder<TNet>() where TNet : INetwork<TNet>
    {
        var layers = TNet.Layers;
        bool ok = layers.Count == 2
            && layers[0].Kind == LayerKind.Dense && layers[0].Activation == Activation.ReLU && layers[0].BiasCount == layers[0].Outputs && layers[0].TiedTo is null
            && layers[1].Kind == LayerKind.Dense && layers[1].TiedTo == layers[0].Name && layers[1].BiasCount == 0 && layers[1].Activation == Activation.Identity
            && TNet.LossFunction == Loss.SquaredError;
        if (!ok)
            throw new ArgumentException(
                $"Expected a weight-tied autoencoder: Dense(h, ReLU) with bias, then Dense(n, Identity, TiedTo = the first, Bias = false), Loss.SquaredError; " +
                $"{typeof(TNet).Name} has {layers.Count} layers: {string.Join(", ", layers.Select(l => $"{l.Name} ({l.Kind} {l.Inputs}->{l.Outputs}, {l.Activation}, bias {l.BiasCount > 0}, tied to {l.TiedTo ?? "none"})"))}, loss {TNet.LossFunction}.");
        return layers[0];
    }

    /// <summary>Sets W = A*ᵀ (the encoder's h×n weights) and the encoder bias to −ε.</summary>
    public static void SetToDictionary<TNet, T>(TNet network, IncoherentDictionary dictionary, double epsilon)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(dictionary);
        var encoder = Encoder<TNet>();
        if (encoder.Outputs != dictionary.Atoms || encoder.Inputs != dictionary.Inputs)
            throw new ArgumentException($"The encoder is {encoder.Outputs}×{encoder.Inputs} but the dictionary has h = {dictionary.Atoms} atoms of n = {dictionary.Inputs}.", nameof(dictionary));
        var parameters = network.Parameters;
        for (int e = 0; e < encoder.WeightCount; e++) parameters[encoder.WeightOffset + e] = T.CreateTruncating(dictionary.Columns[e]);
        for (int i = 0; i < encoder.BiasCount; i++) parameters[encoder.BiasOffset + i] = T.CreateTruncating(-epsilon);
    }

    /// <summary>
    /// Writes the Monte-Carlo mean over <paramref name="samples"/> draws of the generated gradient of ½‖ŷ − y‖² (every
    /// parameter: weights then bias) into <paramref name="gradient"/>, and returns the Frobenius norm of its weight part.
    /// </summary>
    public static double ExpectedGradient<TNet, T>(TNet network, SparseCodeSampler sampler, int samples, Span<T> gradient)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(sampler);
        var encoder = Encoder<TNet>();
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "Expected at least one sample.");
        if (gradient.Length != TNet.ParameterCount)
            throw new ArgumentException($"Expected a gradient of {TNet.ParameterCount} numbers; got {gradient.Length}.", nameof(gradient));
        if (sampler.Dictionary.Inputs != TNet.InputSize)
            throw new ArgumentException($"The sampler's signals have n = {sampler.Dictionary.Inputs}; the network takes {TNet.InputSize}.", nameof(sampler));
        int n = TNet.InputSize;
        var code = new double[sampler.Dictionary.Atoms];
        var signal = new double[n];
        var input = new T[n];
        gradient.Clear();
        T scale = T.One / T.CreateTruncating(samples);
        for (int s = 0; s < samples; s++)
        {
            sampler.Sample(code, signal);
            for (int c = 0; c < n; c++) input[c] = T.CreateTruncating(signal[c]);
            network.Gradient(input, input, gradient, scale); // the target is the input itself
        }
        double sum = 0;
        foreach (T g in gradient.Slice(encoder.WeightOffset, encoder.WeightCount))
        {
            double v = double.CreateTruncating(g);
            sum += v * v;
        }
        return Math.Sqrt(sum);
    }
}
