using System.Globalization;
using System.Runtime.InteropServices;
using DslNets.Gpu;
using DslNets.GpuBenchmarks;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

// Device training-step benchmarks (see bench/GPU.md). Usage:
//   DslNets.GpuBenchmarks [--device cuda|cpu|auto] [--quick] [--json PATH] [--only id,id] [--no-host] [--no-device]
//                         [--reps N] [--warmup N] [--case-seconds S] [--min-rep-ms MS] [--path auto|fused|per-sample]
//                         [--max-row-elements N] [--cpu-threads-per-group N] [--lr X]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"gpubench: {error.Message}");
    Console.Error.WriteLine(BenchArguments.Usage);
    return 2;
}

if (arguments.Help)
{
    Console.WriteLine(BenchArguments.Usage);
    return 0;
}

var meta = new Dictionary<string, object?>
{
    ["tool"] = "DslNets.GpuBenchmarks",
    ["quick"] = arguments.Quick,
    ["device_requested"] = arguments.Device.ToString().ToLowerInvariant(),
    ["runtime"] = RuntimeInformation.FrameworkDescription,
    ["os"] = RuntimeInformation.OSDescription,
    ["host_cores"] = Environment.ProcessorCount,
    ["started_utc"] = DateTime.UtcNow.ToString("O"),
    ["learning_rate"] = arguments.LearningRate,
    ["timing"] = arguments.Timing,
};

ComputeDevice? device = null;
if (arguments.RunDevice)
{
    CudaLibraryResolver.Install(Console.Error);
    try
    {
        device = ComputeDevice.Open(arguments.Device, log: Console.Out, cpuThreadsPerGroup: arguments.CpuThreadsPerGroup);
    }
    catch (Exception error) when (error is not OutOfMemoryException)
    {
        // No device rows then; the host rows still run, and the exit code says the device failed.
        Console.Error.WriteLine($"gpubench: {error.GetType().Name}: {error.Message}");
        meta["device_error"] = error is DeviceStartException ? error.Message : $"{error.GetType().Name}: {error.Message}";
    }
}

bool deviceFailed = arguments.RunDevice && device is null;
if (device is not null)
{
    Accelerator a = device.Accelerator;
    string detail = a is CudaAccelerator cuda
        ? $"{cuda.Architecture}, driver {cuda.DriverVersion}, {cuda.NumMultiprocessors} SMs, {a.MemorySize / (1L << 20):N0} MiB, " +
          $"{a.MaxSharedMemoryPerGroup:N0} B shared per group, warp {a.WarpSize}"
        : $"{a.NumMultiprocessors} processors, {a.MaxNumThreadsPerGroup} threads per group, {a.MaxSharedMemoryPerGroup:N0} B shared per group, warp {a.WarpSize}";
    Console.WriteLine($"gpubench: {a.AcceleratorType} '{a.Name}': {detail}");
    meta["device"] = new Dictionary<string, object?>
    {
        ["kind"] = device.Kind == DeviceKind.Cuda ? "cuda" : "cpu-accelerator",
        ["name"] = device.Name,
        ["description"] = device.Description,
        ["detail"] = detail,
    };
}

Console.WriteLine($"gpubench: {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} host cores; " +
                  $"{(arguments.Quick ? "--quick (small batches, few repetitions: a rehearsal, not a measurement)" : "full batches")}");
var results = new ResultsFile(arguments.JsonPath, meta);
results.Write(finished: false);
var cases = BenchCase.All.Where(c => arguments.Only.Count == 0 || arguments.Only.Contains(c.Id)).ToList();
bool failed = false;

void Run(BenchCase spec, string side, Func<int, BenchRow> run)
{
    int batch = arguments.Quick ? spec.QuickBatch : spec.Batch;
    BenchRow row;
    try
    {
        row = run(batch);
    }
    catch (Exception error) when (error is not OutOfMemoryException)
    {
        row = new BenchRow
        {
            Id = spec.Id, Work = spec.Work, Network = spec.Network, Side = side, DeviceKind = side == "host" ? "host-cpu" : device?.Kind.ToString() ?? "",
            DeviceName = side == "host" ? $"{Environment.ProcessorCount} cores" : device?.Name ?? "", RequestedBatch = batch,
            Error = $"{error.GetType().Name}: {error.Message}",
        };
        Console.Error.WriteLine(error);
    }

    failed |= row.Error.Length > 0 || !row.CheckPassed || !row.ParametersFinite;
    Console.WriteLine(row);
    results.Add(row);
}

RunSettings settings = arguments.Settings;
if (device is not null)
{
    foreach (BenchCase spec in cases)
    {
        Run(spec, "device", batch => spec.Id switch
        {
            "tiny-2^20" or "tiny-2^16" => TrainingRows.Device<Tiny2x16x16x1>(device, spec, batch, settings),
            "mnist-64" => TrainingRows.Device<Mnist784x128x10>(device, spec, batch, settings),
            "deep-8192" => TrainingRows.Device<Deep784x1024x3x10>(device, spec, batch, settings),
            "neurotron-40k" => TronRows.Device(device, spec, batch, settings),
            "perez-mc" => CertificateRows.Device(device, spec, batch, settings, arguments.Quick),
            _ => throw new InvalidOperationException($"no network for {spec.Id}"),
        });
    }
}

// The CPU accelerator's worker threads would compete with the host rows: release the device first.
device?.Dispose();
if (arguments.RunHost)
{
    foreach (BenchCase spec in cases)
    {
        Run(spec, "host", batch => spec.Id switch
        {
            "tiny-2^20" or "tiny-2^16" => TrainingRows.Host<Tiny2x16x16x1>(spec, batch, settings),
            "mnist-64" => TrainingRows.Host<Mnist784x128x10>(spec, batch, settings),
            "deep-8192" => TrainingRows.Host<Deep784x1024x3x10>(spec, batch, settings),
            "neurotron-40k" => TronRows.Host(spec, batch, settings),
            "perez-mc" => CertificateRows.Host(spec, batch, settings, arguments.Quick),
            _ => throw new InvalidOperationException($"no network for {spec.Id}"),
        });
    }
}

results.Write(finished: true);
Console.WriteLine(failed || deviceFailed ? "gpubench: finished, with failures (see above)" : "gpubench: finished");
return deviceFailed ? 3 : failed ? 1 : 0;
