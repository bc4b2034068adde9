using System.Reflection;
using System.Text.RegularExpressions;
using DslNets.Gpu;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// The device Tron kernels as CUDA gets them, without a GPU: ILGPU's PTX backend compiles each for sm_90 (H100/H200).
/// Each is one explicitly grouped kernel holding every iteration, so the PTX must have an entry point, group barriers
/// and exactly the one shared array of the distance tree; the argument structure stays out of local memory.
/// </summary>
public sealed partial class DeviceTronKernelPtxTests : IDisposable
{
    private readonly Context _context = Context.Create(builder => builder.CPU().EnableAlgorithms());
    private readonly PTXBackend _backend;

    public DeviceTronKernelPtxTests()
    {
        _backend = new PTXBackend(_context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!);
    }

    [Theory]
    [InlineData(typeof(float), typeof(FloatReal))]
    [InlineData(typeof(double), typeof(DoubleReal))]
    public void TheNeuroTronKernelCompilesForSm90WithBarriersAndOneSharedTree(Type element, Type real) =>
        AssertGroupedKernel(typeof(NeuroTronKernel), nameof(NeuroTronKernel.Run), element, real);

    [Theory]
    [InlineData(typeof(float), typeof(FloatReal))]
    [InlineData(typeof(double), typeof(DoubleReal))]
    public void TheGlmTronKernelCompilesForSm90WithBarriersAndOneSharedTree(Type element, Type real) =>
        AssertGroupedKernel(typeof(GlmTronKernel), nameof(GlmTronKernel.Run), element, real);

    public void Dispose()
    {
        _backend.Dispose();
        _context.Dispose();
    }

    private void AssertGroupedKernel(Type owner, string name, Type element, Type real)
    {
        MethodInfo kernel = owner.GetMethod(name)!.MakeGenericMethod(element, real);
        var compiled = (PTXCompiledKernel)_backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), KernelSpecialization.Empty);
        string ptx = compiled.PTXAssembly;
        Assert.Contains(".entry", ptx);
        Assert.Contains("bar.sync", ptx);
        long shared = SharedDeclaration().Matches(ptx).Sum(match => long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TronGroup.MaxGroupSize * sizeof(double), shared);
        // The normal stream's inverse CDF takes its logarithm from DeviceMath, never an approximate instruction.
        Assert.DoesNotContain("lg2.approx", ptx);
        Assert.DoesNotContain("ld.local", ptx);
        Assert.DoesNotContain("st.local", ptx);
    }

    [GeneratedRegex(@"\.shared\s+\.align\s+\d+\s+\.b8\s+\w+\[(\d+)\]")]
    private static partial Regex SharedDeclaration();
}
