using System.Diagnostics;

namespace DslNets.Kernels;

/// <summary>
/// One background thread that helps the caller with a split kernel, so both cores work on a large product. A job
/// is a function pointer and a pointer to state on the caller's stack; it returns how many units of work (chunks)
/// the call did. The caller holds the worker (one caller at a time) and, if the worker claimed the job, waits for
/// it before its stack frame goes away.
/// </summary>
/// <remarks>
/// Jobs share their work through a counter (see <see cref="Gemm"/>), so the caller never depends on the worker:
/// on a busy machine where the worker is not scheduled in time, the caller does every chunk itself and then
/// withdraws the unclaimed job instead of waiting. After a job the worker spins briefly for the next one
/// (back-to-back layer products in a training step), then sleeps on a semaphore, so an idle process costs no CPU.
/// </remarks>
internal static unsafe class KernelWorker
{
    private static readonly object s_gate = new();
    private static readonly SemaphoreSlim s_wake = new(0);
    private static readonly long s_spinTicks = Stopwatch.Frequency / 5000; // 200 µs
    private static Thread? s_thread;
    private static delegate*<void*, int> s_job;
    private static void* s_state;
    private static long s_posted;     // generation of the last posted job
    private static long s_open;       // generation of a posted job nobody has claimed yet, else 0
    private static long s_completed;  // generation of the last job the worker finished
    private static int s_completedUnits; // what that job returned: the units of work the worker did
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

    /// <summary>Gives the worker back; the caller must have called <see cref="Finish"/> for its job.</summary>
    public static void Release() => Monitor.Exit(s_gate);

    /// <summary>
    /// Offers <paramref name="job"/>(<paramref name="state"/>) to the worker; the job returns the units of work it
    /// did. The caller must hold the worker.
    /// </summary>
    public static void Post(delegate*<void*, int> job, void* state)
    {
        s_job = job;
        s_state = state;
        long generation = s_posted + 1;
        Volatile.Write(ref s_open, generation);
        Interlocked.Exchange(ref s_posted, generation);
        // Both sides use full fences (Interlocked) before reading the other's flag, so one of them always sees the other.
        if (Volatile.Read(ref s_sleeping) == 1) s_wake.Release();
    }

    /// <summary>
    /// Ends the posted job: withdraws it if the worker has not claimed it, else waits until the worker is done.
    /// Returns the units of work the worker did: what the job returned on the worker, or 0 when it never claimed
    /// the job (or claimed it after the caller had taken every unit).
    /// </summary>
    public static int Finish()
    {
        long generation = s_posted;
        if (Interlocked.CompareExchange(ref s_open, 0, generation) == generation) return 0;
        var spinner = new SpinWait();
        while (Volatile.Read(ref s_completed) != generation) spinner.SpinOnce(sleep1Threshold: -1);
        // The worker writes the count before publishing the generation, and the read above is acquiring.
        return s_completedUnits;
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
            // Claim this generation only if the caller has not withdrawn it; a stale generation never matches.
            if (Interlocked.CompareExchange(ref s_open, 0, posted) != posted) continue;
            s_completedUnits = s_job(s_state);
            Volatile.Write(ref s_completed, posted);
        }
    }
}
