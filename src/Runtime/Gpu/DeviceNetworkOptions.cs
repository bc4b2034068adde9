namespace DslNets.Gpu;

/// <summary>How a <see cref="DeviceNetwork{TNet, T}"/> lays out its scratch memory.</summary>
public sealed record DeviceNetworkOptions
{
    /// <summary>
    /// The most numbers the per-sample gradient rows may hold at once (samples per pass × ParameterCount); a batch with more
    /// is processed in passes. 2²² (16 MiB of floats) unless set.
    /// </summary>
    public long MaxGradientRowElements { get; init; } = 1L << 22;

    /// <summary>
    /// The most numbers the layer-wise path's activation and delta matrices may hold (rows per pass × 2·Σ layer widths);
    /// 2²⁴ unless set.
    /// </summary>
    public long MaxActivationElements { get; init; } = 1L << 24;

    /// <summary>Which gradient kernels to use; <see cref="GradientPath.Auto"/> unless set.</summary>
    public GradientPath Path { get; init; } = GradientPath.Auto;
}
