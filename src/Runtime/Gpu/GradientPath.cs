namespace DslNets.Gpu;

/// <summary>How a <see cref="DeviceNetwork{TNet, T}"/> computes batch gradients.</summary>
public enum GradientPath
{
    /// <summary>
    /// The fused kernel when the network has one and the device's shared memory holds it (and no input gradient is asked
    /// for); else, for networks of dense layers, the layer-wise matrix-product path; else per sample.
    /// </summary>
    Auto = 0,
    /// <summary>Always the fused kernel; an error when the network has none or the device's shared memory is too small.</summary>
    Fused = 1,
    /// <summary>Always the per-sample kernels (one gradient row per sample, reduced by a second pass).</summary>
    PerSample = 2,
    /// <summary>Always the layer-wise path (whole-batch matrix products per layer); networks of dense layers only.</summary>
    Layerwise = 3,
}
