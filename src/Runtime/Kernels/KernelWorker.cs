using System.Diagnostics;

namespace DslNets.Kernels;

/// <summary>
/// One background thread that runs the second half of a split kernel while the caller runs the first, so both
/// cores work on a large product. A job is a function pointer and a pointer to state on the caller's stack; the
/// caller holds the worker (one caller at a time) and waits for the job before its stack frame goes away.
/// </summary>
/// <remarks>
/// After a job the worker spins briefly for the next one (back-to-back layer products in a training step),
/// then sleeps on a semaphore, so an idle process costs no CPU. A caller that finds the worker taken runs the
/// whole product itself rather than queueing.
/// </remarks>
internal static unsafe class KernelWorker
{
    private static readonly object s_gate = new();
    private static readonly SemaphoreSlim s_wake = new(0);
    private static readonly long s_spinTicks = Stopwatch.Frequency / 5000; // 200 µs
    private static Thread? s_thread;
    private static delegate*<void*, void> s_job;
    private static void* s_state;
    private static long s_posted;
    private static long s_completed;
    private static int s_sleeping;

    /// <summary>Takes the worker for the calling thread; with <paramref name="wait"/> false, gives up at once if it is taken.</summary>
    public static bool TryAcquire(bool wait)
    {
        if (wait) Monitor.Enter(s_gate);
        else if (!Monitor.TryEnter(s_gate)) return false;
        if (s_thread is null)
        {
            s_thread = new Thread(Loop) { IsBackground = true, Name = "DslNets kernel worker" };
            s_thread.Start();
        }
        return true;
    }

    /// <summary>Gives the worker back; the caller must have waited for its job.</summary>
    public static void Release() => Monitor.Exit(s_gate);

    /// <summary>Starts <paramref name="job"/>(<paramref name="state"/>) on the worker. The caller must hold the worker.</summary>
    public static void Post(delegate*<void*, void> job, void* state)
    {
        s_job = job;
        s_state = state;
        Interlocked.Increment(ref s_posted);
        // Both sides use full fences (Interlocked) before reading the other's flag, so one of them always sees the other.
        if (Volatile.Read(ref s_sleeping) == 1) s_wake.Release();
    }

    /// <summary>Blocks until the posted job has finished.</summary>
    public static void WaitForCompletion()
    {
        long target = Volatile.Read(ref s_posted);
        var spinner = new SpinWait();
        while (Volatile.Read(ref s_completed) != target) spinner.SpinOnce(sleep1Threshold: -1);
    }

    private static void Loop()
    {
        long seen = 0;
        while (true)
        {
            long deadline = Stopwatch.GetTimestamp() + s_spinTicks;
            long posted;
            while ((posted = Volatile.Read(ref s_posted)) == seen)
            {
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                Interlocked.Exchange(ref s_sleeping, 1);
                if (Volatile.Read(ref s_posted) == seen) s_wake.Wait();
                Interlocked.Exchange(ref s_sleeping, 0);
                deadline = Stopwatch.GetTimestamp() + s_spinTicks;
            }
            seen = posted;
            s_job(s_state);
            Volatile.Write(ref s_completed, seen);
        }
    }
}
