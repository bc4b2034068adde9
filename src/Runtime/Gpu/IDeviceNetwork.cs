using System.Numerics;

namespace DslNets.Gpu;

/// <summary>
/// A generated network that carries its own ILGPU kernels (every generated network does): what
/// <see cref="DeviceNetwork{TNet, T}"/> launches, with every size a constant of the network.
/// </summary>
/// <typeparam name="TSelf">The generated network type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public interface IDeviceNetwork<TSelf, T> : INetwork<TSelf, T>
    where TSelf : IDeviceNetwork<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The network's device kernels.</summary>
    static abstract DeviceKernelSet<T> DeviceKernels { get; }
}
