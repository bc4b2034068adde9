using System.Numerics;
using DslNets.Optimizers;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>Builds the device version of a host optimiser.</summary>
public static class DeviceOptimizer
{
    /// <summary>
    /// Creates on <paramref name="accelerator"/> the device optimiser matching <paramref name="host"/>, with its
    /// hyperparameters, learning rate, step count and state, so that stepping it continues the host run. Throws an
    /// <see cref="ArgumentException"/> naming the type for an optimiser that has no device version.
    /// </summary>
    /// <param name="accelerator">The accelerator for the state and kernels.</param>
    /// <param name="host">The host optimiser (an <see cref="Sgd{T}"/>, <see cref="NesterovAcceleratedGradient{T}"/>,
    /// <see cref="RmsProp{T}"/>, <see cref="Adam{T}"/>, <see cref="DeMukherjeeUllahRmsProp{T}"/> or
    /// <see cref="DeMukherjeeUllahAdam{T}"/>).</param>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    public static DeviceOptimizer<T> Create<T>(Accelerator accelerator, IOptimizer<T> host) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(host);
        int n = host.ParameterCount;
        double rate = double.CreateChecked(host.LearningRate); // exact for float and double; CopyStateFrom copies the T value anyway
        DeviceOptimizer<T> device = host switch
        {
            Sgd<T> o => new DeviceSgd<T>(accelerator, n, rate, o.Momentum, o.Dampening, o.WeightDecay, o.Nesterov),
            NesterovAcceleratedGradient<T> o => new DeviceNesterovAcceleratedGradient<T>(accelerator, n, rate, double.CreateChecked(o.Momentum)),
            RmsProp<T> o => new DeviceRmsProp<T>(accelerator, n, rate, o.Alpha, o.Epsilon, o.WeightDecay, o.Momentum, o.Centered),
            Adam<T> o => new DeviceAdam<T>(accelerator, n, rate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay),
            DeMukherjeeUllahRmsProp<T> o => new DeviceDeMukherjeeUllahRmsProp<T>(accelerator, n, rate, o.Beta2, o.Xi),
            DeMukherjeeUllahAdam<T> o => new DeviceDeMukherjeeUllahAdam<T>(accelerator, n, rate, o.Beta1, o.Beta2, o.Xi),
            _ => throw new ArgumentException(
                $"DeviceOptimizer.Create: there is no device version of the optimiser type {TypeNames.Full(host.GetType())}; " +
                "the known types are Sgd, NesterovAcceleratedGradient, RmsProp, Adam, DeMukherjeeUllahRmsProp and DeMukherjeeUllahAdam.",
                nameof(host)),
        };
        try
        {
            device.CopyStateFrom(host);
        }
        catch
        {
            device.Dispose();
            throw;
        }
        return device;
    }
}
