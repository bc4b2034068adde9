using DslNets.Gpu;
using ILGPU;
using ILGPU.Runtime.CPU;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// One ILGPU context with two CPU accelerators, shared by the device-kernel tests (compiling kernels is the slow
/// part, so each accelerator keeps one <see cref="DeviceGemm"/> and one <see cref="DeviceDenseKernels"/>):
/// the default one (16 threads per group: the small tile) and one with 64 threads per group (the medium tile). Their
/// products are forced onto the own tiled kernel (what a GPU without cuBLAS runs); "host" is the default accelerator's
/// own choice, the host Gemm on the accelerator's memory.
/// </summary>
public sealed class GemmTestAccelerators : IDisposable
{
    public GemmTestAccelerators()
    {
        Context = Context.Create(builder => builder.CPU().EnableAlgorithms());
        Default = Context.CreateCPUAccelerator(0);
        Wide = new CPUDevice(4, 16, 2).CreateCPUAccelerator(Context);
        DefaultGemm = new DeviceGemm(Default, forceOwnKernel: true);
        WideGemm = new DeviceGemm(Wide, forceOwnKernel: true);
        HostGemm = new DeviceGemm(Default);
        DefaultDense = new DeviceDenseKernels(DefaultGemm);
        WideDense = new DeviceDenseKernels(WideGemm);
    }

    public Context Context { get; }

    /// <summary>ILGPU's default CPU accelerator: warp 4, 16 threads per group.</summary>
    public CPUAccelerator Default { get; }

    /// <summary>A CPU accelerator with 64 threads per group.</summary>
    public CPUAccelerator Wide { get; }

    public DeviceGemm DefaultGemm { get; }

    public DeviceGemm WideGemm { get; }

    /// <summary>The default accelerator's product as it chooses it: the host Gemm on its memory.</summary>
    public DeviceGemm HostGemm { get; }

    public DeviceDenseKernels DefaultDense { get; }

    public DeviceDenseKernels WideDense { get; }

    /// <summary>The product for a test's accelerator: "default" or "wide" (the own kernel), or "host" (the host Gemm).</summary>
    public DeviceGemm Gemm(string accelerator) => accelerator switch { "wide" => WideGemm, "host" => HostGemm, _ => DefaultGemm };

    /// <summary>The dense kernels for a test's accelerator: "default" or "wide".</summary>
    public DeviceDenseKernels Dense(string accelerator) => accelerator == "wide" ? WideDense : DefaultDense;

    public void Dispose()
    {
        DefaultGemm.Dispose();
        WideGemm.Dispose();
        HostGemm.Dispose();
        Wide.Dispose();
        Default.Dispose();
        Context.Dispose();
    }
}

/// <summary>The tests that share <see cref="GemmTestAccelerators"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class GemmTestAcceleratorsCollection : ICollectionFixture<GemmTestAccelerators>
{
    public const string Name = "GemmTestAccelerators";
}
