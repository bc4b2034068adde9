namespace DslNets.Geometry;

/// <summary>
/// The constructions of thesis chapter 2 (Arora, Basu, Mianjy, Mukherjee, arXiv 1611.01491), each writing the weights of a
/// declared double-precision network so that it computes a given continuous piecewise-linear function exactly (up to
/// rounding). Each method checks that the network has the shape the construction needs and says what it expected.
/// </summary>
public static class CpwlConstructions
{
    /// <summary>
    /// The 1-D CPWL function with breakpoints t₁ &lt; … &lt; t_{p−1}, values f(t_j) there, slope m₀ left of t₁ and m_{p−1}
    /// right of t_{p−1}, as a one-hidden-layer net of width p:
    /// f(x) = f(t₁) − m₀·ReLU(t₁ − x) + m₁·ReLU(x − t₁) + Σ_{j≥2} (m_j − m_{j−1})·ReLU(x − t_j),
    /// with the inner slopes m_j = (f(t_{j+1}) − f(t_j)) / (t_{j+1} − t_j).
    /// </summary>
    /// <param name="network">A network with 1 input, a dense ReLU layer of p = breakpoints + 1 neurons, then a dense identity layer of 1 output (both with biases).</param>
    /// <param name="breakpoints">t₁ &lt; … &lt; t_{p−1} (at least one).</param>
    /// <param name="values">f at each breakpoint.</param>
    /// <param name="leftSlope">m₀.</param>
    /// <param name="rightSlope">m_{p−1}.</param>
    public static void WriteInterpolant<TNet>(TNet network, ReadOnlySpan<double> breakpoints, ReadOnlySpan<double> values, double leftSlope, double rightSlope)
        where TNet : IPiecewiseLinearNetwork<TNet>, INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(network);
        int q = breakpoints.Length, p = q + 1;
        if (q < 1) throw new ArgumentException("Expected at least one breakpoint but got none.", nameof(breakpoints));
        if (values.Length != q) throw new ArgumentException($"Expected one value per breakpoint ({q}) but got {values.Length}.", nameof(values));
        for (int j = 0; j < q; j++)
        {
            if (!double.IsFinite(breakpoints[j]) || !double.IsFinite(values[j])) throw new ArgumentException($"Expected finite breakpoints and values but breakpoint {j} is ({breakpoints[j]}, {values[j]}).");
            if (j > 0 && !(breakpoints[j] > breakpoints[j - 1])) throw new ArgumentException($"Expected increasing breakpoints but t[{j}] = {breakpoints[j]} follows {breakpoints[j - 1]}.", nameof(breakpoints));
        }

        if (!double.IsFinite(leftSlope) || !double.IsFinite(rightSlope)) throw new ArgumentException($"Expected finite end slopes but got {leftSlope} and {rightSlope}.");
        (LayerInfo hidden, LayerInfo output) = RequireOneHiddenLayer<TNet>(1, p, "the interpolant");
        var slopes = new double[p];
        slopes[0] = leftSlope;
        for (int j = 1; j < q; j++) slopes[j] = (values[j] - values[j - 1]) / (breakpoints[j] - breakpoints[j - 1]);
        slopes[p - 1] = rightSlope;
        double[] theta = network.Parameters;
        // Neuron 0: ReLU(t₁ − x); neuron j ≥ 1: ReLU(x − t_j) (t_j of neuron j is breakpoint j − 1, and neuron 1 shares t₁).
        theta[hidden.WeightOffset] = -1;
        theta[hidden.BiasOffset] = breakpoints[0];
        for (int j = 1; j < p; j++)
        {
            theta[hidden.WeightOffset + j] = 1;
            theta[hidden.BiasOffset + j] = -breakpoints[j - 1];
        }

        theta[output.WeightOffset] = -slopes[0];
        theta[output.WeightOffset + 1] = slopes[1];
        for (int j = 2; j < p; j++) theta[output.WeightOffset + j] = slopes[j] - slopes[j - 1];
        theta[output.BiasOffset] = values[0];
    }

    /// <summary>
    /// The composition of k tent (sawtooth) maps g of w pieces on [0, 1] — g rises with slope w on [0, 1/w], falls on
    /// [1/w, 2/w], and so on, g(i/w) = i mod 2 — as a network of k dense ReLU layers of width w and a dense identity output:
    /// g(y) = w·ReLU(y) + Σ_{i=1}^{w−1} (−1)^i·2w·ReLU(y − i/w), each layer's combination folded into the next layer's weights.
    /// The result g∘…∘g has exactly w^k linear pieces on [0, 1] (each piece of g^{k−1} is mapped onto [0, 1] monotonically,
    /// and g splits it into w).
    /// </summary>
    /// <param name="network">A network with 1 input, k ≥ 1 dense ReLU layers of equal width w ≥ 2, and a dense identity output of size 1 (all with biases).</param>
    /// <returns>(w, k).</returns>
    public static (int Pieces, int Depth) WriteSawtoothComposition<TNet>(TNet network) where TNet : IPiecewiseLinearNetwork<TNet>, INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(network);
        IReadOnlyList<LayerInfo> layers = TNet.Layers;
        string shape = "1 input, k dense ReLU layers of one width w ≥ 2, then a dense identity output of size 1";
        if (TNet.InputSize != 1 || layers.Count < 2) throw new ArgumentException($"Expected {shape} but the network has {TNet.InputSize} inputs and {layers.Count} layers.", nameof(network));
        int w = layers[0].Outputs;
        for (int l = 0; l < layers.Count - 1; l++)
        {
            LayerInfo layer = layers[l];
            if (!IsOwnDense(layer) || layer.Activation != Activation.ReLU || layer.Outputs != w || w < 2)
                throw new ArgumentException($"Expected {shape} but layer '{layer.Name}' is a {layer.Kind} {layer.Activation} layer of {layer.Outputs}.", nameof(network));
        }

        LayerInfo last = layers[^1];
        if (!IsOwnDense(last) || last.Activation != Activation.Identity || last.Outputs != 1)
            throw new ArgumentException($"Expected {shape} but the last layer '{last.Name}' is a {last.Kind} {last.Activation} layer of {last.Outputs}.", nameof(network));
        var combination = new double[w];
        combination[0] = w;
        for (int i = 1; i < w; i++) combination[i] = (i % 2 == 1 ? -2.0 : 2.0) * w;
        double[] theta = network.Parameters;
        for (int l = 0; l < layers.Count - 1; l++)
        {
            LayerInfo layer = layers[l];
            for (int i = 0; i < w; i++)
            {
                // Neuron i of layer l computes ReLU(y − i/w) where y = x (l = 0) or y = g(previous layer).
                for (int j = 0; j < layer.Inputs; j++) theta[layer.WeightOffset + i * layer.Inputs + j] = l == 0 ? 1 : combination[j];
                theta[layer.BiasOffset + i] = -(double)i / w;
            }
        }

        for (int j = 0; j < w; j++) theta[last.WeightOffset + j] = combination[j];
        theta[last.BiasOffset] = 0;
        return (w, layers.Count - 1);
    }

    /// <summary>
    /// The zonotope function γ_Z(r) = Σ_{i=1..m} |⟨r, b_i⟩| as a one-hidden-layer net, |z| = ReLU(z) + ReLU(−z): hidden neurons
    /// 2i and 2i + 1 compute ReLU(⟨r, b_i⟩) and ReLU(−⟨r, b_i⟩), and the output adds them all. Its linear pieces are the
    /// regions of the central arrangement of the m hyperplanes b_i^⊥; for generic b_i in R^n there are
    /// <see cref="ZonotopePieceCount"/>(m, n) = 2·Σ_{i&lt;n} C(m − 1, i) of them (the vertices of the zonotope Z = Σ [−b_i, b_i]).
    /// Here activation regions and linear pieces coincide: neurons 2i and 2i + 1 switch together on b_i^⊥, and crossing it
    /// changes the gradient Σ ±b_i by 2·b_i ≠ 0, so no two adjacent regions share a map (see
    /// <see cref="SlicePartition.CountLinearPieces"/> for networks where they can).
    /// </summary>
    /// <param name="network">A network with n inputs, a dense ReLU layer of 2m neurons, then a dense identity layer of 1 output (both with biases).</param>
    /// <param name="generators">b₁ … b_m, each n numbers, one after another (m×n row-major).</param>
    public static void WriteZonotope<TNet>(TNet network, ReadOnlySpan<double> generators) where TNet : IPiecewiseLinearNetwork<TNet>, INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(network);
        int n = TNet.InputSize;
        if (generators.Length == 0 || generators.Length % n != 0)
            throw new ArgumentException($"Expected m×{n} generator numbers (m ≥ 1) but got {generators.Length}.", nameof(generators));
        int m = generators.Length / n;
        (LayerInfo hidden, LayerInfo output) = RequireOneHiddenLayer<TNet>(n, 2 * m, "the zonotope function");
        double[] theta = network.Parameters;
        for (int i = 0; i < m; i++)
        {
            for (int k = 0; k < n; k++)
            {
                if (!double.IsFinite(generators[i * n + k])) throw new ArgumentException($"Expected finite generators but b[{i}][{k}] = {generators[i * n + k]}.", nameof(generators));
                theta[hidden.WeightOffset + 2 * i * n + k] = generators[i * n + k];
                theta[hidden.WeightOffset + (2 * i + 1) * n + k] = -generators[i * n + k];
            }

            theta[hidden.BiasOffset + 2 * i] = 0;
            theta[hidden.BiasOffset + 2 * i + 1] = 0;
        }

        for (int j = 0; j < 2 * m; j++) theta[output.WeightOffset + j] = 1;
        theta[output.BiasOffset] = 0;
    }

    /// <summary>2·Σ_{i=0}^{n−1} C(m − 1, i): the number of linear pieces of γ_Z for m generic generators in R^n.</summary>
    public static System.Numerics.BigInteger ZonotopePieceCount(int generators, int dimension)
    {
        if (generators < 1) throw new ArgumentOutOfRangeException(nameof(generators), generators, "Expected at least one generator.");
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Expected a dimension of at least 1.");
        return 2 * RegionCountBounds.GeneralPosition(generators - 1, dimension - 1);
    }

    private static bool IsOwnDense(LayerInfo layer) => layer.Kind == LayerKind.Dense && layer.TiedTo is null && layer.WeightOffset >= 0 && layer.BiasOffset >= 0;

    private static (LayerInfo Hidden, LayerInfo Output) RequireOneHiddenLayer<TNet>(int inputs, int width, string what) where TNet : INetwork<TNet>
    {
        IReadOnlyList<LayerInfo> layers = TNet.Layers;
        string shape = $"{inputs} input(s), a dense ReLU layer of {width} neurons, then a dense identity layer of 1 output (with biases)";
        bool fits = TNet.InputSize == inputs && layers.Count == 2
            && IsOwnDense(layers[0]) && layers[0].Activation == Activation.ReLU && layers[0].Outputs == width
            && IsOwnDense(layers[1]) && layers[1].Activation == Activation.Identity && layers[1].Outputs == 1;
        if (!fits)
        {
            string actual = $"{TNet.InputSize} inputs and layers " + string.Join(", ", layers.Select(l => $"{l.Name} ({l.Kind} {l.Activation}, {l.Outputs})"));
            throw new ArgumentException($"Expected {shape} for {what} but the network has {actual}.", nameof(TNet));
        }

        return (layers[0], layers[1]);
    }
}
