using System.Numerics;
using DslNets.Gpu;
using DslNets.Optimizers;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// Steps a host optimiser, or a device one, on a <see cref="Quadratic{T}"/>: each step evaluates the gradient on the
/// host at the run's current parameters (for the device run, downloaded from the device) and, for the device run,
/// uploads it; so both runs see the gradient sequence their own parameters produce.
/// </summary>
internal static class Trajectories
{
    public static void HostSteps<T>(IOptimizer<T> optimizer, Quadratic<T> problem, T[] theta, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int s = 0; s < steps; s++) optimizer.Step(theta, problem.Gradient(theta));
    }

    /// <summary>Steps <paramref name="optimizer"/> on device copies of <paramref name="theta"/>, and copies the result back into it.</summary>
    public static void DeviceSteps<T>(GpuTestAccelerator gpu, DeviceOptimizer<T> optimizer, Quadratic<T> problem, T[] theta, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using MemoryBuffer1D<T, Stride1D.Dense> parameters = gpu.Upload(theta);
        using MemoryBuffer1D<T, Stride1D.Dense> gradient = gpu.Accelerator.Allocate1D<T>(theta.Length);
        for (int s = 0; s < steps; s++)
        {
            T[] current = gpu.Download(parameters);
            gradient.CopyFromCPU(problem.Gradient(current));
            optimizer.Step(parameters.View, gradient.View);
        }
        gpu.Download(parameters).CopyTo(theta, 0);
    }

    /// <summary>‖actual − expected‖∞ ≤ tolerance·‖expected‖∞ (all finite), naming the worst element.</summary>
    public static void AssertClose<T>(T[] expected, T[] actual, double tolerance, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateChecked(expected[i]), a = double.CreateChecked(actual[i]);
            Assert.True(double.IsFinite(e) && double.IsFinite(a), $"{what}: element {i} is not finite (expected {e:R}, got {a:R})");
            scale = Math.Max(scale, Math.Abs(e));
            if (Math.Abs(a - e) > worst)
            {
                worst = Math.Abs(a - e);
                worstIndex = i;
            }
        }
        Assert.True(worst <= tolerance * scale,
            $"{what}: element {worstIndex} differs by {worst:R} (expected {expected[worstIndex]}, got {actual[worstIndex]}), more than {tolerance}·{scale:R}");
    }

    /// <summary>Guards against a vacuous comparison: the run must have moved the parameters.</summary>
    public static void AssertMoved<T>(T[] start, T[] end) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double moved = 0;
        for (int i = 0; i < start.Length; i++) moved = Math.Max(moved, Math.Abs(double.CreateChecked(end[i] - start[i])));
        Assert.True(moved > 1e-3, $"the parameters moved by only {moved:R}");
    }
}
