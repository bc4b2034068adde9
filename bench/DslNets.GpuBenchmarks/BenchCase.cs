namespace DslNets.GpuBenchmarks;

/// <summary>
/// One row of the suite. The ids, batches and quick batches are the same in bench/peer/gpu_peer.py, so compare_gpu.py
/// can put the two sides beside each other.
/// </summary>
/// <param name="Id">Stable id (also the peer's).</param>
/// <param name="Work">What is timed, for the table.</param>
/// <param name="Network">The widths, e.g. 2-16-16-1.</param>
/// <param name="Batch">The batch of a full run (for the Neuro-Tron row, the iterations of one timed run).</param>
/// <param name="QuickBatch">The batch with --quick (CPU accelerator rehearsals).</param>
public sealed record BenchCase(string Id, string Work, string Network, int Batch, int QuickBatch)
{
    /// <summary>The suite, in the order it runs (the large network last, so a slow path cannot starve the others).</summary>
    public static readonly IReadOnlyList<BenchCase> All =
    [
        new("tiny-2^20", "2-16-16-1 training step", "2-16-16-1", 1 << 20, 1 << 12),
        new("tiny-2^16", "2-16-16-1 training step", "2-16-16-1", 1 << 16, 1 << 10),
        new("mnist-64", "784-128-10 training step", "784-128-10", 64, 64),
        new("deep-8192", "784-1024x3-10 training step", "784-1024x3-10", 8192, 8),
        // No PyTorch peer: a whole Neuro-Tron run is the step, and the batch is its iterations (TronRows).
        new("neurotron-40k", "Neuro-Tron 40,000 iterations, n = 100, r = 25, k = 10, b = 16, fresh data each step", "shared filter 100 -> 25, k = 10", 40_000, 200),
        new("perez-mc", "Pérez-Ortiz Monte-Carlo certificate, 300,000 trials (m = 30,000 × 10 per-sample draws), double", "784-600x3-10", 30_000, 300),
    ];
}

/// <summary>Random data of the right shapes (the cost of the math does not depend on the values).</summary>
public static class CaseData
{
    /// <summary>Inputs batch×inputs (uniform [0, 1) for 784 inputs, as pixels; Gaussian otherwise) and targets (one-hot for softmax, Gaussian otherwise).</summary>
    public static (float[] Inputs, float[] Targets) Make(int inputSize, int outputSize, Loss loss, int batch, int seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new float[(long)batch * inputSize];
        if (inputSize >= 64)
            for (long i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        else
            random.FillGaussian<float>(inputs);
        var targets = new float[(long)batch * outputSize];
        if (loss == Loss.SoftmaxCrossEntropy)
            for (int s = 0; s < batch; s++) targets[(long)s * outputSize + random.NextInt(outputSize)] = 1f;
        else
            random.FillGaussian<float>(targets);
        return (inputs, targets);
    }
}
