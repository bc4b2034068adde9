using System.Numerics.Tensors;
using DslNets;

namespace AdamVsNesterov;

/// <summary>
/// The autoencoder's training objective on a fixed set of images: f(θ) = (1/N) Σ_j ½‖ŷ_j(θ) − x_j‖². The full-batch
/// gradient is accumulated over chunks of images (the exact ∇f, with scratch sized by the chunk, not by N); a
/// mini-batch gradient gathers the batch's images into one buffer first.
/// </summary>
internal sealed class ReconstructionObjective<TNet> where TNet : INetwork<TNet, float>
{
    private readonly float[] _images;
    private readonly int _chunkSize;
    private readonly float[] _batch;
    private float[]? _outputs;

    /// <summary>Wraps <paramref name="images"/> (count×784, row-major, not copied).</summary>
    public ReconstructionObjective(float[] images, int chunkSize, int largestBatch)
    {
        if (images.Length == 0 || images.Length % TNet.InputSize != 0)
        {
            throw new ArgumentException($"Expected a positive multiple of {TNet.InputSize} pixel values but got {images.Length}.", nameof(images));
        }

        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "Expected a chunk size of at least 1 image.");
        if (largestBatch < 1) throw new ArgumentOutOfRangeException(nameof(largestBatch), largestBatch, "Expected a batch size of at least 1 image.");
        _images = images;
        _chunkSize = chunkSize;
        _batch = new float[largestBatch * TNet.InputSize];
    }

    /// <summary>The number of images N.</summary>
    public int Count => _images.Length / TNet.InputSize;

    /// <summary>Writes ∇f(θ) into <paramref name="gradient"/> and returns f(θ), both over all N images.</summary>
    public double FullBatch(TNet net, float[] gradient)
    {
        Array.Clear(gradient);
        float scale = 1f / Count;
        double loss = 0;
        for (int start = 0; start < Count; start += _chunkSize)
        {
            int size = Math.Min(_chunkSize, Count - start);
            ReadOnlySpan<float> chunk = _images.AsSpan(start * TNet.InputSize, size * TNet.InputSize);
            // Inputs are their own targets; each chunk adds (1/N)·Σ_chunk ∇ℓ_j, so the sum over chunks is ∇f exactly.
            loss += net.GradientBatch(chunk, chunk, gradient, scale);
        }

        return loss;
    }

    /// <summary>
    /// f(θ) over all N images from forward passes only (a third of <see cref="FullBatch"/>'s work), in double: the
    /// flattening rule's mid-run loss of mini-batch runs, which need no gradient there.
    /// </summary>
    public double Loss(TNet net)
    {
        if (TNet.OutputSize != TNet.InputSize) throw new InvalidOperationException($"Expected an autoencoder, but {typeof(TNet).Name} maps {TNet.InputSize} inputs to {TNet.OutputSize} outputs.");
        int width = TNet.InputSize;
        _outputs ??= new float[Math.Min(_chunkSize, Count) * width];
        double loss = 0;
        for (int start = 0; start < Count; start += _chunkSize)
        {
            int size = Math.Min(_chunkSize, Count - start);
            ReadOnlySpan<float> chunk = _images.AsSpan(start * width, size * width);
            Span<float> outputs = _outputs.AsSpan(0, size * width);
            net.ForwardBatch(chunk, outputs);
            for (int k = 0; k < outputs.Length; k++)
            {
                double difference = (double)outputs[k] - chunk[k];
                loss += 0.5 * difference * difference;
            }
        }

        return loss / Count;
    }

    /// <summary>Writes the mean gradient over the images <paramref name="indices"/> and returns their mean loss.</summary>
    public double MiniBatch(TNet net, ReadOnlySpan<int> indices, float[] gradient)
    {
        if (indices.Length * TNet.InputSize > _batch.Length)
        {
            throw new ArgumentException($"Expected at most {_batch.Length / TNet.InputSize} images in a batch but got {indices.Length}.", nameof(indices));
        }

        int width = TNet.InputSize;
        for (int j = 0; j < indices.Length; j++)
        {
            _images.AsSpan(indices[j] * width, width).CopyTo(_batch.AsSpan(j * width));
        }

        Array.Clear(gradient);
        ReadOnlySpan<float> batch = _batch.AsSpan(0, indices.Length * width);
        return net.GradientBatch(batch, batch, gradient, 1f / indices.Length);
    }

    /// <summary>The Euclidean norm of a gradient.</summary>
    public static double Norm(ReadOnlySpan<float> gradient) => TensorPrimitives.Norm(gradient);
}
