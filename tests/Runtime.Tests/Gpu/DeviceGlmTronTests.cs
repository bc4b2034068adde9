using System.Numerics;
using DslNets.Gpu;
using DslNets.Runtime.Tests.Tron;
using DslNets.Tron;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// <see cref="DeviceGlmTron{TNet, T}"/> on the CPU accelerator: equal to the host <see cref="GlmTron{TNet, T}"/> fed the
/// same batches (rows drawn on the host by the documented formula), for every gate it takes and both precisions; runs
/// continue where they stopped; a realisable ReLU gate is found; wrong arguments are refused with what was expected.
/// </summary>
public sealed class DeviceGlmTronTests(GpuTestAccelerator gpu) : IClassFixture<GpuTestAccelerator>
{
    private const int Steps = 25;
    private const int Samples = 60;

    [Theory]
    [InlineData(7)]
    [InlineData(100)]
    public void ReluGateRunsEqualTheHostLearnerOnTheSameRows(int batchSize) =>
        RandomBatchesEqualTheHost<ReluGate10, double>(batchSize, 1e-12);

    [Fact]
    public void LeakyReluGateRunsEqualTheHostLearnerOnTheSameRows() => RandomBatchesEqualTheHost<LeakyGate10, double>(7, 1e-12);

    [Fact]
    public void LinearGateRunsEqualTheHostLearnerOnTheSameRows() => RandomBatchesEqualTheHost<LinearGate10, double>(100, 1e-12);

    [Theory]
    [InlineData(7)]
    [InlineData(100)]
    public void SingleRunsEqualTheHostLearnerOnTheSameRows(int batchSize) =>
        RandomBatchesEqualTheHost<ReluGate10Single, float>(batchSize, 1e-5);

    [Theory]
    [InlineData(7)]
    [InlineData(100)]
    public void FullBatchRunsEqualTheHostLearnersFullSteps(int samples)
    {
        var (inputs, labels, target) = Sample<LeakyGate10, double>(samples, 71);
        var hostNet = new LeakyGate10(2);
        var deviceNet = new LeakyGate10(2);
        var host = new GlmTron<LeakyGate10, double>(hostNet, 0.2, samples);
        using var device = new DeviceGlmTron<LeakyGate10, double>(gpu.Accelerator, deviceNet, 0.2, 3);
        using var inputsOnDevice = gpu.Upload(inputs);
        using var labelsOnDevice = gpu.Upload(labels);
        device.SetSample(inputsOnDevice.View, labelsOnDevice.View); // borrowed views
        device.SetTarget(target);
        var distances = new double[Steps / 5 + 1];
        device.RunFullBatch(Steps, distances, recordEvery: 5);
        device.CopyTo(deviceNet);
        var hostDistances = new double[Steps + 1];
        hostDistances[0] = Distance<double>(hostNet.Parameters, target);
        for (int s = 0; s < Steps; s++)
        {
            host.Step(inputs, labels);
            hostDistances[s + 1] = Distance<double>(hostNet.Parameters, target);
        }
        AssertMoved(new LeakyGate10(2).Parameters, hostNet.Parameters, 1e-2);
        AssertClose(hostNet.Parameters, deviceNet.Parameters, 1e-12, "full batch");
        for (int i = 0; i < distances.Length; i++)
            Assert.True(Math.Abs(distances[i] - hostDistances[5 * i]) <= 1e-12 * hostDistances[5 * i], $"record {i}: {distances[i]} vs {hostDistances[5 * i]}");
    }

    [Fact]
    public void RunsContinueTheRowStreamWhereTheLastOneStoppedAndRepeatExactly()
    {
        var (inputs, labels, _) = Sample<ReluGate10, double>(Samples, 81);
        double[] Final(ulong seed, params int[] runs)
        {
            var net = new ReluGate10(2);
            using var device = new DeviceGlmTron<ReluGate10, double>(gpu.Accelerator, net, 0.05, 9);
            device.SetSample(inputs, labels);
            foreach (int iterations in runs) device.Run(iterations, seed);
            Assert.Equal(runs.Sum(), device.StepsTaken);
            device.CopyTo(net);
            return net.Parameters;
        }

        double[] whole = Final(5, 20);
        Assert.Equal(whole, Final(5, 20));
        Assert.Equal(whole, Final(5, 8, 12));
        Assert.Equal(whole, Final(5, 0, 3, 17));
        Assert.NotEqual(whole, Final(6, 20));
    }

    [Fact]
    public void ARealisableReluGateIsFoundToRoundingGeometrically()
    {
        var (inputs, labels, target) = Sample<ReluGate10, double>(400, 91, noise: 0);
        var net = new ReluGate10(2);
        using var device = new DeviceGlmTron<ReluGate10, double>(gpu.Accelerator, net, 0.05, 16);
        device.SetSample(inputs, labels);
        device.SetTarget(target);
        const int iterations = 2000, every = 100;
        var distances = new double[iterations / every + 1];
        device.Run(iterations, 92, distances, every);
        device.CopyTo(net);
        Assert.Equal(Distance<double>(net.Parameters, target), distances[^1], 1e-12);
        string curve = string.Join(", ", distances.Select(d => d.ToString("G3")));
        Assert.True(distances[0] > 1, $"‖w − w*‖ every {every} steps: {curve}");
        // Clean labels of a ReLU gate on symmetric inputs: the distance shrinks by a constant factor per step to rounding.
        Assert.True(distances[^1] < 1e-12 * distances[0], $"‖w − w*‖ every {every} steps: {curve}");
        for (int i = 0; i + 5 < distances.Length && distances[i] > 1e-12; i++)
            Assert.True(distances[i + 5] < 0.5 * distances[i], $"‖w − w*‖ every {every} steps: {curve}");
    }

    [Fact]
    public void WrongNetworksSizesAndStatesAreRejectedNamingWhatWasExpected()
    {
        Accelerator accelerator = gpu.Accelerator;
        var error = Assert.Throws<ArgumentException>(() => new DeviceGlmTron<BiasedGate10, double>(accelerator, new BiasedGate10(1), 0.1, 4));
        Assert.Contains("bias-free Dense(1)", error.Message);
        Assert.Contains("bias True", error.Message);
        error = Assert.Throws<ArgumentException>(() => new DeviceGlmTron<TwoDense, double>(accelerator, new TwoDense(1), 0.1, 4));
        Assert.Contains("2 layers", error.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceGlmTron<ReluGate10, double>(accelerator, new ReluGate10(1), 0.1, 0));
        Assert.Contains("batch size", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceGlmTron<ReluGate10, double>(accelerator, new ReluGate10(1), double.PositiveInfinity, 4));

        using var device = new DeviceGlmTron<ReluGate10, double>(accelerator, new ReluGate10(1), 0.1, 4);
        var state = Assert.Throws<InvalidOperationException>(() => device.Run(5, 1));
        Assert.Contains("SetSample", state.Message);
        state = Assert.Throws<InvalidOperationException>(() => device.RunFullBatch(5));
        Assert.Contains("SetSample", state.Message);
        error = Assert.Throws<ArgumentException>(() => device.SetSample(new double[59], new double[6]));
        Assert.Contains("6×10 = 60", error.Message);
        Assert.Contains("got 59", error.Message);
        error = Assert.Throws<ArgumentException>(() => device.SetSample(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty));
        Assert.Contains("m ≥ 1", error.Message);
        using var shortInputs = accelerator.Allocate1D<double>(61);
        using var sixLabels = accelerator.Allocate1D<double>(6);
        error = Assert.Throws<ArgumentException>(() => device.SetSample(shortInputs.View, sixLabels.View));
        Assert.Contains("got 61", error.Message);
        error = Assert.Throws<ArgumentException>(() => device.SetTarget(new double[9]));
        Assert.Contains("n = 10", error.Message);
        Assert.Contains("got 9", error.Message);

        device.SetSample(new double[60], new double[6]);
        Assert.Equal(6, device.SampleCount);
        state = Assert.Throws<InvalidOperationException>(() => device.Run(4, 1, new double[5]));
        Assert.Contains("SetTarget", state.Message);
        device.SetTarget(new double[10]);
        error = Assert.Throws<ArgumentException>(() => device.Run(9, 1, new double[9], recordEvery: 3));
        Assert.Contains("= 4", error.Message);
        Assert.Contains("got 9", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => device.RunFullBatch(9, new double[10], recordEvery: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Run(-2, 1));
    }

    private void RandomBatchesEqualTheHost<TNet, T>(int b, double tolerance)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const ulong seed = 61;
        const double eta = 0.05;
        int n = TNet.InputSize;
        var (inputs, labels, target) = Sample<TNet, T>(Samples, 62);
        TNet hostNet = TNet.Create(2, []), deviceNet = TNet.Create(2, []);
        var host = new GlmTron<TNet, T>(hostNet, eta, b);
        using var device = new DeviceGlmTron<TNet, T>(gpu.Accelerator, deviceNet, eta, b);
        device.SetSample(inputs, labels);
        device.SetTarget(target);
        var distances = new double[Steps + 1];
        device.Run(Steps, seed, distances);
        device.CopyTo(deviceNet);

        var batchInputs = new T[b * n];
        var batchLabels = new T[b];
        var hostDistances = new double[Steps + 1];
        hostDistances[0] = Distance<T>(hostNet.Parameters, target);
        for (int s = 0; s < Steps; s++)
        {
            for (int j = 0; j < b; j++)
            {
                // The documented draw: ⌊u·m⌋ with u = Uniform(seed, s·b + j), at most m − 1.
                int row = Math.Min((int)(DeviceRandom.Uniform(seed, (ulong)(s * b + j)) * Samples), Samples - 1);
                inputs.AsSpan(row * n, n).CopyTo(batchInputs.AsSpan(j * n, n));
                batchLabels[j] = labels[row];
            }
            host.Step(batchInputs, batchLabels);
            hostDistances[s + 1] = Distance<T>(hostNet.Parameters, target);
        }

        AssertMoved(TNet.Create(2, []).Parameters, hostNet.Parameters, 1e-2);
        AssertClose(hostNet.Parameters, deviceNet.Parameters, tolerance, $"{typeof(TNet).Name}, b = {b}");
        for (int s = 0; s <= Steps; s++)
            Assert.True(Math.Abs(distances[s] - hostDistances[s]) <= tolerance * hostDistances[s], $"step {s}: {distances[s]} vs {hostDistances[s]}");
    }

    /// <summary>m Gaussian inputs labelled by a teacher gate with N(0, I) weights w*, plus Gaussian noise.</summary>
    private static (T[] Inputs, T[] Labels, T[] Target) Sample<TNet, T>(int m, long seed, double noise = 0.05)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new SeededRandom(seed);
        TNet teacher = TNet.Create(1, []);
        random.FillGaussian<T>(teacher.Parameters);
        var inputs = new T[m * TNet.InputSize];
        random.FillGaussian<T>(inputs);
        var labels = new T[m];
        teacher.ForwardBatch(inputs, labels);
        for (int j = 0; j < m; j++) labels[j] += T.CreateTruncating(noise * random.NextGaussian());
        return (inputs, labels, teacher.Parameters);
    }

    private static double Distance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = double.CreateTruncating(a[i]) - double.CreateTruncating(b[i]);
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>The run left its start by more than <paramref name="fraction"/> of the weights' size (so equality means something).</summary>
    private static void AssertMoved<T>(T[] start, T[] end, double fraction) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double moved = Distance<T>(start, end);
        double size = Math.Sqrt(end.Sum(v => double.CreateTruncating(v) * double.CreateTruncating(v)));
        Assert.True(moved > fraction * size, $"the weights moved by {moved} only (size {size})");
    }

    /// <summary>max |actual − expected| ≤ tolerance · max |expected|.</summary>
    private static void AssertClose<T>(T[] expected, T[] actual, double tolerance, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double scale = expected.Max(v => Math.Abs(double.CreateTruncating(v)));
        double error = 0;
        for (int i = 0; i < expected.Length; i++) error = Math.Max(error, Math.Abs(double.CreateTruncating(actual[i]) - double.CreateTruncating(expected[i])));
        Assert.True(error <= tolerance * scale, $"{what}: max error {error:G3} against max |w| {scale:G3} (tolerance {tolerance:G1} relative)");
    }
}
