using System.Collections;
using System.Globalization;

namespace DslNets.Data;

/// <summary>
/// The default class names "0", "1", ... made on demand: a file whose largest label is huge must not cost a string per
/// class before anyone asks for one.
/// </summary>
internal sealed class NumberedClassNames : IReadOnlyList<string>
{
    /// <summary>Names for <paramref name="count"/> classes.</summary>
    public NumberedClassNames(int count) => Count = count;

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public string this[int index] => (uint)index < (uint)Count
        ? index.ToString(CultureInfo.InvariantCulture)
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a class index in [0, {Count}).");

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
