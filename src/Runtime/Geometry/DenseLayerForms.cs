using System.Numerics.Tensors;

namespace DslNets.Geometry;

/// <summary>
/// One layer at a time of the affine calculus on a 2-D slice, for networks made only of dense layers: the slice
/// partition keeps each region's post-activation forms and pushes them through the next layer alone, instead of asking
/// <see cref="IPiecewiseLinearNetwork{TSelf}.AffineForms"/> to recompute every earlier layer from the input for every
/// region (which, for a 784-input network, is dominated by the first layer). The weights are copied to double once.
/// Networks with shared-filter layers do not get one (<see cref="TryCreate"/> returns null) and use AffineForms.
/// </summary>
internal sealed class DenseLayerForms
{
    private readonly double[][] _weights;   // per layer, Outputs × Inputs row-major (tied layers: the transpose, materialised)
    private readonly double[][] _biases;    // per layer, Outputs (zeros when the layer has no bias)

    private DenseLayerForms(IReadOnlyList<LayerInfo> layers, double[][] weights, double[][] biases)
    {
        Layers = layers;
        _weights = weights;
        _biases = biases;
    }

    public IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>The calculus for an all-dense double or float network; null otherwise.</summary>
    public static DenseLayerForms? TryCreate<TNet>(TNet network) where TNet : IPiecewiseLinearNetwork<TNet>
    {
        IReadOnlyList<LayerInfo> layers = TNet.Layers;
        if (layers.Any(l => l.Kind != LayerKind.Dense)) return null;
        var all = new double[TNet.ParameterCount];
        network.CopyParameters(all);
        Func<int, double> read = i => all[i];
        var weights = new double[layers.Count][];
        var biases = new double[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            LayerInfo layer = layers[l];
            int m = layer.Outputs, n = layer.Inputs;
            var w = new double[m * n];
            if (layer.TiedTo is null)
            {
                for (int k = 0; k < m * n; k++) w[k] = read(layer.WeightOffset + k);
            }
            else
            {
                // The target's matrix is n × m (its outputs are this layer's inputs); this layer uses its transpose.
                LayerInfo target = layers.First(candidate => candidate.Name == layer.TiedTo);
                for (int o = 0; o < m; o++)
                    for (int i = 0; i < n; i++) w[o * n + i] = read(target.WeightOffset + i * m + o);
            }

            var b = new double[m];
            if (layer.BiasOffset >= 0) for (int o = 0; o < m; o++) b[o] = read(layer.BiasOffset + o);
            weights[l] = w;
            biases[l] = b;
        }

        return new DenseLayerForms(layers, weights, biases);
    }

    /// <summary>
    /// The pre-activation forms of layer <paramref name="layer"/> from its input forms, column-major: column k (k = 0: ∂/∂s,
    /// 1: ∂/∂t, 2: constant) of the Inputs units is <paramref name="input"/>[k·Inputs …], and of the Outputs units
    /// <paramref name="preActivation"/>[k·Outputs …].
    /// </summary>
    public void PreActivation(int layer, ReadOnlySpan<double> input, Span<double> preActivation)
    {
        int m = Layers[layer].Outputs, n = Layers[layer].Inputs;
        double[] w = _weights[layer], b = _biases[layer];
        ReadOnlySpan<double> s = input.Slice(0, n), t = input.Slice(n, n), c = input.Slice(2 * n, n);
        for (int o = 0; o < m; o++)
        {
            ReadOnlySpan<double> row = w.AsSpan(o * n, n);
            preActivation[o] = TensorPrimitives.Dot(row, s);
            preActivation[m + o] = TensorPrimitives.Dot(row, t);
            preActivation[2 * m + o] = TensorPrimitives.Dot(row, c) + b[o];
        }
    }

    /// <summary>Applies the activation to column-major forms in place: units that are off are scaled by the slope (0 for ReLU).</summary>
    public void Activate(int layer, Span<double> forms, ActivationPattern pattern, int firstKink)
    {
        LayerInfo info = Layers[layer];
        if (info.Activation == Activation.Identity) return;
        int m = info.Outputs;
        double slope = info.Activation == Activation.LeakyReLU ? info.LeakySlope : 0.0;
        for (int o = 0; o < m; o++)
        {
            if (pattern[firstKink + o]) continue;
            forms[o] *= slope;
            forms[m + o] *= slope;
            forms[2 * m + o] *= slope;
        }
    }
}
