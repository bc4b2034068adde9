using DslNets.Gpu;
using DslNets.Kernels;

namespace DslNets.PacBayes;

/// <summary>
/// Draws, for every input of a batch, the output of a network whose weights are a fresh, independent draw from a
/// diagonal Gaussian posterior Q, without drawing the weights: layer by layer, the pre-activations are sampled as
/// z | h ~ N(M h + b_μ, S (h ⊙ h) + s_b) with M the weight means, S the weight variances and s_b the bias variances
/// (the local reparameterisation trick of Kingma, Salimans &amp; Welling 2015).
/// </summary>
/// <remarks>
/// <para>
/// Exact in distribution for each input: a layer's weights are independent of its input h (a function of earlier
/// layers' weights and the input alone), each pre-activation is a sum of independent Gaussians given h, and distinct
/// units use disjoint weight rows, so they are independent given h. The draws of different inputs are independent.
/// </para>
/// <para>
/// Why: a Monte-Carlo certificate needs the mean error of Q on m samples. Drawing n whole networks gives n
/// Bernoulli trials per sample but only n independent networks, and the Langford–Caruana step then costs
/// kl⁻¹(Q̂, ln(2/δ′)/n): with n = 200 that alone exceeds 0.05 at Q̂ = 0.01. Per-sample draws give m·k independent
/// trials for the price of about 2k passes over the data (see <see cref="PacBayesCertificate"/>).
/// </para>
/// <para>
/// Only networks made of dense layers that own their weights qualify: a tied layer reuses another layer's draw and a
/// shared filter reuses one filter k times, so their pre-activations are not independent across units.
/// </para>
/// </remarks>
public sealed class LocalReparameterisation
{
    private const int RowsPerChunk = 256;
    private readonly IReadOnlyList<LayerInfo> _layers;
    private readonly int _inputSize, _outputSize, _units;
    private readonly double[] _mean, _variance;
    private readonly double[] _activations, _squares, _means, _variances;

    /// <summary>The network's parameter count (the posterior's length).</summary>
    public int ParameterCount => _mean.Length;

    /// <summary>U: the units of all layers, the normal draws one trial takes (and the stride of the counter-based stream).</summary>
    public int UnitCount => _units;

    private LocalReparameterisation(IReadOnlyList<LayerInfo> layers, int inputSize, int outputSize, DiagonalGaussianPosterior posterior)
    {
        _layers = layers;
        _inputSize = inputSize;
        _outputSize = outputSize;
        _mean = (double[])posterior.Mean.Clone();
        _variance = new double[posterior.Length];
        for (int i = 0; i < _variance.Length; i++)
        {
            double sigma = posterior.Sigma(i);
            _variance[i] = sigma * sigma;
        }
        int widest = inputSize;
        foreach (LayerInfo layer in layers)
        {
            widest = Math.Max(widest, layer.Outputs);
            _units += layer.Outputs;
        }
        _activations = new double[RowsPerChunk * widest];
        _squares = new double[RowsPerChunk * widest];
        _means = new double[RowsPerChunk * widest];
        _variances = new double[RowsPerChunk * widest];
    }

    /// <summary>
    /// A sampler for <typeparamref name="TNet"/> under <paramref name="posterior"/> (μ and σ are copied: later changes to
    /// the posterior do not reach it).
    /// </summary>
    /// <exception cref="ArgumentException">A layer is tied or a shared filter, or the posterior has the wrong length.</exception>
    public static LocalReparameterisation For<TNet>(DiagonalGaussianPosterior posterior) where TNet : INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(posterior);
        CheckSupported<TNet>();
        Guard.SameLength(TNet.ParameterCount, posterior.Length, nameof(posterior), "the network's parameters");
        return new LocalReparameterisation(TNet.Layers, TNet.InputSize, TNet.OutputSize, posterior);
    }

    /// <summary>Whether every layer of <typeparamref name="TNet"/> is a dense layer with its own weights.</summary>
    public static bool IsSupported<TNet>() where TNet : INetwork<TNet, double> =>
        TNet.Layers.All(layer => layer.Kind == LayerKind.Dense && layer.TiedTo is null);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first layer that per-sample draws cannot handle.</summary>
    public static void CheckSupported<TNet>() where TNet : INetwork<TNet, double>
    {
        foreach (LayerInfo layer in TNet.Layers)
        {
            if (layer.Kind != LayerKind.Dense)
                throw new ArgumentException($"Per-sample weight draws need dense layers, but layer '{layer.Name}' of {typeof(TNet).Name} is a {layer.Kind} layer (its filter is shared by all patches); draw whole networks instead.");
            if (layer.TiedTo is not null)
                throw new ArgumentException($"Per-sample weight draws need layers that own their weights, but layer '{layer.Name}' of {typeof(TNet).Name} is tied to '{layer.TiedTo}'; draw whole networks instead.");
        }
    }

    /// <summary>
    /// Writes into <paramref name="outputs"/> (count × OutputSize) the network's outputs on <paramref name="inputs"/>
    /// (count × InputSize), each row under its own weight draw. Allocates nothing; deterministic for a given
    /// <paramref name="random"/> state.
    /// </summary>
    public void SampleOutputs(ReadOnlySpan<double> inputs, Span<double> outputs, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Sample(inputs, outputs, random, 0, 0);
    }

    /// <summary>
    /// As <see cref="SampleOutputs(ReadOnlySpan{double}, Span{double}, SeededRandom)"/>, with the normal draws from the
    /// counter-based stream (<see cref="NoiseStream.CounterBased"/>): row r is trial <paramref name="firstTrial"/> + r, and unit o
    /// of layer l draws <see cref="DeviceRandom.Normal"/>(seed, trial·U + u_l + o). The device certificate draws the same numbers.
    /// </summary>
    public void SampleOutputs(ReadOnlySpan<double> inputs, Span<double> outputs, ulong seed, long firstTrial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstTrial);
        Sample(inputs, outputs, null, seed, firstTrial);
    }

    private void Sample(ReadOnlySpan<double> inputs, Span<double> outputs, SeededRandom? random, ulong seed, long firstTrial)
    {
        int count = inputs.Length / _inputSize;
        if (inputs.Length != count * _inputSize)
            throw new ArgumentException($"Expected 'inputs' to hold a whole number of samples of length {_inputSize}, got length {inputs.Length}.", nameof(inputs));
        if (outputs.Length != count * _outputSize)
            throw new ArgumentException($"Expected 'outputs' of length {count}×{_outputSize} = {count * _outputSize}, got length {outputs.Length}.", nameof(outputs));
        for (int start = 0; start < count; start += RowsPerChunk)
        {
            int rows = Math.Min(RowsPerChunk, count - start);
            SampleChunk(inputs.Slice(start * _inputSize, rows * _inputSize), outputs.Slice(start * _outputSize, rows * _outputSize), rows, random, seed, firstTrial + start);
        }
    }

    private void SampleChunk(ReadOnlySpan<double> inputs, Span<double> outputs, int rows, SeededRandom? random, ulong seed, long firstTrial)
    {
        inputs.CopyTo(_activations);
        int width = _inputSize, unitOffset = 0;
        for (int l = 0; l < _layers.Count; l++)
        {
            LayerInfo layer = _layers[l];
            int n = layer.Outputs, k = layer.Inputs;
            ReadOnlySpan<double> h = _activations.AsSpan(0, rows * width);
            Span<double> squares = _squares.AsSpan(0, rows * width);
            for (int i = 0; i < h.Length; i++) squares[i] = h[i] * h[i];
            Span<double> mean = _means.AsSpan(0, rows * n), variance = _variances.AsSpan(0, rows * n);
            // z̄ = H Mᵀ and v = (H ⊙ H) Sᵀ with M, S row-major outputs × inputs.
            Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, rows, n, k, 1.0, h, _mean.AsSpan(layer.WeightOffset, layer.WeightCount), 0.0, mean);
            Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, rows, n, k, 1.0, (ReadOnlySpan<double>)squares, _variance.AsSpan(layer.WeightOffset, layer.WeightCount), 0.0, variance);
            Span<double> next = l == _layers.Count - 1 ? outputs : _activations.AsSpan(0, rows * n);
            if (random is not null) random.FillGaussian(next);
            else
                for (int r = 0; r < rows; r++)
                    DeviceRandom.FillNormal(next.Slice(r * n, n), seed, (ulong)((firstTrial + r) * _units + unitOffset));
            for (int r = 0; r < rows; r++)
            {
                int row = r * n;
                for (int o = 0; o < n; o++)
                {
                    double zMean = mean[row + o], zVariance = variance[row + o];
                    if (layer.BiasCount > 0)
                    {
                        zMean += _mean[layer.BiasOffset + o];
                        zVariance += _variance[layer.BiasOffset + o];
                    }
                    next[row + o] = Activate(layer, zMean + Math.Sqrt(zVariance) * next[row + o]);
                }
            }
            width = n;
            unitOffset += n;
        }
    }

    private static double Activate(LayerInfo layer, double z) => layer.Activation switch
    {
        Activation.Identity => z,
        Activation.ReLU => z > 0 ? z : 0.0,
        Activation.LeakyReLU => z > 0 ? z : layer.LeakySlope * z,
        Activation.Sigmoid => 1.0 / (1.0 + Math.Exp(-z)),
        Activation.Tanh => Math.Tanh(z),
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, $"Layer '{layer.Name}' has an activation this sampler does not know."),
    };
}
