namespace DslNets.Kernels;

/// <summary>How a product on the current thread uses the second core (tests and benchmarks force one way).</summary>
internal enum GemmThreadingMode
{
    /// <summary>Split large products across both cores when the worker is free.</summary>
    Auto = 0,

    /// <summary>Always run on the calling thread.</summary>
    SingleThread = 1,

    /// <summary>Split every product that has at least two micro-tiles to split, waiting for the worker if needed.</summary>
    RequireSplit = 2,

    /// <summary>
    /// As <see cref="RequireSplit"/>, and the caller starts on the chunks only once the worker has taken one, so the
    /// worker always computes part of the product however the threads are scheduled: a deterministic check that
    /// the second core does work (tests only; waiting for the worker costs time).
    /// </summary>
    RequireWorkerChunk = 3,
}

/// <summary>The per-thread threading switch and the size from which a product is split across both cores.</summary>
internal static class GemmThreading
{
    [ThreadStatic] private static GemmThreadingMode t_mode;
    [ThreadStatic] private static int t_splitCalls;
    [ThreadStatic] private static long t_workerChunks;

    /// <summary>
    /// Products of at least this many floating-point operations (2·m·n·k) are split across both cores: below it,
    /// handing half to the worker costs more than it saves.
    /// </summary>
    public static long ParallelThresholdFlops { get; set; } = 4_000_000;

    /// <summary>The threading mode of calls made on the current thread.</summary>
    public static GemmThreadingMode Mode
    {
        get => t_mode;
        set => t_mode = value;
    }

    /// <summary>
    /// How many products made on the current thread were cut into chunks and offered to the worker. Whether the
    /// worker took part depends on scheduling; <see cref="WorkerChunks"/> counts what it actually computed.
    /// </summary>
    public static int SplitCalls
    {
        get => t_splitCalls;
        set => t_splitCalls = value;
    }

    /// <summary>How many chunks of the products made on the current thread the worker (the second core) computed.</summary>
    public static long WorkerChunks
    {
        get => t_workerChunks;
        set => t_workerChunks = value;
    }
}
