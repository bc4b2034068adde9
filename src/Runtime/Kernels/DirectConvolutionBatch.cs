using System.Numerics;

namespace DslNets.Kernels;

/// <summary>
/// A batch through <see cref="DirectConvolution"/> sample by sample, on both cores: the samples are cut into a fixed
/// number of chunks that the caller and <see cref="KernelWorker"/> take from a shared counter. Outputs and input
/// gradients belong to one sample each. Weight and bias gradients of chunk 0 go straight into the caller's gradient;
/// every other chunk sums into its own zeroed buffer, added in chunk order at the end, so the result does not depend on
/// which thread ran which chunk (or on whether the worker, busy or descheduled on a shared machine, took part).
/// </summary>
internal static unsafe class DirectConvolutionBatch
{
    /// <summary>Chunks per batch: a few more than cores, so a core slowed by another process costs little.</summary>
    private const int MaxChunks = 4;

    /// <summary>Samples from which a batch is split across both cores.</summary>
    private const int SplitFrom = 4;

    private struct Job<T>
        where T : unmanaged
    {
        public T* X, Weights, Bias, Y, Delta, WeightGradient, BiasGradient, InputGradient, ChunkGradients;
        public int BiasLength, Batch, ChunkCount, SamplesPerChunk, NextChunk;
        public bool HasInputGradient, HasBiasGradient;
        public ConvolutionShape Shape;
    }

    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> y, int batch, in ConvolutionShape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x, pw = weights, pb = bias, py = y)
        {
            var job = new Job<T> { X = px, Weights = pw, Bias = pb, BiasLength = bias.Length, Y = py, Batch = batch, Shape = shape };
            Split(ref job, &ForwardChunks<T>);
        }
    }

    public static void Backward<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, ReadOnlySpan<T> weights, Span<T> weightGradient, Span<T> biasGradient,
        Span<T> inputGradient, int batch, in ConvolutionShape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int parameters = weights.Length + shape.Filters;
        int chunks = ChunkCount(batch);
        Span<T> chunkGradients = ThreadScratch<ChunkGradients, T>.Get((chunks - 1) * parameters);
        chunkGradients.Clear();
        fixed (T* pd = delta, px = x, pw = weights, pg = weightGradient, pbg = biasGradient, pig = inputGradient, pc = chunkGradients)
        {
            var job = new Job<T>
            {
                Delta = pd, X = px, Weights = pw, WeightGradient = pg, BiasGradient = pbg, HasBiasGradient = !biasGradient.IsEmpty,
                InputGradient = pig, HasInputGradient = !inputGradient.IsEmpty, ChunkGradients = pc, Batch = batch, Shape = shape,
            };
            Split(ref job, &BackwardChunks<T>);
        }

        // Chunk order, whatever thread computed each.
        for (int chunk = 1; chunk < chunks; chunk++)
        {
            Span<T> part = chunkGradients.Slice((chunk - 1) * parameters, parameters);
            System.Numerics.Tensors.TensorPrimitives.Add(weightGradient, part[..weights.Length], weightGradient);
            if (!biasGradient.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(biasGradient, part.Slice(weights.Length, shape.Filters), biasGradient);
        }
    }

    private static int ChunkCount(int batch) => batch < SplitFrom ? 1 : Math.Min(MaxChunks, batch);

    private static void Split<T>(ref Job<T> job, delegate*<void*, int> run)
        where T : unmanaged
    {
        job.ChunkCount = ChunkCount(job.Batch);
        job.SamplesPerChunk = (job.Batch + job.ChunkCount - 1) / job.ChunkCount;
        fixed (Job<T>* state = &job)
        {
            GemmThreadingMode mode = GemmThreading.Mode;
            bool required = mode is GemmThreadingMode.RequireSplit or GemmThreadingMode.RequireWorkerChunk;
            bool split = job.ChunkCount > 1 && (required || (mode == GemmThreadingMode.Auto && Environment.ProcessorCount > 1))
                && KernelWorker.TryAcquire(wait: required);
            if (!split)
            {
                run(state);
                return;
            }

            try
            {
                KernelWorker.Post(run, state);
                int workerChunks;
                try
                {
                    if (mode == GemmThreadingMode.RequireWorkerChunk)
                    {
                        var spinner = new SpinWait();
                        while (Volatile.Read(ref job.NextChunk) == 0) spinner.SpinOnce();
                    }

                    run(state);
                }
                finally
                {
                    workerChunks = KernelWorker.Finish();
                }

                GemmThreading.SplitCalls++;
                GemmThreading.WorkerChunks += workerChunks;
            }
            finally
            {
                KernelWorker.Release();
            }
        }
    }

    private static int ForwardChunks<T>(void* state)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref Job<T> job = ref *(Job<T>*)state;
        ConvolutionShape shape = job.Shape;
        int input = shape.Input.Size, output = shape.Output.Size, chunk, done = 0;
        var weights = new ReadOnlySpan<T>(job.Weights, shape.Filters * shape.WindowSize);
        var bias = new ReadOnlySpan<T>(job.Bias, job.BiasLength);
        while ((chunk = Interlocked.Increment(ref job.NextChunk) - 1) < job.ChunkCount)
        {
            done++;
            int end = Math.Min(job.Batch, (chunk + 1) * job.SamplesPerChunk);
            for (int s = chunk * job.SamplesPerChunk; s < end; s++)
            {
                DirectConvolution.Forward(new ReadOnlySpan<T>(job.X + (nint)s * input, input), weights, bias,
                    new Span<T>(job.Y + (nint)s * output, output), shape);
            }
        }

        return done;
    }

    private static int BackwardChunks<T>(void* state)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref Job<T> job = ref *(Job<T>*)state;
        ConvolutionShape shape = job.Shape;
        int input = shape.Input.Size, output = shape.Output.Size, count = shape.Filters * shape.WindowSize, chunk, done = 0;
        var weights = new ReadOnlySpan<T>(job.Weights, count);
        while ((chunk = Interlocked.Increment(ref job.NextChunk) - 1) < job.ChunkCount)
        {
            done++;
            T* gradient = chunk == 0 ? job.WeightGradient : job.ChunkGradients + (nint)(chunk - 1) * (count + shape.Filters);
            T* biasGradient = chunk == 0 ? job.BiasGradient : gradient + count;
            var weightGradient = new Span<T>(gradient, count);
            var bias = job.HasBiasGradient ? new Span<T>(biasGradient, shape.Filters) : default;
            int end = Math.Min(job.Batch, (chunk + 1) * job.SamplesPerChunk);
            for (int s = chunk * job.SamplesPerChunk; s < end; s++)
            {
                Span<T> back = job.HasInputGradient ? new Span<T>(job.InputGradient + (nint)s * input, input) : default;
                DirectConvolution.Backward(new ReadOnlySpan<T>(job.Delta + (nint)s * output, output), new ReadOnlySpan<T>(job.X + (nint)s * input, input),
                    weights, weightGradient, bias, back, shape);
            }
        }

        return done;
    }

    /// <summary>Tags this kernel's per-thread scratch (<see cref="ThreadScratch{TOwner, T}"/>).</summary>
    private struct ChunkGradients;
}
