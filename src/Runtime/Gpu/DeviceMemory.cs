using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>Device allocations that fail with a message naming what was allocated, how large it was and how large the device is.</summary>
public static class DeviceMemory
{
    /// <summary>Allocates <paramref name="length"/> elements of <typeparamref name="T"/> for <paramref name="what"/>.</summary>
    /// <exception cref="DeviceOutOfMemoryException">The device cannot hold it.</exception>
    public static MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(Accelerator accelerator, long length, string what) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        long bytes = checked(length * Unsafe.SizeOf<T>());
        if (bytes > accelerator.MemorySize) throw Failure<T>(accelerator, what, length, bytes, null);
        try
        {
            return accelerator.Allocate1D<T>(Math.Max(1, length));
        }
        catch (Exception exception) when (exception is OutOfMemoryException or AcceleratorException or InsufficientExecutionStackException)
        {
            throw Failure<T>(accelerator, what, length, bytes, exception);
        }
    }

    private static DeviceOutOfMemoryException Failure<T>(Accelerator accelerator, string what, long length, long bytes, Exception? inner) =>
        new($"DslNets: the device '{accelerator.Name}' could not allocate {what}: {length:N0} elements of {typeof(T).Name} = {bytes:N0} bytes, " +
            $"beside a device memory of {accelerator.MemorySize:N0} bytes" + (inner is null ? "." : $" ({inner.Message})."), bytes, accelerator.MemorySize, inner);
}
