namespace DslNets.PacBayes;

/// <summary>
/// The spectrally-normalised margin bound of Neyshabur, Bhojanapalli &amp; Srebro (ICLR 2018, "A PAC-Bayesian
/// approach to spectrally-normalized margin bounds for neural networks", Theorem 1), with the constants of its
/// proof made explicit, for a d-layer bias-free network f_w(x) = W_d φ(W_{d−1} φ(… φ(W_1 x))) with a 1-Lipschitz,
/// positively homogeneous activation φ (ReLU; LeakyReLU with slope ≤ 1), inputs with ‖x‖₂ ≤ B and every layer
/// width ≤ h. With probability ≥ 1 − δ over m samples, for every w:
/// <code>
/// L₀(f_w) ≤ L̂_γ(f_w) + 4 √((KL + ln(6 m K/δ))/(m − 1)),  K = d·m^{1/(2d)},
/// KL = 42² e² d² B² h ln(4hd) Π‖W_i‖₂² Σ ‖W_i‖_F²/‖W_i‖₂² / (2γ²),
/// </code>
/// where L̂_γ is the fraction of training points with f(x)[y] ≤ γ + max_{j≠y} f(x)[j].
/// <para>How the constants arise (the proof's steps, re-derived here): Lemma 1 (PAC-Bayes margin lemma) gives
/// L₀ ≤ L̂_γ + 4√((KL(w+u‖P) + ln(6m/δ))/(m − 1)) for a perturbation u with P(max_x |f_{w+u}(x) − f_w(x)|_∞ &lt; γ/4) ≥ ½;
/// Lemma 2 (perturbation) bounds the output change by e B Π‖W_i‖₂ Σ ‖U_i‖₂/‖W_i‖₂; with the layers rescaled to
/// equal spectral norm β, a prior and perturbation N(0, σ²I) with σ = γ/(42 d B β̃^{d−1} √(h ln(4hd))) (42 ≥ 4√2e²)
/// keep the change below γ/4 with probability ≥ ½, and KL ≤ |w|²/(2σ²); |β̃ − β| ≤ β/d gives β̃^{2d−2} ≤ e² β^{2d−2};
/// the union bound over the K grid values β̃ replaces δ by δ/K. The theorem states the result as O(·); the forms of
/// Lemma 1, the choice of σ with the constant 42, and the grid size d·m^{1/(2d)} are as recalled from the paper:
/// the full text was not in the reference corpora available when this was written, so those three are the
/// points to re-check against it.</para>
/// </summary>
public static class SpectralMarginBound
{
    /// <summary>The constant of the proof's choice of σ (42 ≥ 4√2·e² ≈ 41.8).</summary>
    public const double SigmaConstant = 42.0;

    /// <summary>
    /// The KL term 42² e² d² B² h ln(4hd) Π‖W_i‖₂² Σ ‖W_i‖_F²/‖W_i‖₂² / (2γ²), computed through logarithms so that
    /// the product of many spectral norms does not overflow before the division.
    /// </summary>
    /// <param name="spectralNorms">‖W_i‖₂ for each of the d layers, each &gt; 0.</param>
    /// <param name="frobeniusNorms">‖W_i‖_F for each layer, each &gt; 0.</param>
    /// <param name="maxWidth">h: an upper bound on every layer's input and output width, ≥ 1.</param>
    /// <param name="inputRadius">B: every input has ‖x‖₂ ≤ B, &gt; 0.</param>
    /// <param name="margin">γ &gt; 0.</param>
    public static double KlTerm(ReadOnlySpan<double> spectralNorms, ReadOnlySpan<double> frobeniusNorms, int maxWidth, double inputRadius, double margin)
    {
        if (spectralNorms.IsEmpty) throw new ArgumentException("Expected at least one layer's norms, got none.", nameof(spectralNorms));
        Guard.SameLength(spectralNorms.Length, frobeniusNorms.Length, nameof(frobeniusNorms), nameof(spectralNorms));
        Guard.Count(maxWidth, nameof(maxWidth));
        Guard.Positive(inputRadius, nameof(inputRadius));
        Guard.Positive(margin, nameof(margin));
        int d = spectralNorms.Length;
        double logProduct = 0.0, ratioSum = 0.0;
        for (int i = 0; i < d; i++)
        {
            Guard.Positive(spectralNorms[i], nameof(spectralNorms));
            Guard.Positive(frobeniusNorms[i], nameof(frobeniusNorms));
            logProduct += 2.0 * Math.Log(spectralNorms[i]);
            double ratio = frobeniusNorms[i] / spectralNorms[i];
            ratioSum += ratio * ratio;
        }
        double h = maxWidth;
        double logKl = 2.0 * Math.Log(SigmaConstant) + 2.0 + 2.0 * Math.Log(d) + 2.0 * Math.Log(inputRadius)
                       + Math.Log(h) + Math.Log(Math.Log(4.0 * h * d)) + logProduct + Math.Log(ratioSum)
                       - Math.Log(2.0) - 2.0 * Math.Log(margin);
        return Math.Exp(logKl);
    }

    /// <summary>
    /// The bound L̂_γ + 4 √((KL + ln(6 m K/δ))/(m − 1)) with K = d·m^{1/(2d)} (see the type's summary). Not clipped:
    /// values above 1 are vacuous (as they are for trained networks of any size, which is the point of comparing it).
    /// </summary>
    /// <param name="marginLoss">L̂_γ ∈ [0, 1]: see <see cref="MarginLoss"/>.</param>
    /// <param name="spectralNorms">‖W_i‖₂ for each of the d layers, each &gt; 0.</param>
    /// <param name="frobeniusNorms">‖W_i‖_F for each layer, each &gt; 0.</param>
    /// <param name="maxWidth">h ≥ 1.</param>
    /// <param name="inputRadius">B &gt; 0.</param>
    /// <param name="margin">γ &gt; 0.</param>
    /// <param name="m">The number of training samples, ≥ 2.</param>
    /// <param name="delta">δ ∈ (0, 1).</param>
    public static double Evaluate(double marginLoss, ReadOnlySpan<double> spectralNorms, ReadOnlySpan<double> frobeniusNorms,
        int maxWidth, double inputRadius, double margin, long m, double delta)
    {
        Guard.Probability(marginLoss, nameof(marginLoss));
        Guard.Count(m, nameof(m), 2);
        Guard.Confidence(delta, nameof(delta));
        double kl = KlTerm(spectralNorms, frobeniusNorms, maxWidth, inputRadius, margin);
        int d = spectralNorms.Length;
        double logGrid = Math.Log(d) + Math.Log(m) / (2.0 * d);
        double confidence = Math.Log(6.0 * m / delta) + logGrid;
        return marginLoss + 4.0 * Math.Sqrt((kl + confidence) / (m - 1));
    }

    /// <summary>
    /// The empirical margin loss L̂_γ = (1/m) Σ 1[f(x)[y] ≤ γ + max_{j≠y} f(x)[j]] over m outputs of
    /// <paramref name="classes"/> scores each (row-major).
    /// </summary>
    /// <param name="outputs">m × classes scores, row-major.</param>
    /// <param name="labels">The m labels, each in [0, classes).</param>
    /// <param name="classes">The number of classes, ≥ 2.</param>
    /// <param name="margin">γ ≥ 0.</param>
    public static double MarginLoss(ReadOnlySpan<double> outputs, ReadOnlySpan<int> labels, int classes, double margin)
    {
        Guard.Count(classes, nameof(classes), 2);
        if (!(margin >= 0.0) || double.IsPositiveInfinity(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"Expected 'margin' finite and ≥ 0, got {margin}.");
        if (labels.IsEmpty) throw new ArgumentException("Expected at least one sample, got none.", nameof(labels));
        if (outputs.Length != (long)labels.Length * classes)
            throw new ArgumentException($"Expected 'outputs' of length {labels.Length}×{classes} = {(long)labels.Length * classes}, got length {outputs.Length}.", nameof(outputs));
        int failures = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            int y = labels[s];
            if ((uint)y >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), y, $"Expected every label in [0, {classes}), got {y} at sample {s}.");
            var row = outputs.Slice(s * classes, classes);
            double other = double.NegativeInfinity;
            for (int j = 0; j < classes; j++) if (j != y && row[j] > other) other = row[j];
            if (row[y] <= margin + other) failures++;
        }
        return failures / (double)labels.Length;
    }

    /// <summary>
    /// The spectral and Frobenius norms of a dense network's layers in the bias-free form the bound needs: a layer
    /// z = W a + b becomes [[W, b], [0, 1]] acting on (a, 1) (the last layer [W, b]), which computes the same
    /// function because φ(1) = 1 for the allowed activations; the inputs become (x, 1), so use √(B² + 1) as the
    /// input radius and the returned <paramref name="maxWidth"/> (which counts the extra unit). A layer without
    /// bias is kept as it is (and still carries the constant unit forward when later layers need it).
    /// </summary>
    /// <param name="parameters">The flat parameter vector.</param>
    /// <param name="layers">The layers (dense, untied, activation Identity, ReLU or LeakyReLU with slope ≤ 1).</param>
    /// <param name="seed">The seed for power iteration.</param>
    /// <param name="spectralNorms">Receives ‖W_i‖₂ of each augmented layer (length = number of layers).</param>
    /// <param name="frobeniusNorms">Receives ‖W_i‖_F of each augmented layer.</param>
    /// <param name="maxWidth">The largest augmented width.</param>
    public static void LayerNorms(ReadOnlySpan<double> parameters, IReadOnlyList<LayerInfo> layers, long seed,
        Span<double> spectralNorms, Span<double> frobeniusNorms, out int maxWidth)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("Expected at least one layer, got none.", nameof(layers));
        Guard.SameLength(layers.Count, spectralNorms.Length, nameof(spectralNorms), nameof(layers));
        Guard.SameLength(layers.Count, frobeniusNorms.Length, nameof(frobeniusNorms), nameof(layers));
        maxWidth = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            LayerInfo layer = layers[l];
            if (layer.Kind != LayerKind.Dense || layer.TiedTo is not null || layer.WeightOffset < 0)
                throw new ArgumentException($"Expected dense layers owning their weights, got layer '{layer.Name}' ({layer.Kind}{(layer.TiedTo is null ? "" : ", tied to " + layer.TiedTo)}).", nameof(layers));
            bool allowed = layer.Activation is Activation.Identity or Activation.ReLU
                           || (layer.Activation == Activation.LeakyReLU && layer.LeakySlope >= 0 && layer.LeakySlope <= 1);
            if (!allowed)
                throw new ArgumentException($"Expected Identity, ReLU or LeakyReLU (slope in [0, 1]) activations, got {layer.Activation} in layer '{layer.Name}'.", nameof(layers));
            if (l > 0 && layers[l - 1].Outputs != layer.Inputs)
                throw new ArgumentException($"Expected layer '{layer.Name}' to take {layers[l - 1].Outputs} inputs (the previous layer's outputs), got {layer.Inputs}.", nameof(layers));
            if (layer.WeightOffset + (long)layer.Inputs * layer.Outputs > parameters.Length)
                throw new ArgumentException($"Expected 'parameters' to hold layer '{layer.Name}' at offset {layer.WeightOffset}, got length {parameters.Length}.", nameof(parameters));

            bool last = l == layers.Count - 1;
            int rows = layer.Outputs + (last ? 0 : 1), columns = layer.Inputs + 1;
            double[] augmented = new double[rows * columns];
            var weights = parameters.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs);
            for (int i = 0; i < layer.Outputs; i++)
            {
                weights.Slice(i * layer.Inputs, layer.Inputs).CopyTo(augmented.AsSpan(i * columns, layer.Inputs));
                augmented[i * columns + layer.Inputs] = layer.BiasOffset >= 0 && layer.BiasCount == layer.Outputs ? parameters[layer.BiasOffset + i] : 0.0;
            }
            if (!last) augmented[rows * columns - 1] = 1.0;
            spectralNorms[l] = SpectralNorm.Largest(augmented, rows, columns, seed + l);
            frobeniusNorms[l] = SpectralNorm.Frobenius(augmented);
            maxWidth = Math.Max(maxWidth, Math.Max(rows, columns));
        }
    }
}
