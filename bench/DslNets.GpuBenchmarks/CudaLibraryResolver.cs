using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace DslNets.GpuBenchmarks;

/// <summary>
/// ILGPU imports the CUDA driver as "cuda", which .NET probes on Linux as libcuda.so; many driver installs (containers
/// especially) ship only libcuda.so.1. When the ordinary probe fails, this loads libcuda.so.1 instead.
/// </summary>
public static class CudaLibraryResolver
{
    private static readonly string[] Candidates =
    [
        "libcuda.so.1",
        "/usr/lib/x86_64-linux-gnu/libcuda.so.1",
        "/usr/lib64/libcuda.so.1",
        "/usr/local/nvidia/lib64/libcuda.so.1",
        "/usr/lib/wsl/lib/libcuda.so.1",
    ];

    /// <summary>Hooks the default load context's unmanaged-library fallback (Linux only; once).</summary>
    public static void Install(TextWriter log)
    {
        if (!OperatingSystem.IsLinux()) return;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
        {
            if (name is not ("cuda" or "libcuda" or "libcuda.so")) return IntPtr.Zero;
            foreach (string candidate in Candidates)
            {
                if (NativeLibrary.TryLoad(candidate, out IntPtr handle))
                {
                    log.WriteLine($"gpubench: the CUDA driver library '{name}' was not found by the ordinary probe; loaded {candidate}");
                    return handle;
                }
            }

            return IntPtr.Zero;
        };
    }
}
