namespace DslNets.SparseCoding;

/// <summary>
/// Sparse-coding data y = A* x*: x* has exactly <see cref="Sparsity"/> nonzero entries (a uniformly random support,
/// so at most k), each uniform in [<see cref="MinValue"/>, <see cref="MaxValue"/>] with 0 &lt; a ≤ b.
/// Nothing allocates after construction.
/// </summary>
public sealed class SparseCodeSampler
{
    private readonly SeededRandom _random;
    private readonly int[] _indices;

    /// <summary>Creates the sampler.</summary>
    /// <param name="dictionary">A*.</param>
    /// <param name="sparsity">k, 1 ≤ k ≤ h.</param>
    /// <param name="minValue">a &gt; 0.</param>
    /// <param name="maxValue">b ≥ a.</param>
    /// <param name="random">The source of supports and values.</param>
    public SparseCodeSampler(IncoherentDictionary dictionary, int sparsity, double minValue, double maxValue, SeededRandom random)
    {
        Dictionary = dictionary ?? throw new ArgumentNullException(nameof(dictionary));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        if (sparsity < 1 || sparsity > dictionary.Atoms)
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, $"Expected a sparsity k in [1, h = {dictionary.Atoms}].");
        if (!(minValue > 0) || !(maxValue >= minValue) || double.IsInfinity(maxValue))
            throw new ArgumentOutOfRangeException(nameof(minValue), (minValue, maxValue), "Expected nonzero entries in [a, b] with 0 < a ≤ b < ∞.");
        Sparsity = sparsity;
        MinValue = minValue;
        MaxValue = maxValue;
        _indices = Enumerable.Range(0, dictionary.Atoms).ToArray();
    }

    /// <summary>A*.</summary>
    public IncoherentDictionary Dictionary { get; }

    /// <summary>k: the number of nonzero entries of x*.</summary>
    public int Sparsity { get; }

    /// <summary>a: the smallest nonzero value.</summary>
    public double MinValue { get; }

    /// <summary>b: the largest value.</summary>
    public double MaxValue { get; }

    /// <summary>Draws x* into <paramref name="code"/> (length h) and writes y = A* x* into <paramref name="signal"/> (length n).</summary>
    public void Sample(Span<double> code, Span<double> signal)
    {
        if (code.Length != Dictionary.Atoms) throw new ArgumentException($"Expected a code of h = {Dictionary.Atoms} numbers; got {code.Length}.", nameof(code));
        code.Clear();
        // Partial Fisher–Yates: the first k entries of the permutation are a uniform k-subset.
        for (int s = 0; s < Sparsity; s++)
        {
            int j = s + _random.NextInt(_indices.Length - s);
            (_indices[s], _indices[j]) = (_indices[j], _indices[s]);
            code[_indices[s]] = MinValue + (MaxValue - MinValue) * _random.NextDouble();
        }
        Dictionary.Synthesize(code, signal);
    }
}
