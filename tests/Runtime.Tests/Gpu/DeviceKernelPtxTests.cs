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
/// The kernels as CUDA gets them, without a GPU: ILGPU's PTX backend compiles each for sm_90 (H100/H200), and the
/// PTX shows what the CPU accelerator cannot: that the kernels compile for CUDA at all, the static shared memory
/// per group (at most 48 KB), the register blocks kept out of local memory, and no approximate transcendentals.
/// </summary>
public sealed partial class DeviceKernelPtxTests : IDisposable
{
    private const int StaticSharedLimit = 48 * 1024;
    private readonly Context _context = Context.Create(builder => builder.CPU().EnableAlgorithms());
    private readonly PTXBackend _backend;

    public DeviceKernelPtxTests()
    {
        _backend = new PTXBackend(_context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!);
    }

    [Theory]
    [InlineData(typeof(float))]
    [InlineData(typeof(double))]
    public void TheLargeTileKernelCompilesWithinTheSharedMemoryAndRegisters(Type element)
    {
        MethodInfo kernel = typeof(TiledGemmKernel).GetMethod(nameof(TiledGemmKernel.Run))!.MakeGenericMethod(element, typeof(LargeGemmTile));
        string ptx = Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel));
        int elementSize = element == typeof(float) ? sizeof(float) : sizeof(double);
        long shared = SharedBytes(ptx);
        Assert.Equal(GemmTiles.SharedBytes(GemmTileShape.Large, elementSize), shared);
        Assert.True(shared <= StaticSharedLimit, $"{shared} bytes of shared memory per group.");
        Assert.Contains("bar.sync", ptx);
        Assert.DoesNotContain("ld.local", ptx);
        Assert.DoesNotContain("st.local", ptx);
    }

    [Theory]
    [InlineData(typeof(float), typeof(FloatReal))]
    [InlineData(typeof(double), typeof(DoubleReal))]
    public void TheDenseLayerKernelsCompileWithTheProjectsOwnExpAndTanh(Type element, Type real)
    {
        string bias = CompileImplicit(typeof(DenseLayerKernels), nameof(DenseLayerKernels.BiasActivation), element, real);
        Assert.DoesNotContain("tanh.approx", bias);
        Assert.DoesNotContain("ex2.approx", bias);
        Assert.DoesNotContain("Cordic", bias, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("RotateHyperbolic", bias);
        Assert.Contains(".entry", CompileImplicit(typeof(DenseLayerKernels), nameof(DenseLayerKernels.ActivationDerivative), element));
        Assert.Contains(".entry", CompileImplicit(typeof(DenseLayerKernels), nameof(DenseLayerKernels.BiasGradient), element));
        Assert.Contains(".entry", CompileImplicit(typeof(ScaleKernel), nameof(ScaleKernel.Run), element));
    }

    [Fact]
    public void ThePacBayesKernelsCompileWithExactSquareRootsAndTheProjectsOwnExpAndLog()
    {
        const BindingFlags any = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (string name in new[] { nameof(CertificateKernels.DrawWeights), nameof(CertificateKernels.Square), nameof(CertificateKernels.DrawLayer), nameof(CertificateKernels.Score) })
        {
            string ptx = Compile(EntryPointDescription.FromImplicitlyGroupedKernel(typeof(CertificateKernels).GetMethod(name, any)!));
            Assert.DoesNotContain("lg2.approx", ptx);
            Assert.DoesNotContain("ex2.approx", ptx);
            Assert.DoesNotContain("sqrt.approx", ptx);
            if (name == nameof(CertificateKernels.DrawLayer)) Assert.Contains("sqrt.rn.f64", ptx);
        }
        Compile(EntryPointDescription.FromImplicitlyGroupedKernel(typeof(DeviceRandom).GetMethod(nameof(DeviceRandom.FillNormalDouble), any)!));
        foreach (string name in new[] { nameof(PacBayesKernels.Draw), nameof(PacBayesKernels.Score), nameof(PacBayesKernels.Gradient), nameof(PacBayesKernels.Fill) })
        {
            string ptx = Compile(EntryPointDescription.FromImplicitlyGroupedKernel(typeof(PacBayesKernels).GetMethod(name, any)!));
            Assert.DoesNotContain("lg2.approx", ptx);
            Assert.DoesNotContain("ex2.approx", ptx);
        }
        foreach (string name in new[] { nameof(DeviceSum.PartialSums), nameof(DeviceSum.Total) })
            Assert.Contains("bar.sync", Compile(EntryPointDescription.FromExplicitlyGroupedKernel(typeof(DeviceSum).GetMethod(name, any)!)));
    }

    public void Dispose()
    {
        _backend.Dispose();
        _context.Dispose();
    }

    private string CompileImplicit(Type owner, string name, params Type[] typeArguments)
    {
        MethodInfo kernel = owner.GetMethod(name)!.MakeGenericMethod(typeArguments);
        return Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel));
    }

    private string Compile(EntryPointDescription entry)
    {
        var compiled = (PTXCompiledKernel)_backend.Compile(entry, KernelSpecialization.Empty);
        Assert.Contains(".entry", compiled.PTXAssembly);
        return compiled.PTXAssembly;
    }

    private static long SharedBytes(string ptx) =>
        SharedDeclaration().Matches(ptx).Sum(match => long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\.shared\s+\.align\s+\d+\s+\.b8\s+\w+\[(\d+)\]")]
    private static partial Regex SharedDeclaration();
}
