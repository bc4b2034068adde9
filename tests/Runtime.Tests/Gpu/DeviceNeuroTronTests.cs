using System.Numerics;
using DslNets.Gpu;
using DslNets.Runtime.Tests.Tron;
using DslNets.Tron;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// <see cref="DeviceNeuroTron{TNet, T}"/> on the CPU accelerator: equal to the host <see cref="NeuroTron{TNet, T}"/> fed the
/// same batches (drawn on the host by the documented stream formula, and uploaded), over runs that continue where they
/// stopped, convergent on a realisable teacher, and strict about its arguments.
/// </summary>
public sealed class DeviceNeuroTronTests(GpuTestAccelerator gpu) : IClassFixture<GpuTestAccelerator>
{
    private const int Steps = 20;

    [Theory]
    [InlineData(7)]
    [InlineData(100)]
    public void DoubleRunsEqualTheHostLearnerOnTheSameBatches(int batchSize) =>
        RunsEqualTheHostLearner<NeuroTron100, double>(batchSize, 1e-12);

    [Theory]
    [InlineData(7)]
    [InlineData(100)]
    public void SingleRunsEqualTheHostLearnerOnTheSameBatches(int batchSize) =>
        RunsEqualTheHostLearner<NeuroTron100Single, float>(batchSize, 1e-5);

    [Fact]
    public void MatricesOffALineTakeTheGeneralPathAndStillEqualTheHost()
    {
        const int b = 7;
        var stacked = new double[6 * 4 * 12];
        new SeededRandom(31).FillGaussian<double>(stacked);
        var teacher = new SmallNeuroTron(1, stacked);
        new SeededRandom(32).FillGaussian(teacher.Filter.Filter);
        var stream = new DeviceTeacherStream(33, labelNoise: 0.1);
        var hostNet = new SmallNeuroTron(2, stacked);
        var deviceNet = new SmallNeuroTron(2, stacked);
        var host = new NeuroTron<SmallNeuroTron, double>(hostNet, 1e-3, b);
        using var device = new DeviceNeuroTron<SmallNeuroTron, double>(gpu.Accelerator, deviceNet, 1e-3, b);
        Assert.False(device.UsesLineStructure);
        Assert.False(host.UsesLineStructure);
        device.SetTeacher(teacher, stream);
        device.Run(Steps);
        device.CopyTo(deviceNet);

        var (inputs, labels) = HostBatches<SmallNeuroTron, double>(teacher, stream, 0, Steps, b);
        for (int s = 0; s < Steps; s++) host.Step(inputs.AsSpan(s * b * 12, b * 12), labels.AsSpan(s * b, b));
        AssertMoved(hostNet.Parameters, 1e-2);
        AssertClose(hostNet.Parameters, deviceNet.Parameters, 1e-12, "general matrices");
    }

    [Fact]
    public void RunsContinueTheStreamWhereTheLastOneStoppedAndRepeatExactly()
    {
        var matrices = FilterMatrices.Create(4, 12, 6, 41);
        var teacher = Teacher(matrices, 42);
        var stream = new DeviceTeacherStream(43, attack: new PoisoningAttack(0.2, 0.5));
        double[] Final(params int[] runs)
        {
            var net = new SmallNeuroTron(2, matrices.Stacked);
            using var device = new DeviceNeuroTron<SmallNeuroTron, double>(gpu.Accelerator, net, 1e-3, 9);
            device.SetTeacher(teacher, stream);
            foreach (int iterations in runs) device.Run(iterations);
            Assert.Equal(runs.Sum(), device.StepsTaken);
            device.CopyTo(net);
            return net.Parameters;
        }

        double[] whole = Final(20);
        Assert.Equal(whole, Final(20));
        Assert.Equal(whole, Final(8, 12));
        Assert.Equal(whole, Final(0, 5, 15));
        Assert.NotEqual(whole, Final(21));
    }

    [Fact]
    public void ALearnerSetToAnotherOnesFilterAndStepContinuesItsRunExactly()
    {
        var matrices = FilterMatrices.Create(4, 12, 6, 44);
        var teacher = Teacher(matrices, 45);
        var stream = new DeviceTeacherStream(46);
        var a = new SmallNeuroTron(2, matrices.Stacked);
        var b = new SmallNeuroTron(3, matrices.Stacked);
        using var first = new DeviceNeuroTron<SmallNeuroTron, double>(gpu.Accelerator, a, 1e-3, 5);
        using var second = new DeviceNeuroTron<SmallNeuroTron, double>(gpu.Accelerator, b, 1e-3, 5, keepFilter: true);
        first.SetTeacher(teacher, stream);
        second.SetTeacher(teacher, stream);
        first.Run(10);
        first.CopyTo(a);
        second.CopyFrom(a);
        second.StepsTaken = first.StepsTaken;
        first.Run(5);
        second.Run(5);
        first.CopyTo(a);
        second.CopyTo(b);
        Assert.Equal(a.Parameters, b.Parameters);
        second.StepsTaken = 0; // a replay of batches already seen is another run
        second.Run(5);
        second.CopyTo(b);
        Assert.NotEqual(a.Parameters, b.Parameters);
    }

    [Fact]
    public void ARealisableTeacherIsApproachedGeometricallyOnFreshDeviceData()
    {
        var matrices = FilterMatrices.Create(4, 12, 6, 51);
        var teacher = Teacher(matrices, 52);
        var student = new SmallNeuroTron(2, matrices.Stacked);
        using var device = new DeviceNeuroTron<SmallNeuroTron, double>(gpu.Accelerator, student, 5e-3, 16);
        device.SetTeacher(teacher, new DeviceTeacherStream(53));
        const int iterations = 2000, every = 100;
        var distances = new double[iterations / every + 1];
        device.Run(iterations, distances, every);
        device.CopyTo(student);
        Assert.Equal(Distance<double>(student.Filter.Filter, teacher.Filter.Filter), distances[^1], 1e-12);
        Assert.True(distances[0] > 1, $"start {distances[0]}");
        string curve = string.Join(", ", distances.Select(d => d.ToString("G3")));
        // Clean realisable labels: the distance shrinks by a constant factor per step (here about 2 per 100 steps).
        Assert.True(distances[^1] < 1e-5 * distances[0], $"‖w − θ*‖ every {every} steps: {curve}");
        for (int i = 0; i + 5 < distances.Length; i++)
            Assert.True(distances[i + 5] < 0.5 * distances[i], $"‖w − θ*‖ every {every} steps: {curve}");
    }

    [Fact]
    public void WrongNetworksSizesAndStatesAreRejectedNamingWhatWasExpected()
    {
        var matrices = NeuroTronSetup.Matrices(61);
        var net = new NeuroTron100(1, matrices.Stacked);
        Accelerator accelerator = gpu.Accelerator;
        var error = Assert.Throws<ArgumentException>(() => new DeviceNeuroTron<LeakyFilterNet, double>(accelerator, new LeakyFilterNet(1, new double[6 * 4 * 12]), 1e-4, 4));
        Assert.Contains("ReLU", error.Message);
        Assert.Contains("LeakyReLU", error.Message);
        error = Assert.Throws<ArgumentException>(() => new DeviceNeuroTron<ConvotronPatches, double>(accelerator, new ConvotronPatches(1), 1e-4, 4));
        Assert.Contains("Stride = 0", error.Message);
        error = Assert.Throws<ArgumentException>(() => new DeviceNeuroTron<NeuroTron100, double>(accelerator, net, 1e-4, 4, new double[7]));
        Assert.Contains("2500", error.Message);
        Assert.Contains("got 7", error.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceNeuroTron<NeuroTron100, double>(accelerator, net, 1e-4, 0));
        Assert.Contains("b ≥ 1", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceNeuroTron<NeuroTron100, double>(accelerator, net, double.NaN, 4));

        using var device = new DeviceNeuroTron<NeuroTron100, double>(accelerator, net, 1e-4, 4);
        var state = Assert.Throws<InvalidOperationException>(() => device.Run(5));
        Assert.Contains("SetTeacher", state.Message);
        using var inputs = accelerator.Allocate1D<double>(2 * 4 * 100 - 1);
        using var labels = accelerator.Allocate1D<double>(2 * 4);
        error = Assert.Throws<ArgumentException>(() => device.Run(inputs.View, labels.View));
        Assert.Contains("800", error.Message);
        Assert.Contains("799", error.Message);
        using var ragged = accelerator.Allocate1D<double>(6);
        error = Assert.Throws<ArgumentException>(() => device.Run(inputs.View, ragged.View));
        Assert.Contains("multiple of b = 4", error.Message);
        Assert.Contains("got 6", error.Message);
        error = Assert.Throws<ArgumentException>(() => device.SetTarget(new double[24]));
        Assert.Contains("r = 25", error.Message);
        Assert.Contains("got 24", error.Message);

        using var good = accelerator.Allocate1D<double>(2 * 4 * 100);
        state = Assert.Throws<InvalidOperationException>(() => device.Run(good.View, labels.View, new double[3]));
        Assert.Contains("SetTarget", state.Message);
        device.SetTeacher(NeuroTronSetup.Teacher(matrices, 62), new DeviceTeacherStream(63));
        error = Assert.Throws<ArgumentException>(() => device.Run(10, new double[10], recordEvery: 2));
        Assert.Contains("= 6", error.Message);
        Assert.Contains("got 10", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Run(10, new double[11], recordEvery: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.Run(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.LearningRate = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => device.StepsTaken = -1);
    }

    [Fact]
    public void TheStreamDrawsGaussianInputsOnlyAndSaysWhatToDoInstead()
    {
        var error = Assert.Throws<ArgumentException>(() => new DeviceTeacherStream(1, InputDistribution.Laplace(2)));
        Assert.Contains("Laplace(2)", error.Message);
        Assert.Contains("Gaussian", error.Message);
        error = Assert.Throws<ArgumentException>(() => new DeviceTeacherStream(1, InputDistribution.StudentT(4)));
        Assert.Contains("Student-t(4)", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceTeacherStream(1, labelNoise: -0.1));
        var stream = new DeviceTeacherStream(9, InputDistribution.Gaussian(3));
        Assert.Equal(3, stream.InputStandardDeviation);
        Assert.Equal(PoisoningAttack.None, stream.Attack);
        Assert.NotEqual(stream.InputSeed, stream.NoiseSeed);
        Assert.NotEqual(stream.NoiseSeed, stream.AttackSeed);
    }

    private void RunsEqualTheHostLearner<TNet, T>(int b, double tolerance)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const double eta = 1e-4;
        int n = TNet.InputSize;
        var matrices = NeuroTronSetup.Matrices(21);
        T[] stacked = matrices.StackedAs<T>();
        TNet teacher = TNet.Create(1, stacked);
        var target = new double[25];
        new SeededRandom(22).FillGaussian<double>(target);
        for (int a = 0; a < target.Length; a++) teacher.Parameters[a] = T.CreateTruncating(target[a]);
        var stream = new DeviceTeacherStream(23, InputDistribution.Gaussian(1.5), labelNoise: 0.05, attack: new PoisoningAttack(0.3, 0.25));

        TNet hostNet = TNet.Create(2, stacked), deviceNet = TNet.Create(2, stacked), uploadedNet = TNet.Create(2, stacked);
        var host = new NeuroTron<TNet, T>(hostNet, eta, b);
        using var device = new DeviceNeuroTron<TNet, T>(gpu.Accelerator, deviceNet, eta, b);
        using var uploaded = new DeviceNeuroTron<TNet, T>(gpu.Accelerator, uploadedNet, eta, b);
        Assert.True(host.UsesLineStructure);
        Assert.True(device.UsesLineStructure);

        device.SetTeacher(teacher, stream);
        var deviceDistances = new double[Steps + 1];
        device.Run(Steps, deviceDistances);
        device.CopyTo(deviceNet);

        var (inputs, labels) = HostBatches<TNet, T>(teacher, stream, 0, Steps, b);
        var hostDistances = new double[Steps + 1];
        hostDistances[0] = Distance<T>(host.Filter, teacher.Parameters);
        for (int s = 0; s < Steps; s++)
        {
            host.Step(inputs.AsSpan(s * b * n, b * n), labels.AsSpan(s * b, b));
            hostDistances[s + 1] = Distance<T>(host.Filter, teacher.Parameters);
        }

        uploaded.SetTarget(teacher.Parameters);
        using var inputsOnDevice = gpu.Upload(inputs);
        using var labelsOnDevice = gpu.Upload(labels);
        var uploadedDistances = new double[Steps / 4 + 1];
        uploaded.Run(inputsOnDevice.View.BaseView, labelsOnDevice.View.BaseView, uploadedDistances, recordEvery: 4);
        uploaded.CopyTo(uploadedNet);

        AssertMoved(hostNet.Parameters, 1e-2);
        AssertClose(hostNet.Parameters, deviceNet.Parameters, tolerance, "fresh device batches");
        AssertClose(hostNet.Parameters, uploadedNet.Parameters, tolerance, "uploaded batches");
        for (int s = 0; s <= Steps; s++)
            Assert.True(Math.Abs(deviceDistances[s] - hostDistances[s]) <= tolerance * hostDistances[s], $"step {s}: {deviceDistances[s]} vs {hostDistances[s]}");
        for (int i = 0; i < uploadedDistances.Length; i++)
            Assert.True(Math.Abs(uploadedDistances[i] - hostDistances[4 * i]) <= tolerance * hostDistances[4 * i], $"record {i}: {uploadedDistances[i]} vs {hostDistances[4 * i]}");
    }

    /// <summary>
    /// The device stream's batches drawn on the host by the formula <see cref="DeviceTeacherStream"/> documents, labelled by
    /// the host's factored forward of the teacher.
    /// </summary>
    private static (T[] Inputs, T[] Labels) HostBatches<TNet, T>(TNet teacher, DeviceTeacherStream stream, long firstStep, int steps, int b)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = TNet.InputSize;
        var labeller = new NeuroTron<TNet, T>(teacher, 1, b, keepFilter: true);
        var inputs = new T[steps * b * n];
        var labels = new T[steps * b];
        double sigma = stream.InputStandardDeviation, beta = stream.Attack.Probability, theta = stream.Attack.Magnitude;
        for (int s = 0; s < steps; s++)
        {
            long step = firstStep + s;
            Span<T> x = inputs.AsSpan(s * b * n, b * n);
            Span<T> y = labels.AsSpan(s * b, b);
            for (int e = 0; e < x.Length; e++)
                x[e] = T.CreateTruncating(sigma * DeviceRandom.Normal(stream.InputSeed, (ulong)(step * b * n + e)));
            labeller.Predict(x, y);
            for (int j = 0; j < b; j++)
            {
                ulong g = (ulong)(step * b + j);
                double xi = stream.LabelNoise == 0 ? 0 : stream.LabelNoise * DeviceRandom.Normal(stream.NoiseSeed, g);
                if (beta > 0 && theta > 0 && DeviceRandom.Uniform(stream.AttackSeed, 2 * g) < beta)
                    xi = DeviceRandom.Uniform(stream.AttackSeed, 2 * g + 1) < 0.5 ? xi - theta : xi + theta;
                if (xi != 0) y[j] += T.CreateTruncating(xi);
            }
        }
        return (inputs, labels);
    }

    private static SmallNeuroTron Teacher(FilterMatrices matrices, long seed)
    {
        var teacher = new SmallNeuroTron(1, matrices.Stacked);
        new SeededRandom(seed).FillGaussian(teacher.Filter.Filter);
        return teacher;
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

    /// <summary>The run left the all-ones start by more than <paramref name="fraction"/> of the filter's size (so equality means something).</summary>
    private static void AssertMoved<T>(T[] filter, double fraction) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double moved = filter.Max(v => Math.Abs(double.CreateTruncating(v) - 1));
        double size = filter.Max(v => Math.Abs(double.CreateTruncating(v)));
        Assert.True(moved > fraction * size, $"the filter moved by {moved} only (size {size})");
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
