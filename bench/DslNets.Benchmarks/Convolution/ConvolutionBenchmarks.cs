using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace DslNets.Benchmarks.Convolution;

/// <summary>
/// The LeNet-5-like net in float: one training step (batched Gradient + SGD update) at batch 64 and 256, and the Forward
/// of one sample, on random MNIST-shaped data. bench/peer/compare_training.py and compare_single_sample.py run the same
/// work in PyTorch and print both with the ratio.
/// </summary>
[MemoryDiagnoser]
public class ConvolutionBenchmarks
{
    private readonly LeNet5Float _net = new(1);
    private readonly float[] _gradient = new float[LeNet5Float.ParameterCount];
    private float[] _inputs = [];
    private float[] _targets = [];
    private LeNet5Float.Input _input;

    /// <summary>Inputs uniform in [0, 1) as pixel intensities, one-hot targets.</summary>
    [GlobalSetup]
    public void Setup()
    {
        const int batch = 256;
        _inputs = new float[batch * LeNet5Float.InputSize];
        _targets = new float[batch * LeNet5Float.OutputSize];
        var random = new SeededRandom(3);
        for (int i = 0; i < _inputs.Length; i++) _inputs[i] = (float)random.NextDouble();
        for (int s = 0; s < batch; s++) _targets[s * LeNet5Float.OutputSize + random.NextInt(LeNet5Float.OutputSize)] = 1f;
        for (int i = 0; i < LeNet5Float.InputSize; i++) _input[i] = _inputs[i];
    }

    [Benchmark(Description = "LeNet-5 step, batch 64")]
    public float Batch64() => Step(64);

    [Benchmark(Description = "LeNet-5 step, batch 256")]
    public float Batch256() => Step(256);

    [Benchmark(Description = "LeNet-5 Forward")]
    public float Forward()
    {
        _net.Forward(in _input, out LeNet5Float.Output output);
        return output[0];
    }

    private float Step(int batch)
    {
        Array.Clear(_gradient);
        float loss = _net.GradientBatch(_inputs.AsSpan(0, batch * LeNet5Float.InputSize), _targets.AsSpan(0, batch * LeNet5Float.OutputSize), _gradient, 1f / batch);
        TensorPrimitives.MultiplyAdd(_gradient, -0.01f, _net.Parameters, _net.Parameters);
        return loss;
    }
}
