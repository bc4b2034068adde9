using DslNets.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.GpuBenchmarks;

/// <summary>
/// Plain SGD on the device, θ ← θ − lr·g, one thread per parameter. (The bench's own tiny kernel: the runtime has no
/// device optimiser yet; when <c>DslNets.Gpu.DeviceOptimizer</c> lands, the step can call it instead.)
/// </summary>
public sealed class DeviceSgd
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, float> _step;

    /// <summary>Loads the kernel on <paramref name="device"/>.</summary>
    public DeviceSgd(ComputeDevice device) =>
        _step = device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(Step);

    /// <summary>Queues θ ← θ − lr·g (no synchronisation).</summary>
    public void Apply(ArrayView<float> parameters, ArrayView<float> gradient, float learningRate) =>
        _step((int)parameters.Length, parameters, gradient, learningRate);

    private static void Step(Index1D i, ArrayView<float> parameters, ArrayView<float> gradient, float learningRate) =>
        parameters[i] -= learningRate * gradient[i];
}
