using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using DslNets.Benchmarks.Networks;

namespace DslNets.Benchmarks.Training;

/// <summary>
/// One SGD training step (batched Gradient + update) of the three MLPs of DESIGN.md's peer table, at their batch
/// sizes, and of the LeNet-5-like convolution net (float) at batch 64 and 256, on random MNIST-shaped data. Samples per second = batch / time; bench/peer/compare_training.py runs the
/// same steps in PyTorch and prints both with the ratio.
/// </summary>
[MemoryDiagnoser]
public class TrainingThroughputBenchmarks
{
    private readonly Trainee<Mlp784x128x10> _small = new(new Mlp784x128x10(1), 64);
    private readonly Trainee<Mlp784x512x512x10> _medium = new(new Mlp784x512x512x10(1), 256);
    private readonly Trainee<Mlp784x1024x3x10> _large = new(new Mlp784x1024x3x10(1), 512);

    private readonly Trainee<LeNet5Float> _lenet64 = new(new LeNet5Float(1), 64);
    private readonly Trainee<LeNet5Float> _lenet256 = new(new LeNet5Float(1), 256);

    [Benchmark(Description = "784-128-10 step, batch 64")]
    public float Small() => _small.Step();

    [Benchmark(Description = "784-512-512-10 step, batch 256")]
    public float Medium() => _medium.Step();

    [Benchmark(Description = "784-1024x3-10 step, batch 512")]
    public float Large() => _large.Step();

    [Benchmark(Description = "LeNet-5 step, batch 64")]
    public float LeNet64() => _lenet64.Step();

    [Benchmark(Description = "LeNet-5 step, batch 256")]
    public float LeNet256() => _lenet256.Step();

    /// <summary>A network with its batch, targets and gradient buffer.</summary>
    private sealed class Trainee<TNet> where TNet : INetwork<TNet, float>
    {
        private readonly TNet _net;
        private readonly int _batch;
        private readonly float[] _inputs;
        private readonly float[] _targets;
        private readonly float[] _gradient = new float[TNet.ParameterCount];

        public Trainee(TNet net, int batch)
        {
            _net = net;
            _batch = batch;
            _inputs = new float[batch * TNet.InputSize];
            _targets = new float[batch * TNet.OutputSize];
            var random = new SeededRandom(3);
            for (int i = 0; i < _inputs.Length; i++) _inputs[i] = (float)random.NextDouble();
            for (int s = 0; s < batch; s++) _targets[s * TNet.OutputSize + random.NextInt(TNet.OutputSize)] = 1f;
        }

        public float Step()
        {
            Array.Clear(_gradient);
            float loss = _net.GradientBatch(_inputs, _targets, _gradient, 1f / _batch);
            TensorPrimitives.MultiplyAdd(_gradient, -0.01f, _net.Parameters, _net.Parameters);
            return loss;
        }
    }
}
