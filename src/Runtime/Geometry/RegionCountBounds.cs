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
    /// null where its assumption (every width ≥ n₀) fails.
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
