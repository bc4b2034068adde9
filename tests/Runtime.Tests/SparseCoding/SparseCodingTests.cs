using DslNets.SparseCoding;

namespace DslNets.Runtime.Tests.SparseCoding;

public class SparseCodingTests
{
    [Fact]
    public void DictionaryHasUnitColumnsAndItsCoherenceIsTheLargestOffDiagonalInnerProduct()
    {
        var dictionary = IncoherentDictionary.Random(20, 30, seed: 1);
        double max = 0;
        for (int i = 0; i < 30; i++)
        {
            double norm = 0;
            for (int c = 0; c < 20; c++) norm += dictionary.Columns[i * 20 + c] * dictionary.Columns[i * 20 + c];
            Assert.Equal(1.0, norm, 1e-12);
            for (int j = 0; j < 30; j++)
            {
                if (i == j) continue;
                double dot = 0;
                for (int c = 0; c < 20; c++) dot += dictionary.Columns[i * 20 + c] * dictionary.Columns[j * 20 + c];
                max = Math.Max(max, Math.Abs(dot));
            }
        }
        Assert.Equal(max, dictionary.Coherence, 1e-12);
        Assert.Equal(Math.Sqrt(20) * max, dictionary.Mu, 1e-12);
    }

    [Fact]
    public void CodesHaveKEntriesInTheRangeAndSignalsAreTheirSynthesis()
    {
        var dictionary = IncoherentDictionary.Random(16, 40, seed: 2);
        var sampler = new SparseCodeSampler(dictionary, 5, 0.5, 2.0, new SeededRandom(3));
        var code = new double[40];
        var signal = new double[16];
        var hits = new int[40];
        for (int s = 0; s < 4000; s++)
        {
            sampler.Sample(code, signal);
            Assert.Equal(5, code.Count(v => v != 0));
            Assert.All(code.Where(v => v != 0), v => Assert.InRange(v, 0.5, 2.0));
            for (int c = 0; c < 16; c++)
            {
                double y = 0;
                for (int i = 0; i < 40; i++) y += dictionary.Columns[i * 16 + c] * code[i];
                Assert.Equal(y, signal[c], 1e-12);
            }
            for (int i = 0; i < 40; i++) if (code[i] != 0) hits[i]++;
        }
        // Each atom is in the support with probability k/h = 1/8: 500 of 4000 expected, standard deviation ≈ 21.
        Assert.All(hits, h => Assert.InRange(h, 500 - 5 * 21, 500 + 5 * 21));
    }

    [Fact]
    public void SupportIsRecoveredExactlyWheneverTheIncoherenceConditionHolds()
    {
        const int k = 2;
        const double a = 1.0, b = 1.5;
        int guaranteed = 0;
        for (int seed = 0; seed < 4; seed++)
        {
            var dictionary = IncoherentDictionary.Random(1024, 64, seed);
            double bound = SupportRecovery.InterferenceBound(dictionary, k, b);
            double epsilon = a / 2;
            if (!SupportRecovery.Guaranteed(dictionary, k, a, b, epsilon)) continue;
            guaranteed++;
            Assert.True(bound <= epsilon && epsilon < a - bound);
            var sampler = new SparseCodeSampler(dictionary, k, a, b, new SeededRandom(100 + seed));
            Assert.Equal(1.0, SupportRecovery.Rate(sampler, epsilon, 1000));
            // At the edges of the interval too.
            Assert.Equal(1.0, SupportRecovery.Rate(sampler, bound, 300));
            Assert.Equal(1.0, SupportRecovery.Rate(sampler, Math.BitDecrement(a - bound), 300));
            // Above b + bound every hidden unit is off, so the support is lost on every sample.
            Assert.Equal(0.0, SupportRecovery.Rate(sampler, b + bound + 1e-9, 300));
        }
        Assert.True(guaranteed >= 3, $"the incoherence condition held on only {guaranteed} of 4 dictionaries");
    }

    [Fact]
    public void ConditionMatchesItsDefinition()
    {
        var dictionary = IncoherentDictionary.Random(256, 32, seed: 5);
        double bound = 3 * dictionary.Mu * 2.0 / 16.0;
        Assert.Equal(bound, SupportRecovery.InterferenceBound(dictionary, 3, 2.0), 1e-12);
        Assert.True(SupportRecovery.Guaranteed(dictionary, 3, 10, 2.0, bound));
        Assert.False(SupportRecovery.Guaranteed(dictionary, 3, 10, 2.0, Math.BitDecrement(bound)));
        Assert.False(SupportRecovery.Guaranteed(dictionary, 3, 10, 2.0, 10 - bound));
    }

    [Fact]
    public void MonteCarloGradientAtTheDictionaryEqualsTheClosedFormAverage()
    {
        const int n = 32, h = 48, samples = 300;
        const double epsilon = 0.3;
        var dictionary = IncoherentDictionary.Random(n, h, seed: 6);
        var net = new TiedAutoencoder32x48(1);
        TiedAutoencoder.SetToDictionary<TiedAutoencoder32x48, double>(net, dictionary, epsilon);
        Assert.Equal(dictionary.Columns, net.Encoder.Weights.ToArray());
        Assert.All(net.Encoder.Bias.ToArray(), v => Assert.Equal(-epsilon, v));

        var gradient = new double[TiedAutoencoder32x48.ParameterCount];
        double norm = TiedAutoencoder.ExpectedGradient<TiedAutoencoder32x48, double>(
            net, new SparseCodeSampler(dictionary, 3, 0.5, 1.0, new SeededRandom(7)), samples, gradient);

        // Closed form per sample with W = A*ᵀ: z = W y − ε, s = ReLU(z), r = Wᵀ s − y;
        // ∇_W = s rᵀ + ((W r) ⊙ 1[z > 0]) yᵀ and ∇_b = (W r) ⊙ 1[z > 0].
        var sampler = new SparseCodeSampler(dictionary, 3, 0.5, 1.0, new SeededRandom(7));
        var expected = new double[h * n + h];
        var code = new double[h];
        var y = new double[n];
        var w = dictionary.Columns;
        for (int t = 0; t < samples; t++)
        {
            sampler.Sample(code, y);
            var z = new double[h];
            var s = new double[h];
            for (int i = 0; i < h; i++)
            {
                for (int c = 0; c < n; c++) z[i] += w[i * n + c] * y[c];
                z[i] -= epsilon;
                s[i] = Math.Max(0, z[i]);
            }
            var r = new double[n];
            for (int c = 0; c < n; c++)
            {
                for (int i = 0; i < h; i++) r[c] += w[i * n + c] * s[i];
                r[c] -= y[c];
            }
            for (int i = 0; i < h; i++)
            {
                double wr = 0;
                for (int c = 0; c < n; c++) wr += w[i * n + c] * r[c];
                double back = z[i] > 0 ? wr : 0;
                for (int c = 0; c < n; c++) expected[i * n + c] += (s[i] * r[c] + back * y[c]) / samples;
                expected[h * n + i] += back / samples;
            }
        }
        double expectedNorm = Math.Sqrt(expected.Take(h * n).Sum(v => v * v));
        Assert.True(expectedNorm > 0);
        Assert.Equal(expectedNorm, norm, 1e-10 * expectedNorm);
        Assert.Equal(h * n + h, TiedAutoencoder32x48.ParameterCount); // encoder weights, then its bias; the decoder owns nothing
        for (int e = 0; e < expected.Length; e++) Assert.Equal(expected[e], gradient[e], 1e-12);
    }

    [Fact]
    public void UntiedOrMismatchedNetworksAreRejected()
    {
        var dictionary = IncoherentDictionary.Random(4, 6, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => TiedAutoencoder.SetToDictionary<UntiedAutoencoder, double>(new UntiedAutoencoder(1), dictionary, 0.1));
        Assert.Contains("weight-tied", error.Message);
        Assert.Contains("tied to none", error.Message);
        error = Assert.Throws<ArgumentException>(() => TiedAutoencoder.SetToDictionary<TiedAutoencoder32x48, double>(new TiedAutoencoder32x48(1), dictionary, 0.1));
        Assert.Contains("48×32", error.Message);
        Assert.Contains("h = 6", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseCodeSampler(dictionary, 7, 1, 2, new SeededRandom(1)));
    }
}
