using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// One ILGPU context and accelerator for a test class (<c>IClassFixture&lt;GpuTestAccelerator&gt;</c>), disposed after
/// its tests. It is ILGPU's CPU accelerator with 64 threads per group (so grouped kernels run several warps), which
/// every machine has; set DSLNETS_TEST_ACCELERATOR=preferred to run the same tests on the best device present
/// (a CUDA GPU where there is one).
/// </summary>
public sealed class GpuTestAccelerator : IDisposable
{
    /// <summary>Creates the context and the accelerator.</summary>
    public GpuTestAccelerator()
    {
        bool preferred = string.Equals(Environment.GetEnvironmentVariable("DSLNETS_TEST_ACCELERATOR"), "preferred", StringComparison.OrdinalIgnoreCase);
        if (preferred)
        {
            Context = Context.Create(b => b.Default().EnableAlgorithms());
            Accelerator = Context.GetPreferredDevice(preferCPU: false).CreateAccelerator(Context);
        }
        else
        {
            Context = Context.Create(b => b.CPU().EnableAlgorithms());
            // 4 threads per warp, 16 warps per multiprocessor, 2 multiprocessors: 64 threads per group.
            Accelerator = new CPUDevice(4, 16, 2).CreateCPUAccelerator(Context);
        }
    }

    /// <summary>The ILGPU context.</summary>
    public Context Context { get; }

    /// <summary>The accelerator the tests run their kernels on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Uploads <paramref name="data"/> into a new device buffer (the caller disposes it).</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] data) where T : unmanaged
    {
        MemoryBuffer1D<T, Stride1D.Dense> buffer = Accelerator.Allocate1D<T>(data.Length);
        buffer.CopyFromCPU(data);
        return buffer;
    }

    /// <summary>Waits for the queued work and copies <paramref name="buffer"/> back to a new array.</summary>
    public T[] Download<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer) where T : unmanaged
    {
        Accelerator.Synchronize();
        return buffer.GetAsArray1D();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}
