using ILGPU;

namespace DslNets.Gpu;

/// <summary>Everything one launch of <see cref="GlmTronKernel.Run{T, TReal}"/> reads: sizes, scalars and device views.</summary>
internal struct GlmTronArguments<T> where T : unmanaged
{
    /// <summary>n.</summary>
    public int Inputs;

    /// <summary>m: the samples on the device.</summary>
    public int Samples;

    /// <summary>The samples one step uses: b for random batches, m for the full batch.</summary>
    public int BatchSize;

    /// <summary>1: every step uses samples 0..m−1 in order; 0: b rows drawn with replacement from the counter-based uniform stream.</summary>
    public int FullBatch;

    /// <summary>The iterations of this launch.</summary>
    public int Iterations;

    /// <summary>The step number of the first iteration (the row draws of step s are elements s·b .. s·b + b − 1 of the stream).</summary>
    public long FirstStep;

    /// <summary>The seed of the row draws.</summary>
    public ulong Seed;

    /// <summary>K: record the distance after every K-th iteration (and before the first); 0 for none.</summary>
    public int RecordEvery;

    /// <summary>The gate's activation, as <c>(int)Activation</c>: ReLU, LeakyReLU or Identity.</summary>
    public int Activation;

    /// <summary>η/b (or η/m), rounded to T as the host rounds it.</summary>
    public T Scale;

    /// <summary>The LeakyReLU slope, rounded to T.</summary>
    public T LeakySlope;

    /// <summary>w (n), updated in place.</summary>
    public ArrayView<T> Weights;

    /// <summary>The sample, m×n row-major.</summary>
    public ArrayView<T> Data;

    /// <summary>Its m labels.</summary>
    public ArrayView<T> Labels;

    /// <summary>The rows of the current batch (BatchSize).</summary>
    public ArrayView<int> Rows;

    /// <summary>(η/b)·(y − u(wᵀx)) of each row of the current batch (BatchSize).</summary>
    public ArrayView<T> Coefficients;

    /// <summary>w* (n), for the distances.</summary>
    public ArrayView<T> Target;

    /// <summary>‖w − w*‖ after 0, K, 2K, … iterations, when recording.</summary>
    public ArrayView<double> Distances;
}
