using System.Diagnostics;
using DslNets.Gpu;
using DslNets.Tron;

namespace DslNets.GpuBenchmarks;

/// <summary>
/// The Neuro-Tron row: whole runs of the experiments' setting (n = 100, r = 25, k = 10, b = 16, η = 1e-4, double, fresh
/// N(0, 1) inputs and labels attacked with β = 0.5, θ* = 0.25 every step, from w = all ones), timed as one step each.
/// The device draws its batches on the device (<see cref="DeviceNeuroTron{TNet, T}"/>, one launch per run); the host runs
/// <see cref="NeuroTron{TNet, T}"/> on a <see cref="TeacherStream{TNet, T}"/>, the README's 40,000-iteration figure.
/// The row's batch is the iterations of a run; samples/s counts the b = 16 samples each iteration draws.
/// </summary>
public static class TronRows
{
    private const int BatchSize = 16, CheckIterations = 20;
    private const double LearningRate = 1e-4;
    private static readonly PoisoningAttack Attack = new(0.5, 0.25);

    public static BenchRow Device(ComputeDevice device, BenchCase spec, int iterations, RunSettings settings)
    {
        long started = Stopwatch.GetTimestamp();
        (FilterMatrices matrices, GpuNeuroTron100 teacher) = Setting();
        var stream = new DeviceTeacherStream(3, attack: Attack);
        var start = new GpuNeuroTron100(5, matrices.Stacked);
        using var tron = new DeviceNeuroTron<GpuNeuroTron100, double>(device.Accelerator, start, LearningRate, BatchSize);
        tron.SetTeacher(teacher, stream);
        double checkError = Check(tron, start, teacher, stream);
        Action synchronize = device.Accelerator.Synchronize;

        Action RunOf(int count) => () =>
        {
            tron.CopyFrom(start); // w = all ones and the stream's first batch: every repetition is the same run
            tron.StepsTaken = 0;
            tron.Run(count);
        };

        (int chosen, double spent, string note, double known) = StepTimer.ChooseBatch(iterations, Math.Min(iterations, 1000),
            count => StepTimer.Time(RunOf(count), synchronize, 1), settings.Timing.CaseSeconds / 6);
        StepTiming timing = StepTimer.Measure(RunOf(chosen), synchronize, settings.Timing, settings.Timing.CaseSeconds - spent, known);
        var final = new GpuNeuroTron100(5, matrices.Stacked);
        tron.CopyTo(final);
        return new BenchRow
        {
            Id = spec.Id, Work = spec.Work, Network = spec.Network, Side = "device",
            DeviceKind = device.Kind == DeviceKind.Cuda ? "cuda" : "cpu-accelerator", DeviceName = device.Name,
            Path = $"DeviceNeuroTron<double>: one launch per run, one group; batches drawn on the device; line structure {tron.UsesLineStructure}",
            RequestedBatch = iterations, Batch = chosen,
            Inner = timing.Inner, Repetitions = timing.Repetitions, MedianMs = timing.MedianMs, P25Ms = timing.P25Ms, P75Ms = timing.P75Ms,
            MinMs = timing.MinMs, MaxMs = timing.MaxMs, SpreadPercent = timing.SpreadPercent,
            SamplesPerSecond = (double)chosen * BatchSize / (timing.MedianMs * 1e-3),
            CheckRelativeError = checkError, CheckBatch = CheckIterations, CheckPassed = checkError <= TrainingRows.CheckTolerance,
            ParametersFinite = final.Parameters.All(double.IsFinite), RowSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
            Note = Join(note, $"a step is a whole run of {chosen:N0} iterations; the check compares {CheckIterations} device iterations with the host learner on the same draws"),
        };
    }

    public static BenchRow Host(BenchCase spec, int iterations, RunSettings settings)
    {
        long started = Stopwatch.GetTimestamp();
        (FilterMatrices matrices, GpuNeuroTron100 teacher) = Setting();
        var student = new GpuNeuroTron100(5, matrices.Stacked);
        var tron = new NeuroTron<GpuNeuroTron100, double>(student, LearningRate, BatchSize);

        Action RunOf(int count) => () =>
        {
            tron.Filter.Fill(1);
            new TeacherStream<GpuNeuroTron100, double>(teacher, new InputSampler(InputDistribution.Gaussian(1), 3), Attack, 4).Train(tron, count);
        };

        static void NoSync() { }
        (int chosen, double spent, string note, double known) = StepTimer.ChooseBatch(iterations, Math.Min(iterations, 1000),
            count => StepTimer.Time(RunOf(count), NoSync, 1), settings.Timing.CaseSeconds / 6);
        StepTiming timing = StepTimer.Measure(RunOf(chosen), NoSync, settings.Timing, settings.Timing.CaseSeconds - spent, known);
        return new BenchRow
        {
            Id = spec.Id, Work = spec.Work, Network = spec.Network, Side = "host",
            DeviceKind = "host-cpu", DeviceName = $"{Environment.ProcessorCount} cores",
            Path = "NeuroTron<double> (factored forward) on a TeacherStream (ziggurat inputs), one core",
            RequestedBatch = iterations, Batch = chosen,
            Inner = timing.Inner, Repetitions = timing.Repetitions, MedianMs = timing.MedianMs, P25Ms = timing.P25Ms, P75Ms = timing.P75Ms,
            MinMs = timing.MinMs, MaxMs = timing.MaxMs, SpreadPercent = timing.SpreadPercent,
            SamplesPerSecond = (double)chosen * BatchSize / (timing.MedianMs * 1e-3),
            ParametersFinite = student.Parameters.All(double.IsFinite), RowSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
            Note = Join(note, $"a step is a whole run of {chosen:N0} iterations"),
        };
    }

    /// <summary>The experiments' matrices and a teacher with θ* ~ N(0, I).</summary>
    private static (FilterMatrices Matrices, GpuNeuroTron100 Teacher) Setting()
    {
        FilterMatrices matrices = FilterMatrices.Create(25, 100, 10, 1);
        var teacher = new GpuNeuroTron100(1, matrices.Stacked);
        new SeededRandom(2).FillGaussian<double>(teacher.Parameters);
        return (matrices, teacher);
    }

    /// <summary>
    /// max |w_device − w_host| / max |w_host| after <see cref="CheckIterations"/> iterations, the host learner fed the
    /// device stream's batches (drawn again on the host by the formula <see cref="DeviceTeacherStream"/> documents).
    /// </summary>
    private static double Check(DeviceNeuroTron<GpuNeuroTron100, double> tron, GpuNeuroTron100 start, GpuNeuroTron100 teacher, DeviceTeacherStream stream)
    {
        const int n = 100;
        tron.Run(CheckIterations);
        var onDevice = new GpuNeuroTron100(5, start.Constants);
        tron.CopyTo(onDevice);
        var hostNet = new GpuNeuroTron100(5, start.Constants);
        var host = new NeuroTron<GpuNeuroTron100, double>(hostNet, LearningRate, BatchSize);
        var labeller = new NeuroTron<GpuNeuroTron100, double>(teacher, 1, BatchSize, keepFilter: true);
        var x = new double[BatchSize * n];
        var y = new double[BatchSize];
        for (long step = 0; step < CheckIterations; step++)
        {
            for (int e = 0; e < x.Length; e++) x[e] = DeviceRandom.Normal(stream.InputSeed, (ulong)(step * BatchSize * n + e));
            labeller.Predict(x, y);
            for (int j = 0; j < BatchSize; j++)
            {
                ulong g = (ulong)(step * BatchSize + j);
                if (DeviceRandom.Uniform(stream.AttackSeed, 2 * g) < Attack.Probability)
                    y[j] += DeviceRandom.Uniform(stream.AttackSeed, 2 * g + 1) < 0.5 ? -Attack.Magnitude : Attack.Magnitude;
            }
            host.Step(x, y);
        }
        double largest = hostNet.Parameters.Max(Math.Abs);
        double worst = hostNet.Parameters.Zip(onDevice.Parameters, (h, d) => Math.Abs(h - d)).Max();
        return double.IsNaN(worst) ? double.PositiveInfinity : worst / largest;
    }

    private static string Join(string first, string second) => first.Length == 0 ? second : $"{first}; {second}";
}
