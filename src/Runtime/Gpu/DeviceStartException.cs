namespace DslNets.Gpu;

/// <summary>The accelerator that was asked for could not be started (no CUDA device, or CUDA failed at start); the message names the device and the reason.</summary>
public sealed class DeviceStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeviceStartException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
