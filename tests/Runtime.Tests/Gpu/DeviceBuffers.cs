using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>Host arrays to and from an accelerator, for the device tests.</summary>
internal static class DeviceBuffers
{
    /// <summary>A device copy of <paramref name="values"/> (dispose it).</summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(Accelerator accelerator, T[] values)
        where T : unmanaged => accelerator.Allocate1D(values);

    /// <summary>Waits for the queued kernels, then copies the buffer back.</summary>
    public static T[] Download<T>(Accelerator accelerator, MemoryBuffer1D<T, Stride1D.Dense> buffer)
        where T : unmanaged
    {
        accelerator.Synchronize();
        return buffer.GetAsArray1D();
    }

    /// <summary>An array of <paramref name="length"/> copies of <paramref name="value"/>.</summary>
    public static T[] Filled<T>(int length, T value)
    {
        var values = new T[length];
        Array.Fill(values, value);
        return values;
    }
}
