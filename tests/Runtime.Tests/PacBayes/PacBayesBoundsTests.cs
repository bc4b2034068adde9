using DslNets.PacBayes;

namespace DslNets.Runtime.Tests.PacBayes;

public class PacBayesBoundsTests
{
    private static readonly double[] Risks = [0.0, 0.005, 0.05, 0.2, 0.5, 0.8, 1.0];
    private static readonly double[] Kls = [0.0, 0.5, 5, 50, 500, 5000];
    private static readonly long[] Ms = [10, 100, 1000, 30000, 60000];
    private static readonly double[] Deltas = [0.001, 0.01, 0.025, 0.1, 0.5];

    private delegate double Bound(double risk, double kl, long m, double delta);

    private static IEnumerable<(string Name, Bound F)> AllBounds()
    {
        yield return ("Seeger", PacBayesBounds.Seeger);
        yield return ("Classic", PacBayesBounds.Classic);
        yield return ("Quadratic", PacBayesBounds.Quadratic);
        foreach (double lambda in new[] { 0.2, 1.0, 1.8 })
            yield return ($"Lambda({lambda})", (r, k, m, d) => PacBayesBounds.Lambda(r, k, m, d, lambda));
        foreach (double c in new[] { 0.3, 2.0, 10.0 })
            yield return ($"Catoni({c})", (r, k, m, d) => PacBayesBounds.Catoni(r, k, m, d, c));
        double[] grid = [0.5, 1, 2, 4, 8, 16];
        yield return ("CatoniGrid", (r, k, m, d) => PacBayesBounds.CatoniGrid(r, k, m, d, grid, out _));
        foreach (long j in new long[] { 1, 40, 700 })
            yield return ($"DziugaiteRoy(j={j})", (r, k, m, d) => PacBayesBounds.DziugaiteRoy(r, k, m, d, j));
        // The certificate as a function of (Q̂_n, KL, m, δ) with n and δ′ fixed.
        yield return ("Certificate", (r, k, m, d) => PacBayesBounds.Certificate(r, 150, 0.01, k, m, d));
    }

    [Fact]
    public void EveryBound_IsMonotoneInEveryArgument()
    {
        int comparisons = 0;
        foreach (var (name, f) in AllBounds())
        {
            foreach (double kl in Kls) foreach (long m in Ms) foreach (double d in Deltas)
                for (int i = 1; i < Risks.Length; i++, comparisons++)
                    Assert.True(f(Risks[i], kl, m, d) >= f(Risks[i - 1], kl, m, d), $"{name} not increasing in L̂ at kl={kl}, m={m}, δ={d}");
            foreach (double r in Risks) foreach (long m in Ms) foreach (double d in Deltas)
                for (int i = 1; i < Kls.Length; i++, comparisons++)
                    Assert.True(f(r, Kls[i], m, d) >= f(r, Kls[i - 1], m, d), $"{name} not increasing in KL at L̂={r}, m={m}, δ={d}");
            foreach (double r in Risks) foreach (double kl in Kls) foreach (double d in Deltas)
                for (int i = 1; i < Ms.Length; i++, comparisons++)
                    Assert.True(f(r, kl, Ms[i], d) <= f(r, kl, Ms[i - 1], d), $"{name} not decreasing in m at L̂={r}, kl={kl}, δ={d}");
            foreach (double r in Risks) foreach (double kl in Kls) foreach (long m in Ms)
                for (int i = 1; i < Deltas.Length; i++, comparisons++)
                    Assert.True(f(r, kl, m, Deltas[i]) <= f(r, kl, m, Deltas[i - 1]), $"{name} not decreasing in δ at L̂={r}, kl={kl}, m={m}");
        }
        Assert.True(comparisons > 10000);
    }

    [Fact]
    public void Certificate_IsMonotoneInTheMonteCarloArguments_AndDziugaiteRoyInJ()
    {
        foreach (double q in Risks)
        {
            long[] ns = [1, 10, 100, 1000, 100000];
            for (int i = 1; i < ns.Length; i++)
                Assert.True(PacBayesBounds.Certificate(q, ns[i], 0.01, 20, 5000, 0.025) <= PacBayesBounds.Certificate(q, ns[i - 1], 0.01, 20, 5000, 0.025));
            for (int i = 1; i < Deltas.Length; i++)
                Assert.True(PacBayesBounds.Certificate(q, 100, Deltas[i], 20, 5000, 0.025) <= PacBayesBounds.Certificate(q, 100, Deltas[i - 1], 20, 5000, 0.025));
            long[] js = [1, 2, 10, 100, 1000];
            for (int i = 1; i < js.Length; i++)
                Assert.True(PacBayesBounds.DziugaiteRoy(q, 20, 5000, 0.025, js[i]) >= PacBayesBounds.DziugaiteRoy(q, 20, 5000, 0.025, js[i - 1]));
        }
    }

    [Fact]
    public void EveryBound_IsAtLeastTheEmpiricalRisk()
    {
        foreach (var (name, f) in AllBounds())
            foreach (double r in Risks) foreach (double kl in Kls) foreach (long m in Ms) foreach (double d in Deltas)
                Assert.True(f(r, kl, m, d) >= r, $"{name}({r}, {kl}, {m}, {d}) < L̂");
        foreach (double r in Risks)
            Assert.True(PacBayesBounds.MonteCarloSampleBound(r, 100, 0.01) >= r);
    }

    [Fact]
    public void KlBound_IsTheTightest_AsPinskerAndTheRefinedPinskerInequalityImply()
    {
        // kl(q‖p) ≥ 2(p−q)² (Pinsker) gives Seeger ≤ Classic; kl(q‖p) ≥ (p−q)²/(2p) gives Seeger ≤ Quadratic ≤ Lambda(λ).
        foreach (double r in Risks) foreach (double kl in Kls) foreach (long m in Ms) foreach (double d in Deltas)
        {
            double seeger = PacBayesBounds.Seeger(r, kl, m, d);
            Assert.True(seeger <= PacBayesBounds.Classic(r, kl, m, d) + 1e-12);
            double quadratic = PacBayesBounds.Quadratic(r, kl, m, d);
            Assert.True(seeger <= quadratic + 1e-12);
            foreach (double lambda in new[] { 0.1, 0.7, 1.3, 1.9 })
                Assert.True(quadratic <= PacBayesBounds.Lambda(r, kl, m, d, lambda) * (1 + 1e-12));
        }
    }

    [Fact]
    public void Quadratic_SolvesTheRefinedPinskerEquation()
    {
        // p = (√(q + c/2) + √(c/2))² is the root above q of (p − q)²/(2p) = c, c = (KL + ln(2√m/δ))/m.
        foreach (double q in Risks) foreach (double kl in new[] { 0.0, 3.0, 300.0 })
        {
            const long m = 2000; const double delta = 0.05;
            double c = (kl + Math.Log(2 * Math.Sqrt(m) / delta)) / m;
            double p = PacBayesBounds.Quadratic(q, kl, m, delta);
            Assert.True(p >= q);
            Assert.Equal(c, (p - q) * (p - q) / (2 * p), 12);
        }
    }

    [Fact]
    public void OptimalLambda_MinimisesTheLambdaBound_AndRecoversTheQuadraticBound()
    {
        foreach (double q in Risks) foreach (double kl in new[] { 0.0, 10.0, 1000.0 })
        {
            const long m = 5000; const double delta = 0.025;
            double best = PacBayesBounds.OptimalLambda(q, kl, m, delta);
            Assert.InRange(best, 0.0, 1.0);
            double atBest = PacBayesBounds.Lambda(q, kl, m, delta, best);
            for (double lambda = 0.001; lambda < 2; lambda += 0.001)
                Assert.True(atBest <= PacBayesBounds.Lambda(q, kl, m, delta, lambda) + 1e-14, $"q={q}, kl={kl}, λ={lambda}");
            Assert.Equal(PacBayesBounds.Quadratic(q, kl, m, delta), atBest, 12);
        }
    }

    [Fact]
    public void Catoni_MatchesItsFormula_AndTheGridPaysLnK()
    {
        const double q = 0.07, kl = 40; const long m = 10000; const double delta = 0.025;
        double[] grid = [0.25, 0.5, 1, 2, 4, 8];
        double best = double.PositiveInfinity, argBest = 0;
        foreach (double c in grid)
        {
            double value = (1 - Math.Exp(-c * q - (kl + Math.Log(grid.Length / delta)) / m)) / (1 - Math.Exp(-c));
            Assert.Equal(value, PacBayesBounds.Catoni(q, kl, m, delta / grid.Length, c), 12);
            if (value < best) { best = value; argBest = c; }
        }
        Assert.Equal(best, PacBayesBounds.CatoniGrid(q, kl, m, delta, grid, out double chosen), 12);
        Assert.Equal(argBest, chosen);
        // kl(q‖p) ≥ sup_C [−ln(1 − p(1 − e^{−C})) − Cq], so Catoni's bound never beats kl⁻¹ with the same budget.
        Assert.True(best >= BinaryKl.InverseUpper(q, (kl + Math.Log(grid.Length / delta)) / m) - 1e-12);
    }

    [Fact]
    public void MonteCarloAndCertificate_ComposeTwoKlInverses()
    {
        const double sampled = 0.03; const long n = 1000; const double deltaPrime = 0.01;
        const double kl = 25; const long m = 55000; const double delta = 0.025;
        double inner = PacBayesBounds.MonteCarloSampleBound(sampled, n, deltaPrime);
        Assert.Equal(Math.Log(2 / deltaPrime) / n, BinaryKl.Divergence(sampled, inner), 10);
        double certificate = PacBayesBounds.Certificate(sampled, n, deltaPrime, kl, m, delta);
        Assert.Equal((kl + Math.Log(2 * Math.Sqrt(m) / delta)) / m, BinaryKl.Divergence(inner, certificate), 10);
        Assert.True(certificate > inner && inner > sampled);
    }

    [Fact]
    public void DziugaiteRoy_UsesTwoLnJAndPiSquaredOverSix()
    {
        const double q = 0.02, kl = 60; const long m = 55000; const double delta = 0.025; const long j = 523;
        double p = PacBayesBounds.DziugaiteRoy(q, kl, m, delta, j);
        double budget = (kl + 2 * Math.Log(j) + Math.Log(Math.PI * Math.PI * m / (6 * delta))) / (m - 1);
        Assert.Equal(budget, BinaryKl.Divergence(q, p), 10);
        // The union-bound weights 6/(π² j²) sum to at most 1.
        double total = 0; for (long k = 1; k <= 1_000_000; k++) total += 6 / (Math.PI * Math.PI * k * k);
        Assert.InRange(total, 0.99999, 1.0);
        // The grid: λ_j = 0.1·e^{−j/100}, and the indices around λ_j bracket j.
        double variance = PacBayesBounds.DziugaiteRoyPriorVariance(j);
        Assert.Equal(0.1 * Math.Exp(-j / 100.0), variance, 15);
        var (below, above) = PacBayesBounds.DziugaiteRoyGridIndices(variance * 1.0000001);
        Assert.Equal(j - 1, below);
        Assert.Equal(j, above);
    }

    [Fact]
    public void Bounds_RejectBadArguments_WithMessagesNamingTheExpectation()
    {
        Assert.Contains("'empiricalRisk' in [0, 1], got 1.2", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.Seeger(1.2, 1, 100, 0.05)).Message);
        Assert.Contains("'delta' in (0, 1), got 0", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.Classic(0.1, 1, 100, 0)).Message);
        Assert.Contains("'delta' in (0, 1), got 1", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.Quadratic(0.1, 1, 100, 1)).Message);
        Assert.Contains("'m' ≥ 8, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.Classic(0.1, 1, 0, 0.05)).Message);
        Assert.Contains("'m' ≥ 8, got 7", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.Seeger(0.1, 1, 7, 0.05)).Message);
        Assert.Contains("'m' ≥ 2, got 1", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.DziugaiteRoy(0.1, 1, 1, 0.05, 3)).Message);
        Assert.Contains("'kl' finite and ≥ 0, got NaN", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.Seeger(0.1, double.NaN, 100, 0.05)).Message);
        Assert.Contains("'kl' finite and ≥ 0, got -1", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.Seeger(0.1, -1, 100, 0.05)).Message);
        Assert.Contains("'lambda' in (0, 2), got 2", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.Lambda(0.1, 1, 100, 0.05, 2)).Message);
        Assert.Contains("'c' finite and > 0, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.Catoni(0.1, 1, 100, 0.05, 0)).Message);
        Assert.Contains("'j' ≥ 1, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.DziugaiteRoy(0.1, 1, 100, 0.05, 0)).Message);
        Assert.Contains("'deltaPrime' in (0, 1), got 2", Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesBounds.MonteCarloSampleBound(0.1, 10, 2)).Message);
        Assert.Contains("non-empty grid", Assert.Throws<ArgumentException>(() => PacBayesBounds.CatoniGrid(0.1, 1, 100, 0.05, [], out _)).Message);
    }
}
