using System.Numerics;

namespace DslNets.Runtime.Tests.Concurrency;

/// <summary>
/// The generated Forward, ComputeLoss and Gradient keep their activations on the stack (and the batch paths' scratch is
/// per thread), so many threads may call them on one instance while its parameters do not change: 16 threads × 10^4
/// calls each give bit for bit what one thread gives.
/// </summary>
public sealed class SharedInstanceTests
{
    private const int Threads = 16;
    private const int CallsPerThread = 10_000;
    private const int Samples = 64;

    [Fact]
    public void Sixteen_threads_calling_one_float_instance_get_the_single_threaded_results() =>
        CheckSharedInstance<SharedClassifier, float>(new SharedClassifier(seed: 17));

    [Fact]
    public void Sixteen_threads_calling_one_double_instance_get_the_single_threaded_results() =>
        CheckSharedInstance<SharedRegressor, double>(new SharedRegressor(seed: 18));

    [Fact]
    public void Batch_calls_from_many_threads_on_one_instance_get_the_single_threaded_results()
    {
        var net = new SharedClassifier(seed: 19);
        (float[] inputs, float[] targets) = Data<SharedClassifier, float>(Samples, seed: 20);
        var outputs = new float[Samples * SharedClassifier.OutputSize];
        var gradient = new float[SharedClassifier.ParameterCount];
        net.ForwardBatch(inputs, outputs);
        float loss = net.GradientBatch(inputs, targets, gradient, 1f / Samples);

        int mismatches = 0;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            var myOutputs = new float[outputs.Length];
            var myGradient = new float[gradient.Length];
            for (int call = 0; call < 200; call++)
            {
                Array.Clear(myGradient);
                net.ForwardBatch(inputs, myOutputs);
                float myLoss = net.GradientBatch(inputs, targets, myGradient, 1f / Samples);
                if (!myOutputs.AsSpan().SequenceEqual(outputs) || !myGradient.AsSpan().SequenceEqual(gradient) || myLoss != loss) Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    private static void CheckSharedInstance<TNet, T>(TNet net)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = TNet.InputSize, m = TNet.OutputSize, p = TNet.ParameterCount;
        (T[] inputs, T[] targets) = Data<TNet, T>(Samples, seed: 21);
        var outputs = new T[Samples * m];
        var losses = new T[Samples];
        var gradients = new T[Samples * p];
        for (int i = 0; i < Samples; i++)
        {
            net.Forward(inputs.AsSpan(i * n, n), outputs.AsSpan(i * m, m));
            losses[i] = net.ComputeLoss(inputs.AsSpan(i * n, n), targets.AsSpan(i * m, m));
            net.Gradient(inputs.AsSpan(i * n, n), targets.AsSpan(i * m, m), gradients.AsSpan(i * p, p), T.One);
        }

        int mismatches = 0;
        long calls = 0;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            var output = new T[m];
            var gradient = new T[p];
            for (int call = 0; call < CallsPerThread; call++)
            {
                // Each thread walks the samples from its own offset, so threads work on different samples at once.
                int i = (call + thread * 7) % Samples;
                ReadOnlySpan<T> x = inputs.AsSpan(i * n, n), t = targets.AsSpan(i * m, m);
                net.Forward(x, output);
                T loss = net.ComputeLoss(x, t);
                Array.Clear(gradient);
                net.Gradient(x, t, gradient, T.One);
                bool same = output.AsSpan().SequenceEqual(outputs.AsSpan(i * m, m)) && loss == losses[i] && gradient.AsSpan().SequenceEqual(gradients.AsSpan(i * p, p));
                if (!same) Interlocked.Increment(ref mismatches);
                Interlocked.Add(ref calls, 3);
            }
        });

        Assert.Equal(3L * Threads * CallsPerThread, calls);
        Assert.Equal(0, mismatches);
    }

    /// <summary>Random inputs and one-hot (or random) targets, the same for the reference and the threads.</summary>
    private static (T[] Inputs, T[] Targets) Data<TNet, T>(int samples, int seed)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var inputs = new T[samples * TNet.InputSize];
        var targets = new T[samples * TNet.OutputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = T.CreateChecked(random.NextDouble() * 2 - 1);
        for (int s = 0; s < samples; s++)
        {
            if (TNet.LossFunction == Loss.SoftmaxCrossEntropy) targets[s * TNet.OutputSize + random.Next(TNet.OutputSize)] = T.One;
            else for (int k = 0; k < TNet.OutputSize; k++) targets[s * TNet.OutputSize + k] = T.CreateChecked(random.NextDouble());
        }

        return (inputs, targets);
    }
}
