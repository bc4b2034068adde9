using DslNets.Gpu;

namespace DslNets.Generator.Tests.Device;

/// <summary>One ILGPU CPU accelerator shared by the device tests (what CI has; a GPU is never assumed).</summary>
public sealed class DeviceFixture : IDisposable
{
    public DeviceFixture()
    {
        Device = ComputeDevice.Open(DeviceKind.Cpu, log: TextWriter.Null);
        WideGroups = ComputeDevice.Open(DeviceKind.Cpu, log: TextWriter.Null, cpuThreadsPerGroup: 64);
    }

    /// <summary>ILGPU's default CPU accelerator (16 threads per group).</summary>
    public ComputeDevice Device { get; }

    /// <summary>A CPU accelerator with 64 threads per group, so group-wide kernels run with GPU-like groups.</summary>
    public ComputeDevice WideGroups { get; }

    public void Dispose()
    {
        Device.Dispose();
        WideGroups.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DeviceCollection : ICollectionFixture<DeviceFixture>
{
    public const string Name = "Device (ILGPU CPU accelerator)";
}
