namespace DslNets.Generator.Tests.Reference;

/// <summary>
/// Lays out layers in a flat parameter vector the way LayerInfo documents it (each layer's weights then bias, in
/// order; shared-filter matrices in the constants), so tests can build references without a generated network.
/// </summary>
public sealed class LayoutBuilder
{
    private readonly List<LayerInfo> _layers = [];
    private int _parameters;
    private int _constants;
    private int _width;

    /// <summary>Starts a network with <paramref name="inputSize"/> inputs.</summary>
    public LayoutBuilder(int inputSize)
    {
        InputSize = inputSize;
        _width = inputSize;
    }

    /// <summary>The network's input size.</summary>
    public int InputSize { get; }

    /// <summary>The layers so far.</summary>
    public IReadOnlyList<LayerInfo> Layers => _layers;

    /// <summary>The parameter count so far.</summary>
    public int ParameterCount => _parameters;

    /// <summary>The constant count so far.</summary>
    public int ConstantCount => _constants;

    /// <summary>Adds a dense layer (tied when <paramref name="tiedTo"/> names an earlier one).</summary>
    public LayoutBuilder Dense(string name, int outputs, Activation activation = Activation.Identity, bool bias = true, string? tiedTo = null, double leakySlope = 0.01)
    {
        int weightOffset = -1, weightCount = 0;
        if (tiedTo is null)
        {
            weightOffset = _parameters;
            weightCount = outputs * _width;
            _parameters += weightCount;
        }

        int biasOffset = bias ? _parameters : -1;
        if (bias) _parameters += outputs;
        _layers.Add(new LayerInfo(name, LayerKind.Dense, _width, outputs, activation, leakySlope, weightOffset, weightCount,
            biasOffset, bias ? outputs : 0, tiedTo, 0, 0, 0, -1));
        _width = outputs;
        return this;
    }

    /// <summary>Adds a shared-filter layer (patches when <paramref name="stride"/> &gt; 0, else matrices in the constants).</summary>
    public LayoutBuilder SharedFilter(string name, int filterSize, int count, Activation activation = Activation.ReLU, int stride = 0, double leakySlope = 0.01)
    {
        int constantOffset = -1;
        if (stride == 0)
        {
            constantOffset = _constants;
            _constants += count * filterSize * _width;
        }

        _layers.Add(new LayerInfo(name, LayerKind.SharedFilter, _width, 1, activation, leakySlope, _parameters, filterSize,
            -1, 0, null, filterSize, count, stride, constantOffset));
        _parameters += filterSize;
        _width = 1;
        return this;
    }

    /// <summary>A reference over this layout with Gaussian parameters and constants drawn from <paramref name="seed"/>.</summary>
    public ReferenceNetwork Build(Loss loss, int seed, double parameterScale = 0.7)
    {
        var random = new SeededRandom(seed);
        var parameters = new double[_parameters];
        var constants = new double[_constants];
        random.FillGaussian<double>(parameters, 0.0, parameterScale);
        random.FillGaussian<double>(constants, 0.0, 1.0);
        return new ReferenceNetwork(InputSize, _layers, loss, parameters, constants);
    }
}
