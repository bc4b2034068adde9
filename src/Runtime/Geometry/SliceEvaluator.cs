namespace DslNets.Geometry;

/// <summary>
/// The buffers and the pattern rule the enumerators share: it calls a network's
/// <see cref="IPiecewiseLinearNetwork{TSelf}.AffineForms"/> on a d-dimensional slice x(θ) = origin + Σ θ_k·direction_k and
/// locates the region "just past" the origin in the slice's first direction (then the second, …).
/// </summary>
/// <remarks>
/// The located pattern follows a lexicographic rule: a neuron is on when its pre-activation at θ = 0 is positive; when the
/// pre-activation is zero to within the tolerance (|c| ≤ ε·max_k |g_k|, i.e. the neuron's kink is within ε of the origin in
/// slice coordinates, or c = 0 exactly when the form is constant), the sign of the first non-negligible coefficient g_k
/// decides instead (the state an infinitesimal step along direction k would see); a neuron that is zero and constant is off
/// (ReLU's convention at 0). Because a layer's forms depend on the earlier layers' states, ties are resolved layer by layer.
/// </remarks>
internal sealed class SliceEvaluator<TNet> where TNet : IPiecewiseLinearNetwork<TNet>
{
    private readonly TNet _network;

    public SliceEvaluator(TNet network, int dimension, double zeroTolerance)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!(zeroTolerance >= 0) || !double.IsFinite(zeroTolerance))
            throw new ArgumentOutOfRangeException(nameof(zeroTolerance), zeroTolerance, "Expected a finite tolerance ≥ 0.");
        _network = network;
        Dimension = dimension;
        Width = dimension + 1;
        ZeroTolerance = zeroTolerance;
        KinkForms = new double[TNet.KinkCount * Width];
        OutputForms = new double[TNet.OutputSize * Width];
        LayerCount = TNet.Layers.Count;
        Ranges = TNet.KinkRanges;
    }

    /// <summary>d, the slice's dimension.</summary>
    public int Dimension { get; }

    /// <summary>d + 1: the length of one form (d coefficients then the constant).</summary>
    public int Width { get; }

    /// <summary>ε of the tie rule.</summary>
    public double ZeroTolerance { get; }

    /// <summary>The kink forms of the last call (KinkCount × (d + 1)).</summary>
    public double[] KinkForms { get; }

    /// <summary>The output forms of the last call that processed every layer (OutputSize × (d + 1)).</summary>
    public double[] OutputForms { get; }

    /// <summary>The number of layers.</summary>
    public int LayerCount { get; }

    /// <summary>Each layer's first kink neuron and kink count.</summary>
    public IReadOnlyList<(int First, int Count)> Ranges { get; }

    /// <summary>Kink neuron <paramref name="neuron"/>'s form from the last call.</summary>
    public ReadOnlySpan<double> Form(int neuron) => KinkForms.AsSpan(neuron * Width, Width);

    /// <summary>The forms of layers 0 … layerCount − 1 for the states in <paramref name="pattern"/>.</summary>
    public void Forms(ActivationPattern pattern, ReadOnlySpan<double> origin, ReadOnlySpan<double> directions, int layerCount) =>
        _network.AffineForms(pattern, false, origin, directions, layerCount, KinkForms, OutputForms);

    /// <summary>
    /// Sets <paramref name="pattern"/> to the region just past the origin (the lexicographic rule above) and leaves the
    /// forms of every layer and the output forms of that region in the buffers.
    /// </summary>
    public void Locate(ActivationPattern pattern, ReadOnlySpan<double> origin, ReadOnlySpan<double> directions)
    {
        _network.AffineForms(pattern, true, origin, directions, LayerCount, KinkForms, OutputForms);
        int firstTie = -1;
        for (int layer = 0; layer < LayerCount && firstTie < 0; layer++)
        {
            (int first, int count) = Ranges[layer];
            for (int i = first; i < first + count; i++)
            {
                if (IsTie(Form(i))) { firstTie = layer; break; }
            }
        }

        if (firstTie < 0) return;
        // Bits of layers before the first tie are right; redo the rest one layer at a time.
        for (int layer = firstTie; layer < LayerCount; layer++)
        {
            (int first, int count) = Ranges[layer];
            if (count == 0) continue;
            _network.AffineForms(pattern, false, origin, directions, layer + 1, KinkForms, OutputForms);
            for (int i = first; i < first + count; i++) pattern[i] = IsOn(Form(i));
        }

        _network.AffineForms(pattern, false, origin, directions, LayerCount, KinkForms, OutputForms);
    }

    /// <summary>Whether a form is zero at θ = 0 to within the tolerance.</summary>
    public bool IsTie(ReadOnlySpan<double> form)
    {
        double c = form[^1];
        double scale = 0;
        for (int k = 0; k < form.Length - 1; k++) scale = Math.Max(scale, Math.Abs(form[k]));
        return scale == 0 ? c == 0 : Math.Abs(c) <= ZeroTolerance * scale;
    }

    /// <summary>The lexicographic state of a form at θ = 0.</summary>
    public bool IsOn(ReadOnlySpan<double> form)
    {
        if (!IsTie(form)) return form[^1] > 0;
        double scale = 0;
        for (int k = 0; k < form.Length - 1; k++) scale = Math.Max(scale, Math.Abs(form[k]));
        for (int k = 0; k < form.Length - 1; k++)
        {
            if (Math.Abs(form[k]) > ZeroTolerance * scale) return form[k] > 0;
        }

        return false;
    }
}
