using System.Diagnostics;

namespace DslNets.Runtime.Tests.Robustness;

/// <summary>
/// What it costs a reader to refuse a hostile input: time and bytes allocated on the calling thread
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), the best of several tries so that a busy machine or the first
/// call's JIT does not decide the figure.
/// </summary>
public static class RejectionCost
{
    /// <summary>Runs <paramref name="read"/> <paramref name="tries"/> times, each expected to throw <typeparamref name="TException"/>.</summary>
    public static (TimeSpan Time, long Allocated, string Message) Measure<TException>(Action read, int tries = 3) where TException : Exception
    {
        TimeSpan best = TimeSpan.MaxValue;
        long leastAllocated = long.MaxValue;
        string message = "";
        for (int i = 0; i < tries; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            TException error = Assert.Throws<TException>(read);
            clock.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            best = clock.Elapsed < best ? clock.Elapsed : best;
            leastAllocated = Math.Min(leastAllocated, allocated);
            message = error.Message;
        }

        return (best, leastAllocated, message);
    }
}
