using System.Numerics;

namespace DslNets.Geometry;

/// <summary>
/// Bounds on the number of linear regions of a ReLU network with n₀ inputs and hidden widths n₁ … n_L (exact integers).
/// </summary>
/// <remarks>
/// <para>Serra, Tjandraatmadja and Ramalingam 2018 ("Bounding and counting linear regions of deep neural networks",
/// arXiv 1711.02114), upper bound: Σ_{(j₁…j_L) ∈ J} Π_l C(n_l, j_l) with
/// J = {0 ≤ j_l ≤ min(n₀, n₁ − j₁, …, n_{l−1} − j_{l−1}, n_l) for every l}. For one layer it is Zaslavsky's count
/// Σ_{j ≤ n₀} C(n₁, j) for n₁ hyperplanes in general position; for n₀ = 1 and every n_l ≥ 2 it is Π(n_l + 1).</para>
/// <para>Montúfar, Pascanu, Cho and Bengio 2014, lower bound (the maximum over weights is at least):
/// Π_{l &lt; L} ⌊n_l / n₀⌋^{n₀} · Σ_{j ≤ n₀} C(n_L, j), for n_l ≥ n₀.</para>
/// <para>The formulas are as ALGORITHMS.md states them and as recalled from the papers (the papers' text was not
/// available to check here); the tests check them against their derived special cases and brute-force enumeration of J.</para>
/// <para>LeakyReLU (slope α with 0 &lt; α ≠ 1). <see cref="KinkWidths{TNet}"/> and <see cref="For{TNet}"/> count LeakyReLU
/// layers as kink layers, but both papers are about ReLU, and what carries over is this (regions are activation regions, the
/// sets of equal <see cref="ActivationPattern"/>):
/// (a) One hidden layer: the regions are the cells of the arrangement of the layer's n₁ hyperplanes, exactly those of the ReLU
/// network with the same weights (the pattern is the side of each hyperplane; α changes only the affine map on each cell).
/// So Zaslavsky's Σ_{j ≤ n₀} C(n₁, j), which is Serra's bound for L = 1, holds, and so does the Montúfar value (attained by
/// hyperplanes in general position).
/// (b) Two or more hidden layers: the regions are in general not those of the ReLU network with the same weights (where a
/// unit is negative its LeakyReLU output αz still reaches the next layer, so the next layer's hyperplanes bend differently).
/// Serra's proof bounds the dimension of a region's image after layer l by its number of active units, because an inactive
/// ReLU outputs the constant 0; that is where the caps n_l − j_l in J come from. A LeakyReLU layer is injective on each
/// region (its map is diag(1 or α)·W, and diag(1 or α) is invertible), so that step fails, and Serra's value is not proven
/// for such networks by that argument. What the same argument does prove, without the caps, is
/// <see cref="InjectiveUpperBound"/>: Π_l Σ_{j ≤ d_l} C(n_l, j), d_l = min(n₀, n₁, …, n_{l−1}) (a region of the first l − 1
/// layers maps into an affine space of dimension at most d_l, where the n_l hyperplanes of layer l cut it into at most
/// Zaslavsky's count of pieces). It is at least Serra's value and equals it for L = 1 and for n₀ = 1 with every n_l ≥ 2 (both
/// Π(n_l + 1)). Whether Serra's value itself bounds LeakyReLU networks is not settled here; the Montúfar lower bound's
/// construction folds the input with ReLUs and is not claimed for LeakyReLU either.</para>
/// </remarks>
public static class RegionCountBounds
{
    /// <summary>C(n, k) exactly (0 when k &lt; 0 or k &gt; n).</summary>
    public static BigInteger Binomial(int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (k < 0 || k > n) return BigInteger.Zero;
        k = Math.Min(k, n - k);
        BigInteger result = BigInteger.One;
        for (int i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }

    /// <summary>Σ_{j ≤ dimension} C(hyperplanes, j): the regions of that many hyperplanes in general position in R^dimension.</summary>
    public static BigInteger GeneralPosition(int hyperplanes, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hyperplanes);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        BigInteger sum = BigInteger.Zero;
        for (int j = 0; j <= Math.Min(dimension, hyperplanes); j++) sum += Binomial(hyperplanes, j);
        return sum;
    }

    /// <summary>The Serra–Tjandraatmadja–Ramalingam upper bound for <paramref name="inputs"/> = n₀ and hidden widths n₁ … n_L.</summary>
    public static BigInteger SerraUpperBound(int inputs, IReadOnlyList<int> widths)
    {
        Check(inputs, widths);
        // Dynamic programme over the running cap m_l = min(n₀, n_k − j_k for k ≤ l): ways[m] = Σ Π C(n_k, j_k) over the
        // prefixes (j₁ … j_l) whose cap is m. The next j ranges over 0 … min(m, n_{l+1}).
        var ways = new BigInteger[inputs + 1];
        ways[inputs] = BigInteger.One;
        foreach (int width in widths)
        {
            var next = new BigInteger[inputs + 1];
            for (int cap = 0; cap <= inputs; cap++)
            {
                if (ways[cap].IsZero) continue;
                for (int j = 0; j <= Math.Min(cap, width); j++)
                {
                    int newCap = Math.Min(cap, width - j);
                    next[newCap] += ways[cap] * Binomial(width, j);
                }
            }

            ways = next;
        }

        BigInteger total = BigInteger.Zero;
        foreach (BigInteger w in ways) total += w;
        return total;
    }

    /// <summary>
    /// Π_{l=1}^{L} Σ_{j ≤ d_l} C(n_l, j) with d_l = min(n₀, n₁, …, n_{l−1}): the bound that holds whether or not a negative
    /// pre-activation collapses a dimension, so it is the one proven for LeakyReLU networks (see the remarks); at least
    /// <see cref="SerraUpperBound"/>.
    /// </summary>
    public static BigInteger InjectiveUpperBound(int inputs, IReadOnlyList<int> widths)
    {
        Check(inputs, widths);
        BigInteger product = BigInteger.One;
        int dimension = inputs;
        foreach (int width in widths)
        {
            product *= GeneralPosition(width, dimension);
            dimension = Math.Min(dimension, width);
        }

        return product;
    }

    /// <summary>The Montúfar et al. lower bound; every width must be at least n₀.</summary>
    public static BigInteger MontufarLowerBound(int inputs, IReadOnlyList<int> widths)
    {
        Check(inputs, widths);
        if (widths.Count == 0) return BigInteger.One;
        for (int l = 0; l < widths.Count; l++)
        {
            if (widths[l] < inputs)
                throw new ArgumentException($"Expected every width to be at least the input size {inputs} (the bound's assumption) but layer {l + 1} has {widths[l]}.", nameof(widths));
        }

        BigInteger product = BigInteger.One;
        for (int l = 0; l < widths.Count - 1; l++) product *= BigInteger.Pow(widths[l] / inputs, inputs);
        return product * GeneralPosition(widths[^1], inputs);
    }

    /// <summary>The hidden widths of a network: the kink counts of its layers that have kinks, in order.</summary>
    public static int[] KinkWidths<TNet>() where TNet : IPiecewiseLinearNetwork<TNet> =>
        TNet.KinkRanges.Where(r => r.Count > 0).Select(r => r.Count).ToArray();

    /// <summary>
    /// Both bounds for a network's own widths (<see cref="KinkWidths{TNet}"/>) on <paramref name="inputs"/> inputs (its input size by
    /// default; pass 2 for a 2-D slice, whose regions are those of the network restricted to a plane); the lower bound is
    /// null where its assumption (every width ≥ n₀) fails. Both are ReLU results: for a network with LeakyReLU layers they are
    /// proven only with one kink layer; deeper, use <see cref="InjectiveUpperBound"/> (see the remarks on this class).
    /// </summary>
    public static (BigInteger? MontufarLower, BigInteger SerraUpper) For<TNet>(int? inputs = null) where TNet : IPiecewiseLinearNetwork<TNet>
    {
        int n0 = inputs ?? TNet.InputSize;
        int[] widths = KinkWidths<TNet>();
        BigInteger? lower = widths.All(w => w >= n0) ? MontufarLowerBound(n0, widths) : null;
        return (lower, SerraUpperBound(n0, widths));
    }

    private static void Check(int inputs, IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "Expected at least one input.");
        for (int l = 0; l < widths.Count; l++)
        {
            if (widths[l] < 0) throw new ArgumentException($"Expected non-negative widths but layer {l + 1} has {widths[l]}.", nameof(widths));
        }
    }
}
