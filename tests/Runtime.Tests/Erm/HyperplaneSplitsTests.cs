using DslNets.Erm;
using MathNet.Numerics.LinearAlgebra;

namespace DslNets.Runtime.Tests.Erm;

public class HyperplaneSplitsTests
{
    private static double[,] GaussianPoints(int d, int n, long seed)
    {
        var rng = new SeededRandom(seed);
        var x = new double[d, n];
        for (int j = 0; j < d; j++) for (int k = 0; k < n; k++) x[j, k] = rng.NextGaussian();
        return x;
    }

    [Theory]
    [InlineData(7, 1, 1)]
    [InlineData(9, 2, 2)]
    [InlineData(12, 2, 3)]
    [InlineData(8, 3, 4)]
    [InlineData(10, 3, 5)]
    public void General_position_gives_Covers_count_of_distinct_splits(int d, int n, long seed)
    {
        var splits = HyperplaneSplits.Enumerate(GaussianPoints(d, n, seed));
        // Cover's count, summed here from binomials independently of the library's helper.
        long expected = 0;
        for (int k = 0; k <= n; k++) expected += 2 * (long)Math.Round(MathNet.Numerics.SpecialFunctions.Binomial(d - 1, k));
        Assert.Equal(expected, splits.Length);
        Assert.Equal(expected, HyperplaneSplits.GeneralPositionCount(d, n));
        Assert.Equal(splits.Length, splits.Distinct().Count());
    }

    [Theory]
    [InlineData(7, 2, 11)]
    [InlineData(8, 3, 12)]
    public void Splits_equal_the_independent_construction_from_hyperplanes_through_n_points(int d, int n, long seed)
    {
        // In general position every region of the dual arrangement is a pointed cone whose extreme rays lie on n of the
        // hyperplanes; next to such a ray all 2ⁿ sign patterns of those n points occur. So: for every n-subset S, the line
        // {z : x̃ⱼ·z = 0, j ∈ S} (both directions) fixes the other points' sides, and S's points take every assignment.
        var x = GaussianPoints(d, n, seed);
        var expected = new HashSet<ulong>();
        foreach (var subset in Subsets(d, n))
        {
            var m = Matrix<double>.Build.Dense(n, n + 1, (i, k) => k < n ? x[subset[i], k] : 1.0);
            var ray = m.Kernel()[0];
            foreach (double direction in new[] { 1.0, -1.0 })
            {
                ulong fixedMask = 0;
                for (int j = 0; j < d; j++)
                {
                    if (subset.Contains(j)) continue;
                    double v = 0;
                    for (int k = 0; k < n; k++) v += x[j, k] * ray[k];
                    v += ray[n];
                    if (direction * v > 0) fixedMask |= 1UL << j;
                }
                for (int assignment = 0; assignment < 1 << n; assignment++)
                {
                    ulong mask = fixedMask;
                    for (int i = 0; i < n; i++) if ((assignment >> i & 1) != 0) mask |= 1UL << subset[i];
                    expected.Add(mask);
                }
            }
        }
        var splits = HyperplaneSplits.Enumerate(x);
        Assert.Equal(expected.OrderBy(v => v), splits);
    }

    [Fact]
    public void Random_hyperplanes_find_no_split_outside_the_enumeration_and_on_few_points_find_them_all()
    {
        var x = GaussianPoints(6, 2, 21);
        var splits = HyperplaneSplits.Enumerate(x).ToHashSet();
        var rng = new SeededRandom(22);
        var seen = new HashSet<ulong>();
        for (int trial = 0; trial < 200_000; trial++)
        {
            // A random direction through a random point near the data.
            double a0 = rng.NextGaussian(), a1 = rng.NextGaussian();
            double p0 = 3 * rng.NextGaussian(), p1 = 3 * rng.NextGaussian();
            double b = -(a0 * p0 + a1 * p1);
            ulong mask = 0;
            for (int j = 0; j < 6; j++) if (a0 * x[j, 0] + a1 * x[j, 1] + b > 0) mask |= 1UL << j;
            seen.Add(mask);
        }
        Assert.Subset(splits, seen);
        Assert.Equal(splits.Count, seen.Count);
    }

    [Fact]
    public void Collinear_points_in_the_plane_give_2D_splits()
    {
        // Points on a line: a line of the plane meets it in one point, so the splits are the 1-D threshold splits: 2D.
        var rng = new SeededRandom(31);
        var x = new double[7, 2];
        for (int j = 0; j < 7; j++) { double t = rng.NextGaussian(); x[j, 0] = 1 + 2 * t; x[j, 1] = -1 + 0.5 * t; }
        var splits = HyperplaneSplits.Enumerate(x);
        Assert.Equal(14, splits.Length);
        // Each is a threshold split along the line: sort by t and every P⁺ is a prefix or a suffix.
        var order = Enumerable.Range(0, 7).OrderBy(j => x[j, 0]).ToArray();
        foreach (ulong mask in splits)
        {
            var bits = order.Select(j => (mask >> j & 1UL) != 0).ToArray();
            int changes = 0;
            for (int i = 1; i < bits.Length; i++) if (bits[i] != bits[i - 1]) changes++;
            Assert.True(changes <= 1);
        }
    }

    // Every split by a line of the plane of the points, found by brute force: all lines through two of the points, turned by
    // ±ε about pivots between (and beyond) the points' positions along them, or moved ±ε off them, both orientations; and
    // many random lines. A strict split by a line can be moved (translated, then turned about a point) until the line holds two
    // points without any point changing side before the end, so lines near the lines through two points find them all.
    private static HashSet<ulong> BruteForcePlanarSplits(double[,] x, long seed)
    {
        int d = x.GetLength(0);
        var found = new HashSet<ulong>();
        void Add(double nx, double ny, double qx, double qy)
        {
            foreach (double sign in new[] { 1.0, -1.0 })
            {
                ulong mask = 0;
                for (int j = 0; j < d; j++)
                {
                    double v = sign * (nx * (x[j, 0] - qx) + ny * (x[j, 1] - qy));
                    if (Math.Abs(v) < 1e-12) return; // on the line: not a strict split
                    if (v > 0) mask |= 1UL << j;
                }
                found.Add(mask);
            }
        }
        const double eps = 1e-7;
        for (int i = 0; i < d; i++)
            for (int k = i + 1; k < d; k++)
            {
                double vx = x[k, 0] - x[i, 0], vy = x[k, 1] - x[i, 1], len = Math.Sqrt(vx * vx + vy * vy);
                vx /= len; vy /= len;
                var along = Enumerable.Range(0, d).Select(j => (x[j, 0] - x[i, 0]) * vx + (x[j, 1] - x[i, 1]) * vy).Order().ToList();
                var pivots = along.Zip(along.Skip(1), (a, b) => (a + b) / 2).Append(along[0] - 1).Append(along[^1] + 1);
                foreach (double t in pivots)
                    foreach (double angle in new[] { eps, -eps })
                    {
                        double c = Math.Cos(angle), s = Math.Sin(angle);
                        Add(-(s * vx + c * vy), c * vx - s * vy, x[i, 0] + t * vx, x[i, 1] + t * vy);
                    }
                foreach (double shift in new[] { eps, -eps })
                    Add(-vy, vx, x[i, 0] - shift * vy, x[i, 1] + shift * vx);
            }
        var rng = new SeededRandom(seed);
        for (int trial = 0; trial < 100_000; trial++)
        {
            double a0 = rng.NextGaussian(), a1 = rng.NextGaussian();
            Add(a0, a1, 3 * rng.NextGaussian(), 3 * rng.NextGaussian());
        }
        return found;
    }

    [Theory]
    [InlineData(3, 5, 51)]
    [InlineData(4, 4, 52)]
    [InlineData(5, 4, 53)]
    public void Partly_collinear_planar_sets_give_the_flat_count_and_the_brute_force_splits(int onLine, int general, long seed)
    {
        // `onLine` points exactly on the line y = 2x − 1 (small integers, so collinear in floating point), the rest Gaussian.
        int d = onLine + general;
        var x = new double[d, 2];
        for (int j = 0; j < onLine; j++) { x[j, 0] = j - 1; x[j, 1] = 2 * (j - 1) - 1; }
        var g = GaussianPoints(general, 2, seed);
        for (int j = 0; j < general; j++) { x[onLine + j, 0] = 2 * g[j, 0]; x[onLine + j, 1] = 2 * g[j, 1]; }
        var splits = HyperplaneSplits.Enumerate(x);
        // The count from the rank-2 flats (see HyperplaneSplits): one line with `onLine` points, every other pair its own line.
        long lines = d * (d - 1) / 2 - onLine * (onLine - 1) / 2;
        long expected = 2 + 2 * (lines + (onLine - 1));
        Assert.Equal(expected, (long)d * d - d + 2 - (onLine - 1) * (onLine - 2));
        Assert.Equal(expected, splits.Length);
        Assert.True(splits.Length < HyperplaneSplits.GeneralPositionCount(d, 2));
        var brute = BruteForcePlanarSplits(x, seed + 100);
        Assert.Equal(brute.Count, splits.Length);
        Assert.Equal(brute.OrderBy(v => v), splits);
    }

    [Fact]
    public void Repeated_points_count_once_and_always_share_a_side()
    {
        var distinct = GaussianPoints(5, 2, 41);
        var x = new double[7, 2];
        for (int j = 0; j < 5; j++) { x[j, 0] = distinct[j, 0]; x[j, 1] = distinct[j, 1]; }
        x[5, 0] = distinct[1, 0]; x[5, 1] = distinct[1, 1]; // a copy of point 1
        x[6, 0] = distinct[3, 0]; x[6, 1] = distinct[3, 1]; // a copy of point 3
        var splits = HyperplaneSplits.Enumerate(x);
        Assert.Equal(HyperplaneSplits.GeneralPositionCount(5, 2), splits.Length); // 2·(1 + 4 + 6) = 22
        foreach (ulong mask in splits)
        {
            Assert.Equal((mask >> 1) & 1, (mask >> 5) & 1);
            Assert.Equal((mask >> 3) & 1, (mask >> 6) & 1);
        }
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => HyperplaneSplits.Enumerate(new double[65, 1]));
        Assert.Contains("65", ex.Message);
        Assert.Throws<ArgumentException>(() => HyperplaneSplits.Enumerate(new double[,] { { double.NaN } }));
    }

    private static IEnumerable<int[]> Subsets(int count, int size)
    {
        var idx = Enumerable.Range(0, size).ToArray();
        while (true)
        {
            yield return (int[])idx.Clone();
            int i = size - 1;
            while (i >= 0 && idx[i] == count - size + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
        }
    }
}
