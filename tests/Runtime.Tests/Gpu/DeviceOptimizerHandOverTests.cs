using DslNets.Gpu;
using DslNets.Optimizers;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>A run can move between host and device mid-way (the factory, CopyStateFrom, CopyStateTo) and end where an all-host run ends.</summary>
public sealed class DeviceOptimizerHandOverTests(GpuTestAccelerator gpu) : IClassFixture<GpuTestAccelerator>
{
    private const int N = 97;

    public static TheoryData<string> Cases => OptimizerPairs.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void FactoryContinuesAHostRunOnTheDevice(string name)
    {
        var problem = new Quadratic<double>(N);
        double[] reference = AllHost(name, problem, changeRateAt: 5);

        IOptimizer<double> host = OptimizerPairs.Host<double>(name, N);
        double[] theta = (double[])problem.Start.Clone();
        Trajectories.HostSteps(host, problem, theta, 5);
        host.LearningRate *= 0.5;
        Trajectories.HostSteps(host, problem, theta, 5);
        using DeviceOptimizer<double> device = DeviceOptimizer.Create(gpu.Accelerator, host);
        Assert.Equal(10, device.StepCount);
        Assert.Equal(host.LearningRate, device.LearningRate);
        Trajectories.DeviceSteps(gpu, device, problem, theta, 10);

        Trajectories.AssertClose(reference, theta, 1e-12, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CopyStateToContinuesADeviceRunOnTheHost(string name)
    {
        var problem = new Quadratic<double>(N);
        double[] reference = AllHost(name, problem, changeRateAt: 5);

        using DeviceOptimizer<double> device = OptimizerPairs.Device<double>(name, gpu.Accelerator, N);
        double[] theta = (double[])problem.Start.Clone();
        Trajectories.DeviceSteps(gpu, device, problem, theta, 5);
        device.LearningRate *= 0.5;
        Trajectories.DeviceSteps(gpu, device, problem, theta, 5);
        IOptimizer<double> host = OptimizerPairs.Host<double>(name, N);
        device.CopyStateTo(host);
        Assert.Equal(10, host.StepCount);
        Assert.Equal(device.LearningRate, host.LearningRate);
        Trajectories.HostSteps(host, problem, theta, 10);

        Trajectories.AssertClose(reference, theta, 1e-12, name);
    }

    [Theory]
    [InlineData("sgd-momentum")]
    [InlineData("adam")]
    public void FactoryFromAFreshHostOptimiserStartsFresh(string name)
    {
        // A host optimiser that has not stepped: SGD's buffer has not started, ADAM's step count is 0.
        var problem = new Quadratic<double>(N);
        double[] reference = (double[])problem.Start.Clone();
        Trajectories.HostSteps(OptimizerPairs.Host<double>(name, N), problem, reference, 10);

        using DeviceOptimizer<double> device = DeviceOptimizer.Create(gpu.Accelerator, OptimizerPairs.Host<double>(name, N));
        double[] theta = (double[])problem.Start.Clone();
        Trajectories.DeviceSteps(gpu, device, problem, theta, 10);
        Trajectories.AssertClose(reference, theta, 1e-12, name);
    }

    [Fact]
    public void HostDeviceHostRoundTripInFloat()
    {
        var problem = new Quadratic<float>(N);
        float[] reference = (float[])problem.Start.Clone();
        Trajectories.HostSteps(OptimizerPairs.Host<float>("adam-weight-decay", N), problem, reference, 21);

        IOptimizer<float> host = OptimizerPairs.Host<float>("adam-weight-decay", N);
        float[] theta = (float[])problem.Start.Clone();
        Trajectories.HostSteps(host, problem, theta, 7);
        using DeviceOptimizer<float> device = DeviceOptimizer.Create(gpu.Accelerator, host);
        Trajectories.DeviceSteps(gpu, device, problem, theta, 7);
        device.CopyStateTo(host);
        Trajectories.HostSteps(host, problem, theta, 7);

        Assert.Equal(21, host.StepCount);
        Trajectories.AssertClose(reference, theta, 1e-5, "adam-weight-decay (Single)");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FactoryBuildsTheMatchingDeviceType(string name)
    {
        IOptimizer<double> host = OptimizerPairs.Host<double>(name, N);
        using DeviceOptimizer<double> device = DeviceOptimizer.Create(gpu.Accelerator, host);
        string hostName = host.GetType().Name;
        Assert.Equal("Device" + hostName, device.GetType().Name);
        Assert.Equal(N, device.ParameterCount);
        Assert.Same(gpu.Accelerator, device.Accelerator);
    }

    private static double[] AllHost(string name, Quadratic<double> problem, int changeRateAt)
    {
        IOptimizer<double> host = OptimizerPairs.Host<double>(name, N);
        double[] theta = (double[])problem.Start.Clone();
        Trajectories.HostSteps(host, problem, theta, changeRateAt);
        host.LearningRate *= 0.5;
        Trajectories.HostSteps(host, problem, theta, 20 - changeRateAt);
        Trajectories.AssertMoved(problem.Start, theta);
        return theta;
    }
}
