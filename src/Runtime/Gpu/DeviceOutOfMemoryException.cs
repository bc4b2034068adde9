namespace DslNets.Gpu;

/// <summary>A device allocation failed or would exceed the device's memory; the message names what was being allocated, its size and the device's.</summary>
public sealed class DeviceOutOfMemoryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeviceOutOfMemoryException(string message, long requestedBytes, long deviceBytes, Exception? inner = null) : base(message, inner)
    {
        RequestedBytes = requestedBytes;
        DeviceBytes = deviceBytes;
    }

    /// <summary>The bytes the failed allocation asked for.</summary>
    public long RequestedBytes { get; }

    /// <summary>The device's memory in bytes as ILGPU reports it.</summary>
    public long DeviceBytes { get; }
}
