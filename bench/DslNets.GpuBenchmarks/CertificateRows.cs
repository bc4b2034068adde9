using System.Diagnostics;
using DslNets.Gpu;
using DslNets.PacBayes;

namespace DslNets.GpuBenchmarks;

/// <summary>
/// The Monte-Carlo certificate row: the Pérez-Ortiz et al. setting's last step, k = 10 per-sample draws (local
/// reparameterisation) for each of m = 30,000 bound samples, 300,000 trials, on 784-600-600-600-10 in double. A timed
/// step is one whole certificate: on the device <see cref="DeviceCertificate.Evaluate{TNet}"/> (the upload of the bound
/// samples included), on the host <see cref="PacBayesCertificate.Evaluate{TNet}"/>, whose products use at most two cores
/// on any machine (the runtime's Gemm splits a product over the caller and one worker), so the host row is the
/// 2-core CPU path. The row's batch is m; samples/s counts trials (m·k per step).
/// </summary>
public static class CertificateRows
{
    private const int Draws = 10, CheckSamples = 64;
    private const double Sigma = 0.03, Delta = 0.025, DeltaPrime = 0.01;

    public static BenchRow Device(ComputeDevice device, BenchCase spec, int m, RunSettings settings, bool quick)
    {
        long started = Stopwatch.GetTimestamp();
        int draws = quick ? 2 : Draws;
        var (net, posterior, prior, x, y) = Setting(m);
        double checkError = Check(device, net, posterior, prior, x, y);
        Action synchronize = device.Accelerator.Synchronize;
        Action CertificateOf(int count) => () =>
            DeviceCertificate.Evaluate(device, net, posterior, prior, x.AsSpan(0, count * 784), y.AsSpan(0, count * 10), draws, Delta, DeltaPrime, 1,
                sampling: MonteCarloSampling.PerSample);
        (int chosen, double spent, string note, double known) = StepTimer.ChooseBatch(m, Math.Min(m, 1000),
            count => StepTimer.Time(CertificateOf(count), synchronize, 1), settings.Timing.CaseSeconds / 6);
        StepTiming timing = StepTimer.Measure(CertificateOf(chosen), synchronize, settings.Timing, settings.Timing.CaseSeconds - spent, known);
        string backend;
        using (var gemm = new DeviceGemm(device.Accelerator)) backend = gemm.Backend;   // what DeviceCertificate's products ran on
        return Row(spec, "device", device.Kind == DeviceKind.Cuda ? "cuda" : "cpu-accelerator", device.Name,
            $"DeviceCertificate, per-sample draws: {draws} per sample, products by {backend}", m, chosen, draws, timing, started, note) with
        {
            CheckRelativeError = checkError, CheckBatch = CheckSamples, CheckPassed = checkError <= TrainingRows.CheckTolerance,
        };
    }

    public static BenchRow Host(BenchCase spec, int m, RunSettings settings, bool quick)
    {
        long started = Stopwatch.GetTimestamp();
        int draws = quick ? 2 : Draws;
        var (net, posterior, prior, x, y) = Setting(m);
        Action CertificateOf(int count) => () =>
            PacBayesCertificate.Evaluate(net, posterior, prior, x.AsSpan(0, count * 784), y.AsSpan(0, count * 10), draws, Delta, DeltaPrime, 1,
                sampling: MonteCarloSampling.PerSample);
        static void NoSync() { }
        (int chosen, double spent, string note, double known) = StepTimer.ChooseBatch(m, Math.Min(m, 1000),
            count => StepTimer.Time(CertificateOf(count), NoSync, 1), settings.Timing.CaseSeconds / 6);
        StepTiming timing = StepTimer.Measure(CertificateOf(chosen), NoSync, settings.Timing, settings.Timing.CaseSeconds - spent, known);
        return Row(spec, "host", "host-cpu", $"{Environment.ProcessorCount} cores",
            $"PacBayesCertificate, per-sample draws: {draws} per sample, the runtime's Gemm (at most 2 cores)", m, chosen, draws, timing, started, note);
    }

    private static BenchRow Row(BenchCase spec, string side, string kind, string name, string path, int requested, int chosen, int draws, StepTiming timing,
        long started, string note) => new()
    {
        Id = spec.Id, Work = spec.Work, Network = spec.Network, Side = side, DeviceKind = kind, DeviceName = name, Path = path,
        RequestedBatch = requested, Batch = chosen,
        Inner = timing.Inner, Repetitions = timing.Repetitions, MedianMs = timing.MedianMs, P25Ms = timing.P25Ms, P75Ms = timing.P75Ms,
        MinMs = timing.MinMs, MaxMs = timing.MaxMs, SpreadPercent = timing.SpreadPercent,
        SamplesPerSecond = (double)chosen * draws / (timing.MedianMs * 1e-3), RowSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
        Note = (note.Length > 0 ? note + "; " : "") + $"a step is a whole certificate of {chosen:N0} bound samples × {draws} draws; samples/s counts trials",
    };

    /// <summary>MNIST-shaped data (uniform pixels, random one-hot labels) and a posterior N(μ, 0.03²) at the initial weights.</summary>
    private static (GpuPerezOrtizNet Net, DiagonalGaussianPosterior Posterior, GaussianPrior Prior, double[] X, double[] Y) Setting(int m)
    {
        var net = new GpuPerezOrtizNet(seed: 1);
        var random = new SeededRandom(7);
        var x = new double[m * 784];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble();
        var y = new double[m * 10];
        for (int s = 0; s < m; s++) y[s * 10 + random.NextInt(10)] = 1.0;
        return (net, new DiagonalGaussianPosterior(net.Parameters, Sigma), new GaussianPrior(net.Parameters, Sigma), x, y);
    }

    /// <summary>
    /// The device certificate against the host one on the same counter-based draws, on the first samples: |ΔQ̂| + the
    /// relative difference of the bounded loss (0 where the two agree draw for draw, as they must).
    /// </summary>
    private static double Check(ComputeDevice device, GpuPerezOrtizNet net, DiagonalGaussianPosterior posterior, GaussianPrior prior, double[] x, double[] y)
    {
        int m = Math.Min(CheckSamples, x.Length / 784);
        CertificateResult onDevice = DeviceCertificate.Evaluate(device, net, posterior, prior, x.AsSpan(0, m * 784), y.AsSpan(0, m * 10), 2, Delta, DeltaPrime, 3,
            sampling: MonteCarloSampling.PerSample);
        CertificateResult onHost = PacBayesCertificate.Evaluate(net, posterior, prior, x.AsSpan(0, m * 784), y.AsSpan(0, m * 10), 2, Delta, DeltaPrime, 3,
            sampling: MonteCarloSampling.PerSample, noise: NoiseStream.CounterBased);
        double loss = Math.Abs(onDevice.SampledBoundedLoss - onHost.SampledBoundedLoss) / Math.Max(1e-300, Math.Abs(onHost.SampledBoundedLoss));
        double error = Math.Abs(onDevice.SampledError - onHost.SampledError) + loss;
        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }
}
