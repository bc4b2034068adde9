using System.Numerics;
using DslNets.Tron;

namespace DslNets.Gpu;

/// <summary>
/// The k matrices A_i of a shared-filter layer written as D basis matrices B_d (r×n) and a k×D mixing matrix G with
/// A_i = Σ_d G[i, d]·B_d, so that wᵀA_i x = Σ_d G[i, d]·(x · B_dᵀw): the directions u_d = B_dᵀw are formed once per w
/// and a sample costs D dot products. When the A_i lie on a line M̄ + c_i·C (the host's own test,
/// <see cref="SharedFilterEvaluator{T}.TryLine"/>), D = 2 with B = (M̄, C) and G[i] = (1, c_i); otherwise D = k with
/// B_d = A_d and G = I. Either way the sums are the host evaluator's, in its order: u_d[c] = B_d[0, c]·w_0 + B_d[1, c]·w_1
/// + … and z_i = 0 + G[i, 0]·(x·u_0) + G[i, 1]·(x·u_1) + … (which is x·p + c_i·(x·q) on a line and x·v_i exactly
/// otherwise, the extra terms being exact zeros).
/// </summary>
internal sealed class FilterBasis<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private FilterBasis(int filterSize, int count, int inputs, int directions, bool usesLine, T[] basis, T[] mixing)
    {
        UsesLine = usesLine;
        FilterSize = filterSize;
        Count = count;
        Inputs = inputs;
        Directions = directions;
        Basis = basis;
        Mixing = mixing;
    }

    /// <summary>r.</summary>
    public int FilterSize { get; }

    /// <summary>k.</summary>
    public int Count { get; }

    /// <summary>n.</summary>
    public int Inputs { get; }

    /// <summary>D: 2 on a line, k otherwise.</summary>
    public int Directions { get; }

    /// <summary>True when the A_i were found on a line.</summary>
    public bool UsesLine { get; }

    /// <summary>B_1..B_D stacked, each r×n row-major.</summary>
    public T[] Basis { get; }

    /// <summary>G, k×D row-major.</summary>
    public T[] Mixing { get; }

    /// <summary>Splits the stacked A_i (k·r·n numbers, A_1 first).</summary>
    public static FilterBasis<T> Of(ReadOnlySpan<T> stacked, int filterSize, int count, int inputs)
    {
        if (SharedFilterEvaluator<T>.TryLine(stacked, filterSize, count, inputs, out T[] mean, out T[] spread, out T[] coefficients))
        {
            var basis = new T[2 * filterSize * inputs];
            mean.CopyTo(basis, 0);
            spread.CopyTo(basis, mean.Length);
            var mixing = new T[2 * count];
            for (int i = 0; i < count; i++)
            {
                mixing[2 * i] = T.One;
                mixing[2 * i + 1] = coefficients[i];
            }
            return new FilterBasis<T>(filterSize, count, inputs, 2, usesLine: true, basis, mixing);
        }

        var identity = new T[count * count];
        for (int i = 0; i < count; i++) identity[i * count + i] = T.One;
        return new FilterBasis<T>(filterSize, count, inputs, count, usesLine: false, stacked.ToArray(), identity);
    }

    /// <summary>The basis of the single shared-filter layer of <paramref name="network"/>'s constants.</summary>
    public static FilterBasis<T> Of<TNet>(TNet network) where TNet : INetwork<TNet, T>
    {
        LayerInfo layer = TNet.Layers[0];
        int size = layer.FilterCount * layer.FilterSize * layer.Inputs;
        return Of(network.Constants.AsSpan(layer.ConstantOffset, size), layer.FilterSize, layer.FilterCount, layer.Inputs);
    }

    /// <summary>u_d = B_dᵀ w for d = 1..D into <paramref name="directions"/> (D×n), in the device kernel's order of sums.</summary>
    public void FormDirections(ReadOnlySpan<T> filter, Span<T> directions)
    {
        int n = Inputs, r = FilterSize;
        for (int d = 0; d < Directions; d++)
        {
            ReadOnlySpan<T> b = Basis.AsSpan(d * r * n, r * n);
            for (int c = 0; c < n; c++)
            {
                T sum = b[c] * filter[0];
                for (int a = 1; a < r; a++) sum = b[a * n + c] * filter[a] + sum;
                directions[d * n + c] = sum;
            }
        }
    }
}
