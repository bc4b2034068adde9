using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace DslNets.Gpu;

/// <summary>
/// One ILGPU context and accelerator: CUDA when asked for (or found, with <see cref="DeviceKind.Auto"/>), otherwise ILGPU's
/// CPU accelerator. Opening one writes a single line saying which device was chosen and why. No CUDA installed is not an
/// error for <see cref="DeviceKind.Auto"/>; a forced CUDA device that is missing or fails to start throws
/// <see cref="DeviceStartException"/> naming the device and the reason, unless fallback to the CPU accelerator was allowed.
/// </summary>
public sealed class ComputeDevice : IDisposable
{
    /// <summary>The environment variable that decides <see cref="DeviceKind.Auto"/>: <c>cuda</c>, <c>cpu</c> or <c>auto</c>.</summary>
    public const string EnvironmentVariable = "DSLNETS_DEVICE";

    private ComputeDevice(Context context, Accelerator accelerator, DeviceKind kind, string description)
    {
        Context = context;
        Accelerator = accelerator;
        Kind = kind;
        Description = description;
    }

    /// <summary>The ILGPU context (algorithms enabled, so System.Math calls compile on every backend).</summary>
    public Context Context { get; }

    /// <summary>The accelerator kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary><see cref="DeviceKind.Cuda"/> or <see cref="DeviceKind.Cpu"/>: what was opened.</summary>
    public DeviceKind Kind { get; }

    /// <summary>The device's name as the accelerator reports it.</summary>
    public string Name => Accelerator.Name;

    /// <summary>The line written when the device was opened, e.g. "DslNets device: CUDA 'NVIDIA H200' (...)".</summary>
    public string Description { get; }

    /// <summary>
    /// Opens a device. <paramref name="kind"/> = Auto reads <see cref="EnvironmentVariable"/> first, then takes CUDA when a
    /// CUDA device is present and the CPU accelerator otherwise.
    /// </summary>
    /// <param name="kind">What to open.</param>
    /// <param name="allowCpuFallback">When CUDA was asked for (by the argument or the environment) and cannot start, open the CPU accelerator instead of throwing.</param>
    /// <param name="log">Where the one line goes (standard error when null; <see cref="TextWriter.Null"/> for silence).</param>
    /// <param name="cpuThreadsPerGroup">
    /// The CPU accelerator's threads per group: 0 for ILGPU's default (16); larger groups let group-wide kernels run as
    /// they would on a GPU (a multiple of 4, at most 1024).
    /// </param>
    public static ComputeDevice Open(DeviceKind kind = DeviceKind.Auto, bool allowCpuFallback = false, TextWriter? log = null, int cpuThreadsPerGroup = 0)
    {
        if (cpuThreadsPerGroup != 0 && (cpuThreadsPerGroup < 4 || cpuThreadsPerGroup > 1024 || cpuThreadsPerGroup % 4 != 0))
            throw new ArgumentOutOfRangeException(nameof(cpuThreadsPerGroup), cpuThreadsPerGroup, "Expected 0 (ILGPU's default) or a multiple of 4 from 4 to 1024.");
        log ??= Console.Error;
        string reason = "asked for";
        if (kind == DeviceKind.Auto)
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            kind = ParseEnvironment(fromEnvironment);
            if (kind != DeviceKind.Auto) reason = $"{EnvironmentVariable}={fromEnvironment}";
        }

        Context context = Context.Create(builder => builder.Default().EnableAlgorithms());
        try
        {
            ComputeDevice device = OpenIn(context, kind, allowCpuFallback, reason, cpuThreadsPerGroup);
            log.WriteLine(device.Description);
            return device;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Reads a device name as the command line and <see cref="EnvironmentVariable"/> give it: cuda, cpu or auto (any case).</summary>
    public static DeviceKind Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cuda" or "gpu" => DeviceKind.Cuda,
        "cpu" => DeviceKind.Cpu,
        "auto" or "" => DeviceKind.Auto,
        _ => throw new ArgumentException($"Expected a device of cuda, cpu or auto but got '{text}'.", nameof(text)),
    };

    private static DeviceKind ParseEnvironment(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return DeviceKind.Auto;
        try
        {
            return Parse(value);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{EnvironmentVariable}: expected cuda, cpu or auto but got '{value}'.");
        }
    }

    private static ComputeDevice OpenIn(Context context, DeviceKind kind, bool allowCpuFallback, string reason, int cpuThreadsPerGroup)
    {
        if (kind == DeviceKind.Cpu) return OpenCpu(context, $"CPU accelerator ({reason})", cpuThreadsPerGroup);
        var cuda = context.GetCudaDevices();
        if (cuda.Count == 0)
        {
            if (kind == DeviceKind.Auto) return OpenCpu(context, "CPU accelerator (no CUDA device found)", cpuThreadsPerGroup);
            const string missing = "no CUDA device was found (no NVIDIA driver, or no GPU visible to this process)";
            if (allowCpuFallback) return OpenCpu(context, $"CPU accelerator (CUDA {reason} but {missing}; falling back as allowed)", cpuThreadsPerGroup);
            throw new DeviceStartException($"DslNets: CUDA was {reason} but {missing}. Use --device cpu, or allow the fallback.");
        }

        Device first = cuda[0];
        try
        {
            Accelerator accelerator = first.CreateAccelerator(context);
            string detail = accelerator is CudaAccelerator c
                ? $"{c.Architecture}, {c.MemorySize / (1L << 20):N0} MiB, {c.NumMultiprocessors} SMs"
                : $"{accelerator.MemorySize / (1L << 20):N0} MiB";
            return new ComputeDevice(context, accelerator, DeviceKind.Cuda, $"DslNets device: CUDA '{accelerator.Name}' ({detail}; {reason})");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            string failure = $"CUDA device '{first.Name}' failed to start: {exception.Message}";
            if (allowCpuFallback) return OpenCpu(context, $"CPU accelerator ({failure}; falling back as allowed)", cpuThreadsPerGroup);
            throw new DeviceStartException($"DslNets: {failure}. Use --device cpu, or allow the fallback.", exception);
        }
    }

    private static ComputeDevice OpenCpu(Context context, string why, int threadsPerGroup)
    {
        CPUAccelerator accelerator = threadsPerGroup == 0
            ? context.GetCPUDevice(0).CreateCPUAccelerator(context)
            : new CPUDevice(4, threadsPerGroup / 4, Math.Max(1, Environment.ProcessorCount)).CreateCPUAccelerator(context);
        return new ComputeDevice(context, accelerator, DeviceKind.Cpu,
            $"DslNets device: {why}, {accelerator.MaxNumThreadsPerGroup} threads per group; for correctness, not speed");
    }

    /// <inheritdoc />
    public override string ToString() => Description;

    /// <summary>Releases the accelerator and the context.</summary>
    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}
