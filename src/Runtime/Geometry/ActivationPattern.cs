using System.Numerics;
using System.Text;

namespace DslNets.Geometry;

/// <summary>
/// The on/off state of every kink neuron of a piecewise-linear network (a bit set): bit i is set when kink
/// neuron i's pre-activation is positive. Kink neurons are the outputs of ReLU and LeakyReLU dense layers and the
/// k terms of a ReLU/LeakyReLU shared filter, in layer order. Two inputs with equal patterns lie in the same
/// linear region (the closure of the set where the network is one affine map).
/// </summary>
public sealed class ActivationPattern : IEquatable<ActivationPattern>
{
    private readonly ulong[] _words;

    /// <summary>Creates an all-off pattern of <paramref name="count"/> neurons.</summary>
    public ActivationPattern(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        _words = new ulong[(count + 63) / 64];
    }

    private ActivationPattern(int count, ulong[] words)
    {
        Count = count;
        _words = words;
    }

    /// <summary>The number of neurons.</summary>
    public int Count { get; }

    /// <summary>The bits, 64 neurons per word, neuron i at bit i % 64 of word i / 64.</summary>
    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>Whether neuron <paramref name="index"/> is on.</summary>
    public bool this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a neuron index below {Count}.");
            return (_words[index >> 6] & (1UL << (index & 63))) != 0;
        }
        set
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a neuron index below {Count}.");
            if (value) _words[index >> 6] |= 1UL << (index & 63);
            else _words[index >> 6] &= ~(1UL << (index & 63));
        }
    }

    /// <summary>How many neurons are on.</summary>
    public int OnCount => _words.Sum(w => BitOperations.PopCount(w));

    /// <summary>A copy.</summary>
    public ActivationPattern Clone() => new(Count, (ulong[])_words.Clone());

    /// <summary>Copies <paramref name="other"/>'s bits into this pattern (same count).</summary>
    public void CopyFrom(ActivationPattern other)
    {
        if (other.Count != Count) throw new ArgumentException($"Expected a pattern of {Count} neurons but got {other.Count}.", nameof(other));
        other._words.CopyTo(_words, 0);
    }

    /// <summary>Sets every bit to off.</summary>
    public void Clear() => Array.Clear(_words);

    /// <inheritdoc/>
    public bool Equals(ActivationPattern? other) => other is not null && other.Count == Count && _words.AsSpan().SequenceEqual(other._words);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ActivationPattern);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Count);
        foreach (ulong word in _words) hash.Add(word);
        return hash.ToHashCode();
    }

    /// <summary>The bits as 0/1 characters, neuron 0 first.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Count);
        for (int i = 0; i < Count; i++) text.Append(this[i] ? '1' : '0');
        return text.ToString();
    }
}
