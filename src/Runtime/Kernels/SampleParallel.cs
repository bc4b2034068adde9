using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Kernels;

/// <summary>
/// A batch's gradient as one-sample gradients on both cores, for convolution nets small enough that one sample's
/// activations and the whole parameter vector stay in the core's cache: layer by layer over a batch, the activations of
/// every sample go out to memory and back at each layer, while one sample at a time never leaves the cache. The samples are
/// cut into a fixed number of chunks that the caller and <see cref="KernelWorker"/> take from a shared counter; chunk 0
/// adds into the caller's gradient, every other chunk into its own buffer (zeroed by the thread that fills it), added in
/// chunk order at the end (the losses too), so the result does not depend on which thread ran which chunk or on whether
/// the worker took part.
/// </summary>
public static unsafe class SampleParallel
{
    /// <summary>
    /// Chunks per batch: one per thread that can take part (the caller and the one worker). More chunks would hedge against
    /// a core slowed by another process, but each costs a gradient-sized buffer that one core fills and the other reads
    /// back: with four, LeNet-5's steps at batch 64 and 256 were 5–20% slower on an idle machine.
    /// </summary>
    private const int MaxChunks = 2;

    private struct Job<TNet, T>
        where T : unmanaged
    {
        public TNet Network;
        public T* Inputs, Targets, Gradient, ChunkGradients;
        public T* ChunkLosses;
        public T Scale;
        public int Batch, Parameters, InputSize, OutputSize, ChunkCount, SamplesPerChunk, NextChunk;
    }

    /// <summary>
    /// Adds scale·Σ_j ∇ℓ_j over the batch to <paramref name="parameterGradient"/> and returns scale·Σ_j ℓ_j, each sample through
    /// the network's one-sample <c>Gradient</c>; what <c>GradientBatch</c> of a generated convolution net calls.
    /// </summary>
    /// <param name="network">The network; its one-sample Gradient must be safe to call from two threads at once (the generated ones are).</param>
    /// <param name="inputs">Batch×InputSize, row-major.</param>
    /// <param name="targets">Batch×OutputSize, row-major.</param>
    /// <param name="parameterGradient">ParameterCount numbers; added to.</param>
    /// <param name="scale">The factor on every gradient and loss (1/batch gives means).</param>
    public static T GradientBatch<TNet, T>(TNet network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> parameterGradient, T scale)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputSize = TNet.InputSize, outputSize = TNet.OutputSize, parameters = TNet.ParameterCount;
        int batch = inputs.Length / inputSize;
        if (inputs.Length != batch * inputSize || targets.Length != batch * outputSize || parameterGradient.Length != parameters)
            throw new ArgumentException($"Expected batch×{inputSize} inputs, batch×{outputSize} targets and {parameters} gradient numbers.");
        int chunks = Math.Clamp(batch / 4, 1, MaxChunks);
        Span<T> buffers = ThreadScratch<ChunkGradients, T>.Get((chunks - 1) * parameters + chunks);
        fixed (T* px = inputs, pt = targets, pg = parameterGradient, pb = buffers)
        {
            var job = new Job<TNet, T>
            {
                Network = network, Inputs = px, Targets = pt, Gradient = pg, ChunkGradients = pb, ChunkLosses = pb + (nint)(chunks - 1) * parameters,
                Scale = scale, Batch = batch, Parameters = parameters, InputSize = inputSize, OutputSize = outputSize,
                ChunkCount = chunks, SamplesPerChunk = (batch + chunks - 1) / chunks,
            };
            // The job lives on this frame until both threads are done; it holds the network, so it is passed as void*.
            void* state = System.Runtime.CompilerServices.Unsafe.AsPointer(ref job);
            bool split = chunks > 1 && Environment.ProcessorCount > 1 && GemmThreading.Mode == GemmThreadingMode.Auto && KernelWorker.TryAcquire(wait: false);
            if (!split) RunChunks<TNet, T>(state);
            else
            {
                try
                {
                    KernelWorker.Post(&RunChunks<TNet, T>, state);
                    try
                    {
                        RunChunks<TNet, T>(state);
                    }
                    finally
                    {
                        KernelWorker.Finish();
                    }
                }
                finally
                {
                    KernelWorker.Release();
                }
            }
        }

        // Chunk order, whatever thread computed each.
        Span<T> losses = buffers.Slice((chunks - 1) * parameters, chunks);
        T total = losses[0];
        for (int chunk = 1; chunk < chunks; chunk++)
        {
            TensorPrimitives.Add(parameterGradient, buffers.Slice((chunk - 1) * parameters, parameters), parameterGradient);
            total += losses[chunk];
        }

        return total;
    }

    private static int RunChunks<TNet, T>(void* state)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref Job<TNet, T> job = ref System.Runtime.CompilerServices.Unsafe.AsRef<Job<TNet, T>>(state);
        int chunk, done = 0;
        while ((chunk = Interlocked.Increment(ref job.NextChunk) - 1) < job.ChunkCount)
        {
            done++;
            var gradient = new Span<T>(chunk == 0 ? job.Gradient : job.ChunkGradients + (nint)(chunk - 1) * job.Parameters, job.Parameters);
            // The thread that fills a chunk's buffer clears it, so its cache lines are already this core's when written.
            if (chunk > 0) gradient.Clear();
            T loss = T.Zero;
            int end = Math.Min(job.Batch, (chunk + 1) * job.SamplesPerChunk);
            for (int s = chunk * job.SamplesPerChunk; s < end; s++)
            {
                loss += job.Network.Gradient(new ReadOnlySpan<T>(job.Inputs + (nint)s * job.InputSize, job.InputSize),
                    new ReadOnlySpan<T>(job.Targets + (nint)s * job.OutputSize, job.OutputSize), gradient, job.Scale);
            }

            job.ChunkLosses[chunk] = loss;
        }

        return done;
    }

    /// <summary>Tags this kernel's per-thread scratch (<see cref="ThreadScratch{TOwner, T}"/>).</summary>
    private struct ChunkGradients;
}
