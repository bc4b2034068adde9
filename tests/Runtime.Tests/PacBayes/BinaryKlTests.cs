using DslNets.PacBayes;

namespace DslNets.Runtime.Tests.PacBayes;

public class BinaryKlTests
{
    // An independent kl(q‖p): the textbook formula with plain logarithms (0 ln 0 = 0).
    private static double NaiveKl(double q, double p)
    {
        double a = q == 0 ? 0 : q * Math.Log(q / p);
        double b = q == 1 ? 0 : (1 - q) * Math.Log((1 - q) / (1 - p));
        return a + b;
    }

    [Fact]
    public void Divergence_MatchesTheTextbookFormula()
    {
        double[] grid = [0.0, 1e-6, 0.01, 0.2, 0.5, 0.8, 0.999, 1.0];
        foreach (double q in grid)
            foreach (double p in new[] { 1e-6, 0.01, 0.3, 0.5, 0.7, 0.99 })
            {
                double expected = NaiveKl(q, p);
                Assert.True(Math.Abs(BinaryKl.Divergence(q, p) - expected) <= 1e-12 * Math.Max(1, expected), $"q={q}, p={p}");
            }
        Assert.Equal(0.0, BinaryKl.Divergence(0.3, 0.3));
        Assert.Equal(double.PositiveInfinity, BinaryKl.Divergence(0.3, 1.0));
        Assert.Equal(double.PositiveInfinity, BinaryKl.Divergence(0.3, 0.0));
        Assert.Equal(0.0, BinaryKl.Divergence(1.0, 1.0));
    }

    [Fact]
    public void Inverse_AtZeroEmpiricalRisk_IsOneMinusExpMinusC()
    {
        foreach (double c in new[] { 1e-15, 1e-9, 1e-4, 0.01, 0.5, 1.0, 3.0, 20.0 })
        {
            double expected = 1.0 - Math.Exp(-c);
            double inverse = BinaryKl.InverseUpper(0.0, c);
            Assert.True(Math.Abs(inverse - expected) <= 1e-15 + 1e-12 * expected, $"c={c}: {inverse} vs {expected}");
            // Continuity: the bisection path at a tiny q > 0 lands on the same value.
            if (c >= 1e-4)
                Assert.True(Math.Abs(BinaryKl.InverseUpper(1e-13, c) - expected) <= 1e-9, $"c={c}");
        }
    }

    [Fact]
    public void Inverse_SolvesKlEqualsC_OverAGrid()
    {
        double[] qs = [1e-12, 1e-6, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999999];
        double[] cs = [1e-14, 1e-10, 1e-6, 1e-4, 1e-3, 0.01, 0.1, 0.5, 1.0, 5.0];
        int solved = 0;
        foreach (double q in qs)
            foreach (double c in cs)
            {
                double p = BinaryKl.InverseUpper(q, c);
                Assert.InRange(p, q, 1.0);
                if (1.0 - p < 1e-7) continue; // the exact answer sits within an ulp-scale distance of 1: checked separately
                double kl = NaiveKl(q, p);
                Assert.True(Math.Abs(kl - c) <= 1e-9, $"q={q}, c={c}: kl(q‖p)={kl}");
                // Relative accuracy where the plain-log reference itself is accurate (it cancels badly for tiny c).
                if (c >= 1e-6) Assert.True(Math.Abs(kl - c) <= 1e-6 * c, $"relative: q={q}, c={c}: kl(q‖p)={kl}");
                // The returned value is the upper end of the final bracket: one double lower is inside the budget.
                Assert.True(BinaryKl.Divergence(q, Math.BitDecrement(p)) <= c, $"q={q}, c={c}");
                solved++;
            }
        Assert.True(solved >= 90, $"only {solved} grid points were checked");
    }

    [Fact]
    public void Inverse_NearOne_IsOneWhenTheSupremumIsWithinAnUlp()
    {
        // kl(0.99‖p) ≤ 1 holds up to 1 − p ≈ 0.01·e^{−100}: no double below 1 is that close, so the answer is 1.
        Assert.Equal(1.0, BinaryKl.InverseUpper(0.99, 1.0));
        Assert.True(BinaryKl.Divergence(0.99, 1 - 1e-15) < 1.0);
        // q = 1 − 1e-12 with a small budget still resolves below 1 and satisfies the equation.
        double q = 1 - 1e-12;
        double p = BinaryKl.InverseUpper(q, 1e-12);
        Assert.InRange(p, q, 1.0);
        Assert.Equal(1.0, BinaryKl.InverseUpper(1.0, 0.3));
    }

    [Fact]
    public void Inverse_EdgeCases()
    {
        Assert.Equal(0.37, BinaryKl.InverseUpper(0.37, 0.0));
        Assert.Equal(1.0, BinaryKl.InverseUpper(0.37, double.PositiveInfinity));
        Assert.Equal(0.0, BinaryKl.InverseUpper(0.0, 0.0));
        // Tiny c: p − q ≈ √(2q(1−q)c) to first order.
        double q0 = 0.2, c0 = 1e-12;
        double step = BinaryKl.InverseUpper(q0, c0) - q0;
        double firstOrder = Math.Sqrt(2 * q0 * (1 - q0) * c0);
        Assert.True(Math.Abs(step - firstOrder) <= 1e-3 * firstOrder, $"{step} vs {firstOrder}");
    }

    [Fact]
    public void Inverse_IsMonotoneInBothArguments()
    {
        double[] qs = [0.0, 1e-5, 0.01, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1.0];
        double[] cs = [0.0, 1e-8, 1e-4, 0.01, 0.05, 0.2, 1.0, 4.0];
        foreach (double c in cs)
            for (int i = 1; i < qs.Length; i++)
                Assert.True(BinaryKl.InverseUpper(qs[i], c) >= BinaryKl.InverseUpper(qs[i - 1], c), $"q {qs[i - 1]}→{qs[i]}, c={c}");
        foreach (double q in qs)
            for (int i = 1; i < cs.Length; i++)
                Assert.True(BinaryKl.InverseUpper(q, cs[i]) >= BinaryKl.InverseUpper(q, cs[i - 1]), $"c {cs[i - 1]}→{cs[i]}, q={q}");
    }

    [Theory]
    [InlineData(-0.1, 0.1)]
    [InlineData(1.1, 0.1)]
    [InlineData(double.NaN, 0.1)]
    [InlineData(0.1, -1.0)]
    [InlineData(0.1, double.NaN)]
    public void Inverse_RejectsBadArguments(double q, double c)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BinaryKl.InverseUpper(q, c));
        Assert.Contains("Expected", error.Message);
        Assert.Contains("got", error.Message);
    }

    [Fact]
    public void Divergence_RejectsProbabilitiesOutsideTheUnitInterval()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BinaryKl.Divergence(0.5, 1.5));
        Assert.Contains("'p' in [0, 1], got 1.5", error.Message);
    }
}
