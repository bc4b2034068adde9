using DslNets.Gpu;
using DslNets.Kernels;

namespace DslNets.PacBayes;

/// <summary>
/// Draws, for every input of a batch, the output of a network whose weights are a fresh, independent draw from a
/// diagonal Gaussian posterior Q. Dense layers are not drawn: their pre-activations are sampled as
/// z | h ~ N(M h + b_μ, S (h ⊙ h) + s_b) with M the weight means, S the weight variances and s_b the bias variances
/// (the local reparameterisation trick of Kingma, Salimans &amp; Welling 2015). A convolution's weights and bias are drawn
/// whole for every input (its filter is shared by all patches, so its outputs are not independent given the input) and
/// applied with <see cref="ConvolutionKernels"/>; pooling, flatten and dropout (the identity outside training) are
/// deterministic.
/// </summary>
/// <remarks>
/// <para>
/// Exact in distribution for each input: Q is a product over layers, so a layer's weights are independent of its input
/// h (a function of earlier layers' weights and the input alone). Given h, each dense pre-activation is a sum of
/// independent Gaussians, and distinct units use disjoint weight rows, so they are independent; a convolution's drawn
/// weights are a draw from its marginal under Q. The draws of different inputs are independent.
/// </para>
/// <para>
/// Why: a Monte-Carlo certificate needs the mean error of Q on m samples. Drawing n whole networks gives n
/// Bernoulli trials per sample but only n independent networks, and the Langford–Caruana step then costs
/// kl⁻¹(Q̂, ln(2/δ′)/n): with n = 200 that alone exceeds 0.05 at Q̂ = 0.01. Per-sample draws give m·k independent
/// trials for the price of about 2k passes over the data (see <see cref="PacBayesCertificate"/>); a convolution net pays
/// in addition one draw of its convolution weights per input and trial (PBB's MNIST CNN: 18,816 of its 1.2 million).
/// </para>
/// <para>
/// Tied layers, shared filters and residual layers are refused: a tied layer reuses another layer's draw, a shared filter
/// reuses one filter k times, and a residual sum needs an earlier layer's output, which this layer-by-layer pass does not keep.
/// </para>
/// </remarks>
public sealed class LocalReparameterisation
{
    // Dense-only networks keep the 256-row chunks (and so the sequential stream's order) of earlier releases; wide image
    // layers take fewer rows, so that each of the five work buffers stays near 8 MiB.
    private const int RowsPerChunk = 256, ElementsPerBuffer = 1 << 20;
    private readonly IReadOnlyList<LayerInfo> _layers;
    private readonly int _inputSize, _outputSize, _units, _rows;
    private readonly double[] _mean, _variance, _sigma;
    private readonly double[] _activations, _images, _squares, _means, _variances, _drawn;

    /// <summary>The network's parameter count (the posterior's length).</summary>
    public int ParameterCount => _mean.Length;

    /// <summary>
    /// U: the normal draws one trial takes (and the stride of the counter-based stream): the units of every dense layer and
    /// the weights and biases of every convolution.
    /// </summary>
    public int UnitCount => _units;

    private LocalReparameterisation(IReadOnlyList<LayerInfo> layers, int inputSize, int outputSize, DiagonalGaussianPosterior posterior)
    {
        _layers = layers;
        _inputSize = inputSize;
        _outputSize = outputSize;
        _mean = (double[])posterior.Mean.Clone();
        _variance = new double[posterior.Length];
        _sigma = new double[posterior.Length];
        for (int i = 0; i < _variance.Length; i++)
        {
            double sigma = posterior.Sigma(i);
            _sigma[i] = sigma;
            _variance[i] = sigma * sigma;
        }
        int widest = inputSize, drawn = 0;
        bool images = false;
        foreach (LayerInfo layer in layers)
        {
            widest = Math.Max(widest, layer.Outputs);
            _units += Draws(layer);
            if (layer.Kind != LayerKind.Dense) images = true;
            if (layer.Kind == LayerKind.Conv2D) drawn = Math.Max(drawn, layer.WeightCount + layer.BiasCount);
        }
        _rows = images ? Math.Clamp(ElementsPerBuffer / widest, 1, RowsPerChunk) : RowsPerChunk;
        _activations = new double[_rows * widest];
        _squares = new double[_rows * widest];
        _means = new double[_rows * widest];
        _variances = new double[_rows * widest];
        _images = images ? new double[_rows * widest] : [];
        _drawn = new double[drawn];
    }

    // The normal draws a layer takes per trial: one per dense unit, one per convolution weight and bias, none otherwise.
    private static int Draws(LayerInfo layer) => layer.Kind switch
    {
        LayerKind.Dense => layer.Outputs,
        LayerKind.Conv2D => layer.WeightCount + layer.BiasCount,
        _ => 0,
    };

    /// <summary>
    /// A sampler for <typeparamref name="TNet"/> under <paramref name="posterior"/> (μ and σ are copied: later changes to
    /// the posterior do not reach it).
    /// </summary>
    /// <exception cref="ArgumentException">A layer is tied, a shared filter or a residual sum, or the posterior has the wrong length.</exception>
    public static LocalReparameterisation For<TNet>(DiagonalGaussianPosterior posterior) where TNet : INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(posterior);
        CheckSupported<TNet>();
        Guard.SameLength(TNet.ParameterCount, posterior.Length, nameof(posterior), "the network's parameters");
        return new LocalReparameterisation(TNet.Layers, TNet.InputSize, TNet.OutputSize, posterior);
    }

    /// <summary>
    /// Whether every layer of <typeparamref name="TNet"/> is a dense layer with its own weights, a convolution, a pooling,
    /// flatten or dropout layer.
    /// </summary>
    public static bool IsSupported<TNet>() where TNet : INetwork<TNet, double> => TNet.Layers.All(layer => Unsupported(layer, typeof(TNet).Name) is null);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first layer that per-sample draws cannot handle.</summary>
    public static void CheckSupported<TNet>() where TNet : INetwork<TNet, double>
    {
        foreach (LayerInfo layer in TNet.Layers)
            if (Unsupported(layer, typeof(TNet).Name) is { } why) throw new ArgumentException(why);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> unless every layer is dense with its own weights: the device's per-sample
    /// kernels (<see cref="Gpu.DeviceCertificate"/>) sample dense layers only.
    /// </summary>
    internal static void CheckDenseOnly<TNet>() where TNet : INetwork<TNet, double>
    {
        CheckSupported<TNet>();
        foreach (LayerInfo layer in TNet.Layers)
            if (layer.Kind != LayerKind.Dense)
                throw new ArgumentException($"Per-sample weight draws on a device need dense layers, but layer '{layer.Name}' of {typeof(TNet).Name} is a {layer.Kind} layer; certify it on the host, or draw whole networks.");
    }

    private static string? Unsupported(LayerInfo layer, string network) => layer.Kind switch
    {
        LayerKind.Dense when layer.TiedTo is not null =>
            $"Per-sample weight draws need layers that own their weights, but layer '{layer.Name}' of {network} is tied to '{layer.TiedTo}'; draw whole networks instead.",
        LayerKind.Dense or LayerKind.Conv2D or LayerKind.Flatten or LayerKind.Dropout => null,
        LayerKind.MaxPool or LayerKind.AvgPool when layer.KernelHeight == layer.KernelWidth => null,
        LayerKind.SharedFilter =>
            $"Per-sample weight draws cannot sample layer '{layer.Name}' of {network}: it is a SharedFilter layer (its filter is shared by all patches and averaged); draw whole networks instead.",
        _ => $"Per-sample weight draws cannot sample layer '{layer.Name}' of {network}: it is a {layer.Kind} layer; draw whole networks instead.",
    };

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
    /// counter-based stream (<see cref="NoiseStream.CounterBased"/>): row r is trial <paramref name="firstTrial"/> + r, and draw o
    /// of layer l (a dense layer's unit o; a convolution's weight o, then its biases) is <see cref="DeviceRandom.Normal"/>(seed,
    /// trial·U + u_l + o), u_l the draws of the layers before l. The device certificate draws the same numbers for dense nets.
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
        for (int start = 0; start < count; start += _rows)
        {
            int rows = Math.Min(_rows, count - start);
            SampleChunk(inputs.Slice(start * _inputSize, rows * _inputSize), outputs.Slice(start * _outputSize, rows * _outputSize), rows, random, seed, firstTrial + start);
        }
    }

    private void SampleChunk(ReadOnlySpan<double> inputs, Span<double> outputs, int rows, SeededRandom? random, ulong seed, long firstTrial)
    {
        // The rows of the layer's input sit in `current`; convolution and pooling write to the other buffer and swap.
        double[] current = _activations, spare = _images;
        inputs.CopyTo(current);
        int width = _inputSize, drawOffset = 0;
        for (int l = 0; l < _layers.Count; l++)
        {
            LayerInfo layer = _layers[l];
            int n = layer.Outputs;
            bool last = l == _layers.Count - 1;
            ReadOnlySpan<double> h = current.AsSpan(0, rows * width);
            switch (layer.Kind)
            {
                case LayerKind.Dense:
                    // Written over h: the products below have read it by then.
                    DenseLayer(layer, h, last ? outputs : current.AsSpan(0, rows * n), rows, width, random, seed, firstTrial, drawOffset);
                    break;
                case LayerKind.Conv2D:
                    ConvolutionLayer(layer, h, last ? outputs : spare.AsSpan(0, rows * n), rows, width, random, seed, firstTrial, drawOffset);
                    (current, spare) = (spare, current);
                    break;
                case LayerKind.MaxPool or LayerKind.AvgPool:
                    PoolingKernels.Forward(h, last ? outputs : spare.AsSpan(0, rows * n), rows, layer.InputShape!.Value, layer.KernelHeight, layer.Stride, layer.Kind == LayerKind.MaxPool);
                    (current, spare) = (spare, current);
                    break;
                default:
                    // Flatten, and dropout outside training: the identity.
                    if (last) h.CopyTo(outputs);
                    break;
            }
            width = n;
            drawOffset += Draws(layer);
        }
    }

    // z = M h + b_μ + √(S (h ⊙ h) + s_b) ⊙ ε per row, ε the layer's n normal draws of that row's trial.
    private void DenseLayer(LayerInfo layer, ReadOnlySpan<double> h, Span<double> next, int rows, int k, SeededRandom? random, ulong seed, long firstTrial, int drawOffset)
    {
        int n = layer.Outputs;
        Span<double> squares = _squares.AsSpan(0, rows * k);
        for (int i = 0; i < h.Length; i++) squares[i] = h[i] * h[i];
        Span<double> mean = _means.AsSpan(0, rows * n), variance = _variances.AsSpan(0, rows * n);
        // z̄ = H Mᵀ and v = (H ⊙ H) Sᵀ with M, S row-major outputs × inputs.
        Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, rows, n, k, 1.0, h, _mean.AsSpan(layer.WeightOffset, layer.WeightCount), 0.0, mean);
        Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, rows, n, k, 1.0, (ReadOnlySpan<double>)squares, _variance.AsSpan(layer.WeightOffset, layer.WeightCount), 0.0, variance);
        if (random is not null) random.FillGaussian(next);
        else
            for (int r = 0; r < rows; r++)
                DeviceRandom.FillNormal(next.Slice(r * n, n), seed, (ulong)((firstTrial + r) * _units + drawOffset));
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
    }

    // Each row draws the layer's weights then its bias, w = μ + σ ⊙ ε, and is convolved with them alone.
    private void ConvolutionLayer(LayerInfo layer, ReadOnlySpan<double> h, Span<double> next, int rows, int k, SeededRandom? random, ulong seed, long firstTrial, int drawOffset)
    {
        int n = layer.Outputs, weights = layer.WeightCount, biases = layer.BiasCount;
        ImageShape input = layer.InputShape!.Value;
        var shape = new ConvolutionShape(input, layer.OutputShape!.Value.Channels, layer.KernelHeight, layer.KernelWidth, layer.Stride, layer.Padding);
        Span<double> drawn = _drawn.AsSpan(0, weights + biases);
        for (int r = 0; r < rows; r++)
        {
            if (random is not null) random.FillGaussian(drawn);
            else DeviceRandom.FillNormal(drawn, seed, (ulong)((firstTrial + r) * _units + drawOffset));
            Draw(drawn[..weights], layer.WeightOffset);
            if (biases > 0) Draw(drawn[weights..], layer.BiasOffset);
            Span<double> y = next.Slice(r * n, n);
            ConvolutionKernels.Forward<double>(h.Slice(r * k, k), drawn[..weights], drawn[weights..], y, 1, shape);
            if (layer.Activation != Activation.Identity)
                for (int i = 0; i < y.Length; i++) y[i] = Activate(layer, y[i]);
        }
    }

    // ε ← μ + σ ⊙ ε over the parameters from `offset`.
    private void Draw(Span<double> noise, int offset)
    {
        ReadOnlySpan<double> mean = _mean.AsSpan(offset, noise.Length), sigma = _sigma.AsSpan(offset, noise.Length);
        for (int i = 0; i < noise.Length; i++) noise[i] = mean[i] + sigma[i] * noise[i];
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
