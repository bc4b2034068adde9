using DslNets.Gpu;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>The per-thread local memory check: CUDA's 512 KiB cap refuses larger per-sample kernels, naming the sizes; the CPU accelerator has no cap.</summary>
public class DeviceLocalMemoryTests
{
    [Fact]
    public void CudaRefusesMoreThan512KiBPerThreadNamingTheSizes()
    {
        var error = Assert.Throws<NotSupportedException>(() => DeviceLocalMemory.Check("Big", AcceleratorType.Cuda, 1_085_600));
        Assert.Contains("Big's per-sample device kernels", error.Message, StringComparison.Ordinal);
        Assert.Contains("1,085,600 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("524,288", error.Message, StringComparison.Ordinal);
        DeviceLocalMemory.Check("Fits", AcceleratorType.Cuda, DeviceLocalMemory.CudaLimitBytes);
        DeviceLocalMemory.Check("Big", AcceleratorType.CPU, 1L << 30);
    }
}
