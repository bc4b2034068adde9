using System.Diagnostics;
using System.Numerics.Tensors;
using DslNets.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.GpuBenchmarks;

/// <summary>Everything a row needs besides its network.</summary>
public sealed record RunSettings(
    TimingSettings Timing,
    float LearningRate,
    GradientPath Path,
    long MaxRowElements,
    int CheckBatch,
    int DeviceProbeBatch,
    int HostProbeBatch);

/// <summary>
/// The training step of one network, timed on the device (DeviceNetwork) and on the host (the network's own
/// GradientBatch): ClearGradient + AccumulateGradient(batch already on the device, scale = 1/batch) + SGD.
/// </summary>
public static class TrainingRows
{
    /// <summary>Relative gradient error above which a device row is marked as failed.</summary>
    public const double CheckTolerance = 1e-3;

    public static BenchRow Device<TNet>(ComputeDevice device, BenchCase spec, int batch, RunSettings settings)
        where TNet : IDeviceNetwork<TNet, float>
    {
        long started = Stopwatch.GetTimestamp();
        Accelerator accelerator = device.Accelerator;
        TNet net = TNet.Create(1, ReadOnlySpan<float>.Empty);
        (float[] x, float[] t) = CaseData.Make(TNet.InputSize, TNet.OutputSize, TNet.LossFunction, batch, seed: 7);

        // The per-sample path keeps one gradient row per sample: let a whole batch fit in one pass where memory allows,
        // so the row measures the kernels rather than the pass loop. A fused network never touches those rows.
        DeviceKernelSet<float> kernels = TNet.DeviceKernels;
        bool fusedExpected = settings.Path != GradientPath.PerSample && kernels.FusedGradient is not null
                             && kernels.FusedSharedBytes <= accelerator.MaxSharedMemoryPerGroup;
        long rowCap = settings.MaxRowElements > 0 ? settings.MaxRowElements : DefaultRowCap(device);
        long rowElements = fusedExpected ? TNet.ParameterCount : Math.Clamp((long)batch * TNet.ParameterCount, TNet.ParameterCount, Math.Max(rowCap, TNet.ParameterCount));
        var options = new DeviceNetworkOptions { Path = settings.Path, MaxGradientRowElements = rowElements };

        using var network = new DeviceNetwork<TNet, float>(device, net, options);
        using MemoryBuffer1D<float, Stride1D.Dense> inputs = DeviceMemory.Allocate<float>(accelerator, x.Length, "the bench's inputs");
        using MemoryBuffer1D<float, Stride1D.Dense> targets = DeviceMemory.Allocate<float>(accelerator, t.Length, "the bench's targets");
        using MemoryBuffer1D<float, Stride1D.Dense> lossTotal = DeviceMemory.Allocate<float>(accelerator, 1, "the bench's loss total");
        ArrayView<float> xView = inputs.View, tView = targets.View, lossView = lossTotal.View;
        xView.CopyFromCPU(x);
        tView.CopyFromCPU(t);
        lossView.MemSetToZero();
        using var sgd = new DeviceSgd<float>(accelerator, TNet.ParameterCount, settings.LearningRate);
        Action synchronize = accelerator.Synchronize;

        // Check: the device gradient of the first samples against the host's, through the same path the timing takes.
        int checkBatch = Math.Min(batch, settings.CheckBatch);
        double checkError = CheckGradient(network, net, xView, tView, lossView, x, t, checkBatch);
        network.ClearGradient();
        lossView.MemSetToZero();

        Action StepAt(int b)
        {
            ArrayView<float> xs = xView.SubView(0, (long)b * TNet.InputSize);
            ArrayView<float> ts = tView.SubView(0, (long)b * TNet.OutputSize);
            float scale = 1f / b;
            return () =>
            {
                network.ClearGradient();
                network.AccumulateGradient(xs, ts, scale, lossView, ArrayView<float>.Empty);
                sgd.Step(network.Parameters, network.Gradient);
            };
        }

        (int chosen, double spent, string note, double known) = StepTimer.ChooseBatch(batch, settings.DeviceProbeBatch,
            b => StepTimer.Time(StepAt(b), synchronize, 1), settings.Timing.CaseSeconds / 6);
        StepTiming timing = StepTimer.Measure(StepAt(chosen), synchronize, settings.Timing, settings.Timing.CaseSeconds - spent, known);

        network.CopyTo(net);
        bool finite = AllFinite(net.Parameters);
        return new BenchRow
        {
            Id = spec.Id, Work = spec.Work, Network = spec.Network, Side = "device",
            DeviceKind = device.Kind == DeviceKind.Cuda ? "cuda" : "cpu-accelerator", DeviceName = device.Name,
            Path = network.PathDescription, Fused = network.IsFused, RowsPerPass = network.RowsPerPass,
            RequestedBatch = batch, Batch = chosen,
            Inner = timing.Inner, Repetitions = timing.Repetitions, MedianMs = timing.MedianMs, P25Ms = timing.P25Ms, P75Ms = timing.P75Ms,
            MinMs = timing.MinMs, MaxMs = timing.MaxMs, SpreadPercent = timing.SpreadPercent, SamplesPerSecond = chosen / (timing.MedianMs * 1e-3),
            CheckRelativeError = checkError, CheckBatch = checkBatch, CheckPassed = checkError <= CheckTolerance, ParametersFinite = finite,
            RowSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds, Note = note,
        };
    }

    public static BenchRow Host<TNet>(BenchCase spec, int batch, RunSettings settings)
        where TNet : INetwork<TNet, float>
    {
        long started = Stopwatch.GetTimestamp();
        TNet net = TNet.Create(1, ReadOnlySpan<float>.Empty);
        (float[] x, float[] t) = CaseData.Make(TNet.InputSize, TNet.OutputSize, TNet.LossFunction, batch, seed: 7);
        var gradient = new float[TNet.ParameterCount];

        Action StepAt(int b)
        {
            float scale = 1f / b;
            float lr = -settings.LearningRate;
            int inputs = b * TNet.InputSize, targets = b * TNet.OutputSize;
            return () =>
            {
                Array.Clear(gradient);
                net.GradientBatch(x.AsSpan(0, inputs), t.AsSpan(0, targets), gradient, scale);
                TensorPrimitives.MultiplyAdd(gradient, lr, net.Parameters, net.Parameters);
            };
        }

        static void NoSync() { }
        (int chosen, double spent, string note, double known) = StepTimer.ChooseBatch(batch, settings.HostProbeBatch,
            b => StepTimer.Time(StepAt(b), NoSync, 1), settings.Timing.CaseSeconds / 6);
        StepTiming timing = StepTimer.Measure(StepAt(chosen), NoSync, settings.Timing with { MinRepetitionSeconds = Math.Max(settings.Timing.MinRepetitionSeconds, 0.02) },
            settings.Timing.CaseSeconds - spent, known);
        return new BenchRow
        {
            Id = spec.Id, Work = spec.Work, Network = spec.Network, Side = "host",
            DeviceKind = "host-cpu", DeviceName = $"{Environment.ProcessorCount} cores",
            Path = $"{typeof(TNet).Name}.GradientBatch + TensorPrimitives SGD (host kernels)",
            RequestedBatch = batch, Batch = chosen,
            Inner = timing.Inner, Repetitions = timing.Repetitions, MedianMs = timing.MedianMs, P25Ms = timing.P25Ms, P75Ms = timing.P75Ms,
            MinMs = timing.MinMs, MaxMs = timing.MaxMs, SpreadPercent = timing.SpreadPercent, SamplesPerSecond = chosen / (timing.MedianMs * 1e-3),
            ParametersFinite = AllFinite(net.Parameters), RowSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds, Note = note,
        };
    }

    private static double CheckGradient<TNet>(DeviceNetwork<TNet, float> network, TNet net, ArrayView<float> xView, ArrayView<float> tView,
        ArrayView<float> lossView, float[] x, float[] t, int batch)
        where TNet : IDeviceNetwork<TNet, float>
    {
        float scale = 1f / batch;
        network.ClearGradient();
        lossView.MemSetToZero();
        network.AccumulateGradient(xView.SubView(0, (long)batch * TNet.InputSize), tView.SubView(0, (long)batch * TNet.OutputSize), scale, lossView, ArrayView<float>.Empty);
        network.Device.Accelerator.Synchronize();
        var device = new float[TNet.ParameterCount];
        network.Gradient.CopyToCPU(device);
        var host = new float[TNet.ParameterCount];
        net.GradientBatch(x.AsSpan(0, batch * TNet.InputSize), t.AsSpan(0, batch * TNet.OutputSize), host, scale);
        double largest = 0, worst = 0;
        for (int i = 0; i < host.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(host[i]));
            double difference = Math.Abs((double)device[i] - host[i]);
            worst = double.IsNaN(difference) ? double.PositiveInfinity : Math.Max(worst, difference);
        }

        return largest > 0 ? worst / largest : worst;
    }

    /// <summary>Per-sample gradient rows may take a quarter of a CUDA device's memory; on the CPU accelerator 2²⁶ numbers (256 MiB).</summary>
    private static long DefaultRowCap(ComputeDevice device) =>
        device.Kind == DeviceKind.Cuda ? device.Accelerator.MemorySize / 4 / sizeof(float) : 1L << 26;

    private static bool AllFinite(float[] values)
    {
        foreach (float v in values)
            if (!float.IsFinite(v)) return false;
        return true;
    }
}
