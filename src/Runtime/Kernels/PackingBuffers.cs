using System.Runtime.CompilerServices;

namespace DslNets.Kernels;

/// <summary>
/// Per-thread packing buffers, allocated once on the pinned object heap and grown only when a larger product
/// needs more, so repeated products of the same size allocate nothing. Each thread (the caller and the
/// second-core worker) packs into its own.
/// </summary>
internal static unsafe class PackingBuffers<T>
    where T : unmanaged
{
    private const int AlignmentBytes = 64;

    [ThreadStatic] private static T[]? t_a;
    [ThreadStatic] private static T[]? t_b;

    /// <summary>A 64-byte aligned buffer of at least <paramref name="length"/> elements for packed A panels.</summary>
    public static T* A(int length) => Aligned(ref t_a, length);

    /// <summary>A 64-byte aligned buffer of at least <paramref name="length"/> elements for packed B panels.</summary>
    public static T* B(int length) => Aligned(ref t_b, length);

    private static T* Aligned(ref T[]? buffer, int length)
    {
        int slack = AlignmentBytes / sizeof(T);
        if (buffer is null || buffer.Length < length + slack)
        {
            buffer = GC.AllocateUninitializedArray<T>(length + slack, pinned: true);
        }
        // The array lives on the pinned object heap, so its address is stable without a fixed statement.
        nint address = (nint)Unsafe.AsPointer(ref buffer[0]);
        nint aligned = (address + (AlignmentBytes - 1)) & ~(nint)(AlignmentBytes - 1);
        return (T*)aligned;
    }
}
