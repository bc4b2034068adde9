namespace DslNets.Kernels;

/// <summary>
/// The per-thread scratch of <see cref="ConvolutionKernels"/> (im2col's columns, gathered gradients), grown only when a
/// larger layer needs more, so repeated batches allocate nothing.
/// </summary>
internal static class ConvolutionScratch<T>
    where T : unmanaged
{
    [ThreadStatic] private static T[]? t_buffer;

    /// <summary>A span of exactly <paramref name="length"/> elements of this thread's buffer (contents undefined).</summary>
    public static Span<T> Get(int length)
    {
        T[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < length) t_buffer = buffer = GC.AllocateUninitializedArray<T>(length);
        return buffer.AsSpan(0, length);
    }
}
