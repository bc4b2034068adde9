using DslNets.Generator.Tests.Networks;
using DslNets.Gpu;

namespace DslNets.Generator.Tests.ImageLayers;

/// <summary>
/// The device kernels state their local memory per thread (one sample's activations and gradients), so DeviceNetwork can
/// refuse CUDA where it exceeds the 512 KiB a thread gets there: PBB's MNIST CNN in double does, LeNet5 does not.
/// </summary>
public sealed class DeviceLocalMemoryTests
{
    [Fact]
    public void TheKernelsStateTheirLocalMemoryAndPbbExceedsCudasCap()
    {
        long pbb = 2L * (32 * 26 * 26 + 64 * 24 * 24 + 64 * 12 * 12 + 128 + 10) * sizeof(double);
        Assert.Equal(PbbMnistCnn.DeviceKernels.LocalBytesPerThread, pbb);
        Assert.True(pbb > DeviceLocalMemory.CudaLimitBytes);
        Assert.True(LeNet5.DeviceKernels.LocalBytesPerThread < DeviceLocalMemory.CudaLimitBytes);
        Assert.Equal(TinyConvSingle.DeviceKernels.LocalBytesPerThread, 2L * (3 * 4 * 6 + 3 * 2 * 3 + 2 * 2 * 2 + 2) * sizeof(float));
        Assert.Throws<NotSupportedException>(() => DeviceLocalMemory.Check(nameof(PbbMnistCnn), ILGPU.Runtime.AcceleratorType.Cuda, PbbMnistCnn.DeviceKernels.LocalBytesPerThread));
    }
}
