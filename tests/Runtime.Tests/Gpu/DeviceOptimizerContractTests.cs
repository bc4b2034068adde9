using DslNets.Gpu;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>What the device optimisers refuse, and how they say so.</summary>
public sealed class DeviceOptimizerContractTests(GpuTestAccelerator gpu) : IClassFixture<GpuTestAccelerator>
{
    public static TheoryData<string> Cases => OptimizerPairs.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void WrongLengthsThrowNamingBothLengths(string name)
    {
        using DeviceOptimizer<double> optimizer = OptimizerPairs.Device<double>(name, gpu.Accelerator, 37);
        using MemoryBuffer1D<double, Stride1D.Dense> right = gpu.Accelerator.Allocate1D<double>(37);
        using MemoryBuffer1D<double, Stride1D.Dense> shorter = gpu.Accelerator.Allocate1D<double>(36);
        using MemoryBuffer1D<double, Stride1D.Dense> longer = gpu.Accelerator.Allocate1D<double>(41);

        var p = Assert.Throws<ArgumentException>(() => optimizer.Step(shorter.View, right.View));
        Assert.Equal("parameters", p.ParamName);
        Assert.Contains("37", p.Message);
        Assert.Contains("36", p.Message);

        var g = Assert.Throws<ArgumentException>(() => optimizer.Step(right.View, longer.View));
        Assert.Equal("gradient", g.ParamName);
        Assert.Contains("37", g.Message);
        Assert.Contains("41", g.Message);

        Assert.Equal(0, optimizer.StepCount); // a refused step is not counted
    }

    [Fact]
    public void ViewsOnAnotherAcceleratorAreRefused()
    {
        using Accelerator other = new CPUDevice(2, 2, 1).CreateCPUAccelerator(gpu.Context);
        using var optimizer = new DeviceAdam<double>(gpu.Accelerator, 8);
        using MemoryBuffer1D<double, Stride1D.Dense> here = gpu.Accelerator.Allocate1D<double>(8);
        using MemoryBuffer1D<double, Stride1D.Dense> there = other.Allocate1D<double>(8);
        var e = Assert.Throws<ArgumentException>(() => optimizer.Step(here.View, there.View));
        Assert.Equal("gradient", e.ParamName);
    }

    [Fact]
    public void UnknownOptimiserTypeThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceOptimizer.Create(gpu.Accelerator, new HomeMadeOptimizer(4)));
        Assert.Equal("host", e.ParamName);
        Assert.Contains(nameof(HomeMadeOptimizer), e.Message);
    }

    [Fact]
    public void CopyStateFromTheWrongTypeThrowsNamingBoth()
    {
        using var device = new DeviceAdam<double>(gpu.Accelerator, 4);
        var e = Assert.Throws<ArgumentException>(() => device.CopyStateFrom(new Sgd<double>(4, 0.1)));
        Assert.Contains("Adam<Double>", e.Message);
        Assert.Contains("Sgd<Double>", e.Message);
    }

    [Fact]
    public void CopyStateFromOtherHyperparametersThrowsNamingThem()
    {
        using var device = new DeviceSgd<double>(gpu.Accelerator, 4, 0.1, momentum: 0.9);
        var e = Assert.Throws<ArgumentException>(() => device.CopyStateTo(new Sgd<double>(4, 0.1, momentum: 0.5)));
        Assert.Contains("Momentum", e.Message);
        Assert.Contains("0.9", e.Message);
        Assert.Contains("0.5", e.Message);
    }

    [Fact]
    public void CopyStateFromAnotherParameterCountThrowsNamingBoth()
    {
        using var device = new DeviceNesterovAcceleratedGradient<double>(gpu.Accelerator, 12, 0.1, 0.9);
        var e = Assert.Throws<ArgumentException>(() => device.CopyStateFrom(new NesterovAcceleratedGradient<double>(13, 0.1, 0.9)));
        Assert.Contains("12", e.Message);
        Assert.Contains("13", e.Message);
    }

    [Fact]
    public void ArgumentsAreCheckedLikeTheHostOnes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceSgd<double>(gpu.Accelerator, 0, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceSgd<double>(gpu.Accelerator, 3, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceSgd<double>(gpu.Accelerator, 3, 0.1, momentum: 1.0));
        Assert.Throws<ArgumentException>(() => new DeviceSgd<double>(gpu.Accelerator, 3, 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceAdam<double>(gpu.Accelerator, 3, beta2: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceRmsProp<double>(gpu.Accelerator, 3, epsilon: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceDeMukherjeeUllahRmsProp<double>(gpu.Accelerator, 3, 0.1, 0.9, xi: 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceDeMukherjeeUllahAdam<double>(gpu.Accelerator, 3, 0.1, 0.9, 0.9, xi: double.NaN));

        using var optimizer = new DeviceAdam<double>(gpu.Accelerator, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = -1e-3);
        Assert.Equal(0.001, optimizer.LearningRate);
    }

    [Fact]
    public void ADisposedOptimiserRefusesToStep()
    {
        var optimizer = new DeviceRmsProp<double>(gpu.Accelerator, 5);
        using MemoryBuffer1D<double, Stride1D.Dense> v = gpu.Accelerator.Allocate1D<double>(5);
        optimizer.Dispose();
        optimizer.Dispose(); // twice is harmless
        Assert.Throws<ObjectDisposedException>(() => optimizer.Step(v.View, v.View));
    }

    /// <summary>An optimiser the factory does not know.</summary>
    private sealed class HomeMadeOptimizer(int parameterCount) : IOptimizer<double>
    {
        public int ParameterCount { get; } = parameterCount;
        public double LearningRate { get; set; } = 0.1;
        public long StepCount => 0;
        public void Step(Span<double> parameters, ReadOnlySpan<double> gradient) { }
        public void Reset() { }
    }
}
