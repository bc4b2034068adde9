using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// The per-thread (local) memory the per-sample kernels need against what the device gives: CUDA caps a thread's local
/// memory at 512 KiB, so a network whose one sample's activations and gradients take more (PBB's MNIST CNN in double, for
/// one) is refused there with the sizes named, rather than failing at launch. ILGPU's CPU accelerator has no such cap.
/// </summary>
public static class DeviceLocalMemory
{
    /// <summary>CUDA's limit on one thread's local memory.</summary>
    public const long CudaLimitBytes = 512 * 1024;

    /// <summary>Throws <see cref="NotSupportedException"/> when <paramref name="bytes"/> per thread exceed what <paramref name="accelerator"/> gives.</summary>
    /// <param name="network">The network's name, for the message.</param>
    /// <param name="accelerator">The kind of device.</param>
    /// <param name="bytes">The per-sample kernels' local memory per thread.</param>
    public static void Check(string network, AcceleratorType accelerator, long bytes)
    {
        if (accelerator == AcceleratorType.Cuda && bytes > CudaLimitBytes)
        {
            throw new NotSupportedException(
                $"{network}'s per-sample device kernels keep one sample's activations and gradients in {bytes:N0} bytes of local memory per thread, " +
                $"more than CUDA's {CudaLimitBytes:N0}; run it on the host (its batched path) or on ILGPU's CPU accelerator, or use smaller layers.");
        }
    }
}
