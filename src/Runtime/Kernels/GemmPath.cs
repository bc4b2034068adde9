using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DslNets.Kernels;

/// <summary>Which micro-kernel a matrix product runs on.</summary>
internal enum GemmPath
{
    /// <summary>The widest path the machine accelerates.</summary>
    Auto = 0,

    /// <summary>Vector512 FMA micro-kernel (AVX-512).</summary>
    Vector512 = 1,

    /// <summary>Vector256 FMA micro-kernel (AVX2 + FMA), the fallback for machines without AVX-512.</summary>
    Vector256 = 2,

    /// <summary>Plain scalar code, for machines with neither.</summary>
    Scalar = 3,
}

/// <summary>Picks the micro-kernel path; tests and benchmarks may force a narrower one on their own thread.</summary>
internal static class GemmPaths
{
    [ThreadStatic] private static GemmPath t_forced;

    /// <summary>
    /// A path forced for calls made on the current thread (Auto = choose by hardware). Thread-local so that tests
    /// running in parallel do not see each other's choice; the second-core worker receives the resolved path
    /// with each job.
    /// </summary>
    public static GemmPath Forced
    {
        get => t_forced;
        set => t_forced = value;
    }

    /// <summary>True when the Vector512 FMA micro-kernel runs in hardware here.</summary>
    public static bool Vector512Supported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>True when the Vector256 FMA micro-kernel runs in hardware here.</summary>
    public static bool Vector256Supported => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>The path a call on this thread runs: the forced one if it is supported here, else the best supported.</summary>
    public static GemmPath Resolve()
    {
        GemmPath forced = t_forced;
        if (forced == GemmPath.Scalar) return GemmPath.Scalar;
        if (forced == GemmPath.Vector256) return Vector256Supported ? GemmPath.Vector256 : GemmPath.Scalar;
        if (Vector512Supported) return GemmPath.Vector512;
        return Vector256Supported ? GemmPath.Vector256 : GemmPath.Scalar;
    }
}
