using System.Numerics;
using DslNets.Gpu;
using DslNets.Optimizers;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// Every host optimiser configuration the device tests cover, by name, each built as a host optimiser and as its
/// device version with the same arguments.
/// </summary>
internal static class OptimizerPairs
{
    public static readonly string[] Names =
    [
        "sgd", "sgd-momentum", "sgd-dampening", "sgd-weight-decay", "sgd-momentum-dampening-weight-decay", "sgd-nesterov",
        "nag", "rmsprop", "rmsprop-momentum", "rmsprop-centered", "rmsprop-centered-momentum-weight-decay",
        "adam", "adam-weight-decay", "dmu-rmsprop", "dmu-adam",
    ];

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (string name in Names) data.Add(name);
        return data;
    }

    /// <summary>The host optimiser called <paramref name="name"/>; rates suit <see cref="Quadratic{T}"/> (largest curvature about 100).</summary>
    public static IOptimizer<T> Host<T>(string name, int n) where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "sgd" => new Sgd<T>(n, 0.005),
        "sgd-momentum" => new Sgd<T>(n, 0.005, momentum: 0.9),
        "sgd-dampening" => new Sgd<T>(n, 0.005, momentum: 0.9, dampening: 0.3),
        "sgd-weight-decay" => new Sgd<T>(n, 0.005, weightDecay: 0.05),
        "sgd-momentum-dampening-weight-decay" => new Sgd<T>(n, 0.005, momentum: 0.8, dampening: 0.1, weightDecay: 0.05),
        "sgd-nesterov" => new Sgd<T>(n, 0.005, momentum: 0.9, nesterov: true),
        "nag" => new NesterovAcceleratedGradient<T>(n, 0.005, momentum: 0.9),
        "rmsprop" => new RmsProp<T>(n, 0.01),
        "rmsprop-momentum" => new RmsProp<T>(n, 0.005, momentum: 0.9),
        "rmsprop-centered" => new RmsProp<T>(n, 0.01, alpha: 0.9, centered: true),
        "rmsprop-centered-momentum-weight-decay" => new RmsProp<T>(n, 0.005, alpha: 0.95, epsilon: 1e-6, weightDecay: 0.05, momentum: 0.5, centered: true),
        "adam" => new Adam<T>(n, 0.05),
        "adam-weight-decay" => new Adam<T>(n, 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-7, weightDecay: 0.05),
        "dmu-rmsprop" => new DeMukherjeeUllahRmsProp<T>(n, 0.01, beta2: 0.999, xi: 1e-2),
        "dmu-adam" => new DeMukherjeeUllahAdam<T>(n, 0.01, beta1: 0.99, beta2: 0.999, xi: 1e-3),
        _ => throw new ArgumentException($"unknown case {name}", nameof(name)),
    };

    /// <summary>The device optimiser called <paramref name="name"/>, built with its constructor (not the factory).</summary>
    public static DeviceOptimizer<T> Device<T>(string name, Accelerator a, int n) where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "sgd" => new DeviceSgd<T>(a, n, 0.005),
        "sgd-momentum" => new DeviceSgd<T>(a, n, 0.005, momentum: 0.9),
        "sgd-dampening" => new DeviceSgd<T>(a, n, 0.005, momentum: 0.9, dampening: 0.3),
        "sgd-weight-decay" => new DeviceSgd<T>(a, n, 0.005, weightDecay: 0.05),
        "sgd-momentum-dampening-weight-decay" => new DeviceSgd<T>(a, n, 0.005, momentum: 0.8, dampening: 0.1, weightDecay: 0.05),
        "sgd-nesterov" => new DeviceSgd<T>(a, n, 0.005, momentum: 0.9, nesterov: true),
        "nag" => new DeviceNesterovAcceleratedGradient<T>(a, n, 0.005, momentum: 0.9),
        "rmsprop" => new DeviceRmsProp<T>(a, n, 0.01),
        "rmsprop-momentum" => new DeviceRmsProp<T>(a, n, 0.005, momentum: 0.9),
        "rmsprop-centered" => new DeviceRmsProp<T>(a, n, 0.01, alpha: 0.9, centered: true),
        "rmsprop-centered-momentum-weight-decay" => new DeviceRmsProp<T>(a, n, 0.005, alpha: 0.95, epsilon: 1e-6, weightDecay: 0.05, momentum: 0.5, centered: true),
        "adam" => new DeviceAdam<T>(a, n, 0.05),
        "adam-weight-decay" => new DeviceAdam<T>(a, n, 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-7, weightDecay: 0.05),
        "dmu-rmsprop" => new DeviceDeMukherjeeUllahRmsProp<T>(a, n, 0.01, beta2: 0.999, xi: 1e-2),
        "dmu-adam" => new DeviceDeMukherjeeUllahAdam<T>(a, n, 0.01, beta1: 0.99, beta2: 0.999, xi: 1e-3),
        _ => throw new ArgumentException($"unknown case {name}", nameof(name)),
    };
}
