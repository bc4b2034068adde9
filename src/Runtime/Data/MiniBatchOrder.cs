namespace DslNets.Data;

/// <summary>
/// A seeded, shuffled order of sample indices cut into mini-batches. Each epoch is a fresh uniform permutation of
/// 0..Count−1 (Fisher–Yates from the identity), drawn from one seeded stream, so the same seed gives the same
/// sequence of epochs. <see cref="NextEpoch"/> and <see cref="Batch"/> allocate nothing.
/// </summary>
public sealed class MiniBatchOrder
{
    private readonly int[] _order;
    private readonly SeededRandom _random;

    /// <summary>Creates the order and draws the first epoch's permutation.</summary>
    /// <param name="count">The number of samples.</param>
    /// <param name="batchSize">The batch size.</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <param name="dropLast">Whether a last batch smaller than <paramref name="batchSize"/> is left out.</param>
    public MiniBatchOrder(int count, int batchSize, long seed, bool dropLast = false)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Expected at least one sample.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a batch size of at least 1.");
        if (dropLast && batchSize > count)
        {
            throw new ArgumentException($"Expected a batch size of at most {count} samples when the last partial batch is dropped, but got {batchSize}: no batch would remain.", nameof(batchSize));
        }

        Count = count;
        BatchSize = batchSize;
        BatchCount = dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
        _order = new int[count];
        _random = new SeededRandom(seed);
        Epoch = -1;
        NextEpoch();
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The size of every batch but possibly the last.</summary>
    public int BatchSize { get; }

    /// <summary>The number of batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>The current epoch, from 0.</summary>
    public int Epoch { get; private set; }

    /// <summary>The current epoch's permutation of the sample indices.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Draws the next epoch's permutation.</summary>
    public void NextEpoch()
    {
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        _random.Shuffle<int>(_order);
        Epoch++;
    }

    /// <summary>The sample indices of batch <paramref name="index"/> of the current epoch.</summary>
    public ReadOnlySpan<int> Batch(int index)
    {
        if ((uint)index >= (uint)BatchCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a batch index in [0, {BatchCount}).");
        int start = index * BatchSize;
        return _order.AsSpan(start, Math.Min(BatchSize, Count - start));
    }
}
