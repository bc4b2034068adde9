using System.Diagnostics;

namespace DslNets.TorchSharpPeer;

/// <summary>The peer scripts' timing loop: a warm-up, then single steps timed until both a time and a count are reached; the median.</summary>
internal static class StepTimer
{
    public static double Median(Action step, int warmUp, double seconds, int minimumCount)
    {
        for (int i = 0; i < warmUp; i++) step();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || times.Count < minimumCount)
        {
            long start = Stopwatch.GetTimestamp();
            step();
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        times.Sort();
        int middle = times.Count / 2;
        return times.Count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
    }
}
