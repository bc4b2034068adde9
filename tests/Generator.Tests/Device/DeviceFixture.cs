using DslNets.Gpu;

namespace DslNets.Generator.Tests.Device;

/// <summary>One ILGPU CPU accelerator shared by the device tests (what CI has; a GPU is never assumed).</summary>
public sealed class DeviceFixture : IDisposable
{
    public DeviceFixture()
    {
        Device = ComputeDevice.Open(DeviceKind.Cpu, log: TextWriter.Null);
    }

    public ComputeDevice Device { get; }

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DeviceCollection : ICollectionFixture<DeviceFixture>
{
    public const string Name = "Device (ILGPU CPU accelerator)";
}
