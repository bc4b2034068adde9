using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using DslNets.Kernels;

namespace DslNets.Benchmarks.Kernels;

/// <summary>
/// The matrix products of one training step of the MLPs (activations and loss left out): forward
/// Y = X·Wᵀ + b per layer; backward dW += Δᵀ·X, db += ΣΔ per layer and dX = Δ·W for every layer but the first.
/// GFLOP/s counts 2·batch·in·out per product; samples/s is batch / median time.
/// </summary>
[Config(typeof(GemmNetworkConfig))]
public class GemmNetworkBenchmarks
{
    private int[] _widths = [];
    private int _batch;
    private float[][] _activations = [], _deltas = [], _weights = [], _biases = [], _weightGradients = [], _biasGradients = [];

    /// <summary>Network and batch, as in the training targets.</summary>
    public enum Shape
    {
        /// <summary>784-128-10, batch 64.</summary>
        B64x784x128x10,

        /// <summary>784-512-512-10, batch 256.</summary>
        B256x784x512x512x10,

        /// <summary>784-1024-1024-1024-10, batch 512.</summary>
        B512x784x1024x3x10,
    }

    /// <summary>Network and batch.</summary>
    [Params(Shape.B64x784x128x10, Shape.B256x784x512x512x10, Shape.B512x784x1024x3x10)]
    public Shape Network { get; set; }

    /// <summary>Layer widths (input first) and batch of a shape.</summary>
    public static (int[] Widths, int Batch) Describe(Shape shape) => shape switch
    {
        Shape.B64x784x128x10 => ([784, 128, 10], 64),
        Shape.B256x784x512x512x10 => ([784, 512, 512, 10], 256),
        _ => ([784, 1024, 1024, 1024, 10], 512),
    };

    /// <summary>Buffers and random weights from a fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_widths, _batch) = Describe(Network);
        int layers = _widths.Length - 1;
        var random = new SeededRandom(7);
        _activations = new float[layers + 1][];
        _deltas = new float[layers + 1][];
        for (int l = 0; l <= layers; l++)
        {
            _activations[l] = new float[_batch * _widths[l]];
            _deltas[l] = new float[_batch * _widths[l]];
            random.FillGaussian<float>(_activations[l]);
            random.FillGaussian<float>(_deltas[l]);
        }
        _weights = new float[layers][];
        _biases = new float[layers][];
        _weightGradients = new float[layers][];
        _biasGradients = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            _weights[l] = new float[_widths[l + 1] * _widths[l]];
            _biases[l] = new float[_widths[l + 1]];
            _weightGradients[l] = new float[_weights[l].Length];
            _biasGradients[l] = new float[_biases[l].Length];
            random.FillGaussian<float>(_weights[l], 0, 1.0 / Math.Sqrt(_widths[l]));
        }
    }

    /// <summary>Forward products of every layer.</summary>
    [Benchmark]
    public void Forward()
    {
        for (int l = 0; l < _weights.Length; l++)
            DenseKernels.Forward<float>(_activations[l], _weights[l], _biases[l], _activations[l + 1], _batch, _widths[l], _widths[l + 1]);
    }

    /// <summary>Backward products of every layer.</summary>
    [Benchmark]
    public void Backward()
    {
        for (int l = _weights.Length - 1; l >= 0; l--)
        {
            DenseKernels.WeightGradient<float>(_deltas[l + 1], _activations[l], _weightGradients[l], _batch, _widths[l], _widths[l + 1]);
            DenseKernels.BiasGradient<float>(_deltas[l + 1], _biasGradients[l], _batch, _widths[l + 1]);
            if (l > 0) DenseKernels.InputGradient<float>(_deltas[l + 1], _weights[l], _deltas[l], _batch, _widths[l], _widths[l + 1]);
        }
    }

    /// <summary>Forward then backward: the products of one training step.</summary>
    [Benchmark]
    public void TrainStep()
    {
        Forward();
        Backward();
    }

    /// <summary>Floating-point operations of a case's products.</summary>
    public static double Flops(BenchmarkCase benchmarkCase)
    {
        (int[] widths, int batch) = Describe((Shape)benchmarkCase.Parameters["Network"]);
        double forward = 0, backward = 0;
        for (int l = 0; l + 1 < widths.Length; l++)
        {
            double product = 2.0 * batch * widths[l] * widths[l + 1];
            forward += product;
            backward += l > 0 ? 2 * product : product;
        }
        return benchmarkCase.Descriptor.WorkloadMethod.Name switch
        {
            nameof(Forward) => forward,
            nameof(Backward) => backward,
            _ => forward + backward,
        };
    }

    private static double Samples(BenchmarkCase benchmarkCase) => Describe((Shape)benchmarkCase.Parameters["Network"]).Batch;

    private sealed class GemmNetworkConfig : ManualConfig
    {
        public GemmNetworkConfig()
        {
            AddColumn(new ThroughputColumn("GFLOP/s", Flops, 1e9));
            AddColumn(new ThroughputColumn("samples/s", Samples, 1));
        }
    }
}
