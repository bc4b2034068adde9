using DslNets.Gpu;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// A <see cref="ComputeDevice"/> for a test class: ILGPU's CPU accelerator with 64 threads per group (so group-wide kernels
/// run several warps), which every machine has.
/// </summary>
public sealed class ComputeDeviceFixture : IDisposable
{
    /// <summary>The device.</summary>
    public ComputeDevice Device { get; } = ComputeDevice.Open(DeviceKind.Cpu, log: TextWriter.Null, cpuThreadsPerGroup: 64);

    /// <inheritdoc />
    public void Dispose() => Device.Dispose();
}
