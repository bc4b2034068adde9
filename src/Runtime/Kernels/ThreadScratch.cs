namespace DslNets.Kernels;

/// <summary>
/// A per-thread buffer, grown only when a larger layer or batch needs more, so repeated calls allocate nothing. Each
/// <typeparamref name="TOwner"/> (a private tag type of the kernel that uses it) gets a buffer of its own, so a kernel
/// that calls another on the same thread never finds its scratch overwritten. A new buffer is zeroed, a reused one holds
/// the last call's numbers: callers clear what they accumulate into.
/// </summary>
/// <typeparam name="TOwner">The tag that keeps this buffer apart from other kernels' buffers.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
internal static class ThreadScratch<TOwner, T>
    where T : unmanaged
{
    [ThreadStatic] private static T[]? t_buffer;

    /// <summary>A span of exactly <paramref name="length"/> elements of this thread's buffer (zero when new, else the last call's numbers).</summary>
    public static Span<T> Get(int length)
    {
        T[]? buffer = t_buffer;
        // Doubling keeps a slowly growing sequence of sizes from reallocating on every call.
        if (buffer is null || buffer.Length < length) t_buffer = buffer = new T[Math.Max(length, buffer?.Length * 2 ?? 0)];
        return buffer.AsSpan(0, length);
    }
}
