using Xunit;

namespace DslNets.Runtime.Tests;

/// <summary>Allocation checks that a one-off allocation by the runtime (tiered recompilation on this thread) cannot fail.</summary>
internal static class Allocations
{
    /// <summary>
    /// Asserts that <paramref name="action"/> allocates nothing: a per-call allocation shows in every window of
    /// <paramref name="callsPerWindow"/> calls, a one-off by the runtime does not, so one clean window out of three suffices.
    /// </summary>
    public static void AssertNone(Action action, int callsPerWindow, string what)
    {
        var windows = new List<long>();
        for (int window = 0; window < 3 && (windows.Count == 0 || windows[^1] != 0); window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < callsPerWindow; i++) action();
            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(windows[^1] == 0, $"{what}: bytes allocated by {callsPerWindow} calls, per window: {string.Join(", ", windows)}.");
    }
}
