using System.Numerics;
using DslNets.Gpu;
using DslNets.Optimizers;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>Every device optimiser follows its host optimiser's trajectory: same start, same problem, 20 steps.</summary>
public sealed class DeviceOptimizerTrajectoryTests(GpuTestAccelerator gpu) : IClassFixture<GpuTestAccelerator>
{
    private const int N = 203; // odd and larger than a group, so the launch has a partial last group
    private const int Steps = 20;

    public static TheoryData<string> Cases => OptimizerPairs.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void DoubleMatchesHostTo1e12(string name) => AssertSameTrajectory<double>(name, 1e-12);

    [Theory]
    [InlineData("sgd-momentum")]
    [InlineData("nag")]
    [InlineData("rmsprop-centered-momentum-weight-decay")]
    [InlineData("adam-weight-decay")]
    [InlineData("dmu-adam")]
    public void FloatMatchesHostTo1e5(string name) => AssertSameTrajectory<float>(name, 1e-5);

    [Theory]
    [InlineData("sgd-momentum")]
    [InlineData("sgd-nesterov")]
    [InlineData("nag")]
    [InlineData("rmsprop-centered-momentum-weight-decay")]
    [InlineData("adam")]
    [InlineData("dmu-rmsprop")]
    [InlineData("dmu-adam")]
    public void LearningRateChangedMidRunMatchesHost(string name)
    {
        var problem = new Quadratic<double>(N);
        IOptimizer<double> host = OptimizerPairs.Host<double>(name, N);
        using DeviceOptimizer<double> device = OptimizerPairs.Device<double>(name, gpu.Accelerator, N);
        double[] onHost = (double[])problem.Start.Clone(), onDevice = (double[])problem.Start.Clone();

        Trajectories.HostSteps(host, problem, onHost, 10);
        Trajectories.DeviceSteps(gpu, device, problem, onDevice, 10);
        host.LearningRate *= 0.4;
        device.LearningRate *= 0.4;
        Assert.Equal(host.LearningRate, device.LearningRate);
        Trajectories.HostSteps(host, problem, onHost, 10);
        Trajectories.DeviceSteps(gpu, device, problem, onDevice, 10);

        Trajectories.AssertMoved(problem.Start, onHost);
        Trajectories.AssertClose(onHost, onDevice, 1e-12, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ResetMatchesHostReset(string name)
    {
        var problem = new Quadratic<double>(N);
        IOptimizer<double> host = OptimizerPairs.Host<double>(name, N);
        using DeviceOptimizer<double> device = OptimizerPairs.Device<double>(name, gpu.Accelerator, N);
        double[] onHost = (double[])problem.Start.Clone(), onDevice = (double[])problem.Start.Clone();

        Trajectories.HostSteps(host, problem, onHost, 8);
        Trajectories.DeviceSteps(gpu, device, problem, onDevice, 8);
        Assert.Equal(8, device.StepCount);
        host.Reset();
        device.Reset();
        Assert.Equal(0, device.StepCount);
        Trajectories.HostSteps(host, problem, onHost, 12);
        Trajectories.DeviceSteps(gpu, device, problem, onDevice, 12);

        Trajectories.AssertClose(onHost, onDevice, 1e-12, name);
        Assert.Equal(12, device.StepCount);
    }

    [Fact]
    public void ResetRestartsAdamsBiasCorrectionAndSgdsFirstStep()
    {
        // After Reset the next steps must be the first steps of a fresh optimiser, from wherever the parameters are.
        var problem = new Quadratic<double>(N);
        foreach (string name in new[] { "adam", "sgd-dampening" })
        {
            using DeviceOptimizer<double> used = OptimizerPairs.Device<double>(name, gpu.Accelerator, N);
            using DeviceOptimizer<double> fresh = OptimizerPairs.Device<double>(name, gpu.Accelerator, N);
            double[] a = (double[])problem.Start.Clone();
            Trajectories.DeviceSteps(gpu, used, problem, a, 5);
            double[] b = (double[])a.Clone();
            used.Reset();
            Trajectories.DeviceSteps(gpu, used, problem, a, 3);
            Trajectories.DeviceSteps(gpu, fresh, problem, b, 3);
            Trajectories.AssertClose(b, a, 1e-12, name);
        }
    }

    private void AssertSameTrajectory<T>(string name, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = new Quadratic<T>(N);
        IOptimizer<T> host = OptimizerPairs.Host<T>(name, N);
        using DeviceOptimizer<T> device = OptimizerPairs.Device<T>(name, gpu.Accelerator, N);
        T[] onHost = (T[])problem.Start.Clone(), onDevice = (T[])problem.Start.Clone();
        for (int step = 1; step <= Steps; step++)
        {
            Trajectories.HostSteps(host, problem, onHost, 1);
            Trajectories.DeviceSteps(gpu, device, problem, onDevice, 1);
            Trajectories.AssertClose(onHost, onDevice, tolerance, $"{name} ({typeof(T).Name}) step {step}");
        }
        Assert.Equal(Steps, device.StepCount);
        Trajectories.AssertMoved(problem.Start, onHost);
    }
}
