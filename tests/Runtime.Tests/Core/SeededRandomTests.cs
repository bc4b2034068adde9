namespace DslNets.Runtime.Tests.Core;

public class SeededRandomTests
{
    [Fact]
    public void SameSeedGivesSameSequence_DifferentSeedsDiffer()
    {
        var a = new SeededRandom(42);
        var b = new SeededRandom(42);
        var c = new SeededRandom(43);
        ulong[] first = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        ulong[] second = Enumerable.Range(0, 100).Select(_ => b.NextUInt64()).ToArray();
        ulong[] third = Enumerable.Range(0, 100).Select(_ => c.NextUInt64()).ToArray();
        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public void Xoshiro256StarStarMatchesItsDefinition()
    {
        // An independent transcription of xoshiro256** (Blackman & Vigna) seeded by SplitMix64, in BigInteger-free
        // plain arithmetic, checked against the class for the first outputs.
        ulong x = 7;
        ulong[] s = new ulong[4];
        for (int i = 0; i < 4; i++)
        {
            x += 0x9E3779B97F4A7C15UL;
            ulong z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            s[i] = z ^ (z >> 31);
        }

        static ulong Rotl(ulong v, int k) => (v << k) | (v >> (64 - k));
        var random = new SeededRandom(7);
        for (int n = 0; n < 20; n++)
        {
            ulong expected = Rotl(s[1] * 5, 7) * 9;
            ulong t = s[1] << 17;
            s[2] ^= s[0];
            s[3] ^= s[1];
            s[1] ^= s[2];
            s[0] ^= s[3];
            s[2] ^= t;
            s[3] = Rotl(s[3], 45);
            Assert.Equal(expected, random.NextUInt64());
        }
    }

    [Fact]
    public void UniformAndGaussianMomentsAreRight()
    {
        var random = new SeededRandom(1);
        const int n = 200_000;
        double sum = 0, sumSq = 0, gSum = 0, gSq = 0, gFourth = 0;
        for (int i = 0; i < n; i++)
        {
            double u = random.NextDouble();
            Assert.InRange(u, 0.0, 1.0 - double.Epsilon);
            sum += u;
            sumSq += u * u;
            double g = random.NextGaussian();
            gSum += g;
            gSq += g * g;
            gFourth += g * g * g * g;
        }

        // Means within ~5 standard errors of 1/2 and 0; variances 1/12 and 1; the normal's fourth moment 3.
        Assert.InRange(sum / n, 0.5 - 5 * Math.Sqrt(1.0 / 12 / n), 0.5 + 5 * Math.Sqrt(1.0 / 12 / n));
        Assert.InRange(sumSq / n - Math.Pow(sum / n, 2), 1.0 / 12 - 0.002, 1.0 / 12 + 0.002);
        Assert.InRange(gSum / n, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(gSq / n, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
        Assert.InRange(gFourth / n, 3 - 0.1, 3 + 0.1);
    }

    [Fact]
    public void NextIntIsUniformOverSmallRanges()
    {
        var random = new SeededRandom(3);
        int[] counts = new int[6];
        const int n = 60_000;
        for (int i = 0; i < n; i++) counts[random.NextInt(6)]++;
        // Chi-square with 5 degrees of freedom: 20.5 is the 0.999 quantile.
        double chi = counts.Sum(c => Math.Pow(c - n / 6.0, 2) / (n / 6.0));
        Assert.True(chi < 20.5, $"chi-square {chi:F2} over counts {string.Join(",", counts)}");
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
    }

    [Fact]
    public void ShuffleIsAPermutationAndSeeded()
    {
        int[] a = Enumerable.Range(0, 50).ToArray();
        int[] b = Enumerable.Range(0, 50).ToArray();
        new SeededRandom(9).Shuffle<int>(a);
        new SeededRandom(9).Shuffle<int>(b);
        Assert.Equal(a, b);
        Assert.Equal(Enumerable.Range(0, 50), a.OrderBy(v => v));
        Assert.NotEqual(Enumerable.Range(0, 50), a);
    }
}
