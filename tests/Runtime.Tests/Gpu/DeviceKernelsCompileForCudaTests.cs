using System.Reflection;
using DslNets.Gpu;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// The CPU accelerator runs kernels as ordinary .NET code, so it accepts constructs the CUDA backend rejects. Here
/// every optimiser and clipping kernel goes through ILGPU's PTX backend (no GPU needed), in float and double.
/// </summary>
public sealed class DeviceKernelsCompileForCudaTests
{
    // The kernels the runtime loads with LoadStreamKernel (explicitly grouped); the rest are auto-grouped.
    private static readonly string[] ExplicitlyGrouped = [nameof(GlobalNormKernels.PartialSumsOfSquares), nameof(GlobalNormKernels.RootOfSum)];

    public static TheoryData<string, string> Kernels()
    {
        var data = new TheoryData<string, string>();
        foreach (Type type in new[] { typeof(OptimizerKernels), typeof(GlobalNormKernels) })
            foreach (MethodInfo m in type.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                if (m.ReturnType == typeof(void) && !m.IsPrivate)
                    data.Add(type.Name, m.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void CompilesToPtx(string typeName, string kernel)
    {
        Type type = typeName == nameof(OptimizerKernels) ? typeof(OptimizerKernels) : typeof(GlobalNormKernels);
        MethodInfo generic = type.GetMethod(kernel, BindingFlags.Static | BindingFlags.NonPublic)!;
        using Context context = Context.Create(b => b.Cuda());
        var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_60), CudaArchitecture.SM_60, CudaInstructionSet.ISA_60, nvvmAPI: null);
        foreach (Type element in new[] { typeof(float), typeof(double) })
        {
            MethodInfo method = generic.MakeGenericMethod(element);
            EntryPointDescription entry = ExplicitlyGrouped.Contains(kernel)
                ? EntryPointDescription.FromExplicitlyGroupedKernel(method)
                : ImplicitlyGrouped(method);
            string ptx = ((PTXCompiledKernel)backend.Compile(entry, new KernelSpecialization())).PTXAssembly;
            Assert.Contains(".entry", ptx);
            Assert.DoesNotContain("atom.", ptx); // no atomics: the reductions' order is fixed
        }
    }

    // ILGPU 1.5.3 keeps this factory internal (LoadAutoGroupedStreamKernel uses it).
    private static EntryPointDescription ImplicitlyGrouped(MethodInfo method) =>
        (EntryPointDescription)typeof(EntryPointDescription)
            .GetMethod("FromImplicitlyGroupedKernel", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!
            .Invoke(null, [method])!;
}
