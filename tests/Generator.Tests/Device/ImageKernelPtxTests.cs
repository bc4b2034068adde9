using System.Reflection;
using DslNets.Generator.Tests.Networks;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace DslNets.Generator.Tests.Device;

/// <summary>
/// The convolution nets' generated device kernels as CUDA gets them, without a GPU: ILGPU's PTX backend compiles each
/// per-sample kernel for sm_90 (the CPU accelerator, which the other device tests use, accepts constructs CUDA would not),
/// with the project's own exp and no approximate transcendentals.
/// </summary>
public sealed class ImageKernelPtxTests : IDisposable
{
    private readonly Context _context = Context.Create(builder => builder.CPU().EnableAlgorithms());
    private readonly PTXBackend _backend;

    public ImageKernelPtxTests() => _backend = new PTXBackend(_context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!);

    public static TheoryData<Type> Networks() => [typeof(LeNet5), typeof(SmallResNet), typeof(TinyConvSingle), typeof(PbbMnistCnn)];

    [Theory]
    [MemberData(nameof(Networks))]
    public void ThePerSampleKernelsCompileForCuda(Type network)
    {
        Type kernels = network.GetNestedType("DeviceKernels")!;
        foreach (string name in new[] { "Forward", "Loss", "Gradient", "LossGradient" })
        {
            MethodInfo kernel = kernels.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
            var compiled = (PTXCompiledKernel)_backend.Compile(ImplicitlyGrouped(kernel), KernelSpecialization.Empty);
            Assert.Contains(".entry", compiled.PTXAssembly);
            Assert.DoesNotContain("ex2.approx", compiled.PTXAssembly);
            Assert.DoesNotContain("tanh.approx", compiled.PTXAssembly);
        }
    }

    // ILGPU 1.5.3 keeps this factory internal (LoadAutoGroupedStreamKernel uses it).
    private static EntryPointDescription ImplicitlyGrouped(MethodInfo method) =>
        (EntryPointDescription)typeof(EntryPointDescription)
            .GetMethod("FromImplicitlyGroupedKernel", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!
            .Invoke(null, [method])!;

    public void Dispose() => _context.Dispose();
}
