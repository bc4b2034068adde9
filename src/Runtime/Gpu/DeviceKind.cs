namespace DslNets.Gpu;

/// <summary>Which accelerator a <see cref="ComputeDevice"/> opens.</summary>
public enum DeviceKind
{
    /// <summary>CUDA when a CUDA device is present, otherwise ILGPU's CPU accelerator; the environment variable <c>DSLNETS_DEVICE</c> (cuda, cpu or auto) decides first when set.</summary>
    Auto = 0,
    /// <summary>The first CUDA device; an error when there is none or it fails to start, unless fallback is allowed.</summary>
    Cuda = 1,
    /// <summary>ILGPU's CPU accelerator (runs kernels on any machine; for correctness, not speed).</summary>
    Cpu = 2,
}
