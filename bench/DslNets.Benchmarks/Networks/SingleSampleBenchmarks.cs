using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace DslNets.Benchmarks.Networks;

/// <summary>
/// One sample through generated networks: Forward, and one training step (Gradient plus an SGD update).
/// Peer figures (PyTorch 1.13 CPU, DESIGN.md): 2-16-16-1 forward 18.7 µs, train step 316 µs. The LeNet-5-like
/// convolution net (float) runs its Forward only.
/// </summary>
[MemoryDiagnoser]
public class SingleSampleBenchmarks
{
    private readonly Small2x16x16x1 _small = new(seed: 1);
    private readonly Mnist784x128x10 _mnist = new(seed: 1);
    private readonly float[] _smallGradient = new float[Small2x16x16x1.ParameterCount];
    private readonly float[] _mnistGradient = new float[Mnist784x128x10.ParameterCount];
    private Small2x16x16x1.Input _smallInput;
    private Small2x16x16x1.Target _smallTarget;
    private Mnist784x128x10.Input _mnistInput;
    private Mnist784x128x10.Target _mnistTarget;
    private readonly LeNet5Float _lenet = new(seed: 1);
    private LeNet5Float.Input _lenetInput;

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(7);
        random.FillGaussian<float>(_smallInput);
        _smallTarget[0] = 0.5f;
        for (int i = 0; i < Mnist784x128x10.InputSize; i++) _mnistInput[i] = (float)random.NextDouble();
        _mnistTarget[3] = 1f;
        for (int i = 0; i < LeNet5Float.InputSize; i++) _lenetInput[i] = (float)random.NextDouble();
    }

    [Benchmark(Description = "2-16-16-1 Forward")]
    public float SmallForward()
    {
        _small.Forward(in _smallInput, out Small2x16x16x1.Output output);
        return output[0];
    }

    [Benchmark(Description = "2-16-16-1 train step (Gradient + SGD)")]
    public float SmallTrainStep()
    {
        Array.Clear(_smallGradient);
        float loss = _small.Gradient(in _smallInput, in _smallTarget, _smallGradient);
        TensorPrimitives.MultiplyAdd(_smallGradient, -1e-3f, _small.Parameters, _small.Parameters);
        return loss;
    }

    [Benchmark(Description = "784-128-10 Forward")]
    public float MnistForward()
    {
        _mnist.Forward(in _mnistInput, out Mnist784x128x10.Output output);
        return output[0];
    }

    [Benchmark(Description = "784-128-10 train step (Gradient + SGD)")]
    public float MnistTrainStep()
    {
        Array.Clear(_mnistGradient);
        float loss = _mnist.Gradient(in _mnistInput, in _mnistTarget, _mnistGradient);
        TensorPrimitives.MultiplyAdd(_mnistGradient, -1e-3f, _mnist.Parameters, _mnist.Parameters);
        return loss;
    }

    [Benchmark(Description = "LeNet-5 Forward")]
    public float LeNetForward()
    {
        _lenet.Forward(in _lenetInput, out LeNet5Float.Output output);
        return output[0];
    }
}
