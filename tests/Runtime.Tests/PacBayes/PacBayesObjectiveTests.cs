using DslNets.PacBayes;

namespace DslNets.Runtime.Tests.PacBayes;

public class PacBayesObjectiveTests
{
    [Theory]
    [InlineData(PacBayesObjectiveKind.Classic)]
    [InlineData(PacBayesObjectiveKind.Quadratic)]
    [InlineData(PacBayesObjectiveKind.Lambda)]
    public void Derivatives_MatchFiniteDifferences_AndValuesMatchTheBounds(PacBayesObjectiveKind kind)
    {
        const long m = 30000; const double delta = 0.025, lambda = 0.6;
        foreach (double loss in new[] { 0.01, 0.2, 0.7 })
            foreach (double kl in new[] { 0.5, 40.0, 3000.0 })
            {
                double f = PacBayesObjective.Evaluate(kind, loss, kl, m, delta, lambda, out double dLoss, out double dKl);
                double expected = kind switch
                {
                    PacBayesObjectiveKind.Classic => PacBayesBounds.Classic(loss, kl, m, delta),
                    PacBayesObjectiveKind.Quadratic => PacBayesBounds.Quadratic(loss, kl, m, delta),
                    _ => PacBayesBounds.Lambda(loss, kl, m, delta, lambda),
                };
                Assert.Equal(expected, f, 13);
                const double h = 1e-6;
                double fdLoss = (PacBayesObjective.Evaluate(kind, loss + h, kl, m, delta, lambda, out _, out _)
                                 - PacBayesObjective.Evaluate(kind, loss - h, kl, m, delta, lambda, out _, out _)) / (2 * h);
                double hk = 1e-4 * Math.Max(1, kl);
                double fdKl = (PacBayesObjective.Evaluate(kind, loss, kl + hk, m, delta, lambda, out _, out _)
                               - PacBayesObjective.Evaluate(kind, loss, kl - hk, m, delta, lambda, out _, out _)) / (2 * hk);
                Assert.True(Math.Abs(fdLoss - dLoss) <= 1e-7 * Math.Max(1, Math.Abs(dLoss)), $"{kind} ∂/∂L̂ at ({loss}, {kl}): {dLoss} vs {fdLoss}");
                Assert.True(Math.Abs(fdKl - dKl) <= 1e-6 * Math.Abs(dKl), $"{kind} ∂/∂KL at ({loss}, {kl}): {dKl} vs {fdKl}");
            }
    }

    [Fact]
    public void UpdateLambda_DecreasesTheLambdaObjective()
    {
        const double loss = 0.08, kl = 500; const long m = 30000; const double delta = 0.025;
        double before = PacBayesObjective.Evaluate(PacBayesObjectiveKind.Lambda, loss, kl, m, delta, 1.0, out _, out _);
        double lambda = PacBayesObjective.UpdateLambda(loss, kl, m, delta);
        double after = PacBayesObjective.Evaluate(PacBayesObjectiveKind.Lambda, loss, kl, m, delta, lambda, out _, out double dKl);
        Assert.True(after < before);
        // At the optimal λ the derivative of the objective in λ vanishes.
        double h = 1e-6;
        double dLambda = (PacBayesBounds.Lambda(loss, kl, m, delta, lambda + h) - PacBayesBounds.Lambda(loss, kl, m, delta, lambda - h)) / (2 * h);
        Assert.True(Math.Abs(dLambda) < 1e-6, $"dλ = {dLambda}");
        Assert.True(dKl > 0);
    }

    [Fact]
    public void RejectsALossOutsideTheUnitInterval()
    {
        Assert.Contains("'loss' in [0, 1], got 1.5",
            Assert.Throws<ArgumentOutOfRangeException>(() => PacBayesObjective.Evaluate(PacBayesObjectiveKind.Quadratic, 1.5, 1, 100, 0.05, 1, out _, out _)).Message);
    }

    [Fact]
    public void DziugaiteRoy_MatchesItsFormula_AndItsDerivativesMatchFiniteDifferences()
    {
        const long m = 55000; const double delta = 0.025;
        foreach (double loss in new[] { 0.02, 0.3 })
            foreach (double kl in new[] { 5.0, 5000.0 })
                foreach (double logSigma in new[] { -1.5, -3.0 })
                {
                    double f = PacBayesObjective.DziugaiteRoy(loss, kl, m, delta, logSigma, out double dKl, out double dPrior);
                    double j = 100 * Math.Log(0.1 / Math.Exp(2 * logSigma));
                    double budget = (kl + 2 * Math.Log(j) + Math.Log(Math.PI * Math.PI * m / (6 * delta))) / (m - 1);
                    Assert.Equal(loss + Math.Sqrt(budget / 2), f, 13);
                    double hk = 1e-4 * kl, hs = 1e-4;
                    double fdKl = (PacBayesObjective.DziugaiteRoy(loss, kl + hk, m, delta, logSigma, out _, out _)
                                   - PacBayesObjective.DziugaiteRoy(loss, kl - hk, m, delta, logSigma, out _, out _)) / (2 * hk);
                    double fdPrior = (PacBayesObjective.DziugaiteRoy(loss, kl, m, delta, logSigma + hs, out _, out _)
                                      - PacBayesObjective.DziugaiteRoy(loss, kl, m, delta, logSigma - hs, out _, out _)) / (2 * hs);
                    Assert.True(Math.Abs(fdKl - dKl) <= 1e-6 * dKl, $"∂/∂KL {dKl} vs {fdKl}");
                    Assert.True(Math.Abs(fdPrior - dPrior) <= 1e-5 * Math.Abs(dPrior), $"∂/∂ln σ₀ {dPrior} vs {fdPrior}");
                }
        // Above the grid's top (σ₀² ≥ c·e^{−0.01}) the index is floored and the explicit derivative is 0.
        PacBayesObjective.DziugaiteRoy(0.1, 10, m, delta, 0.0, out _, out double flat);
        Assert.Equal(0.0, flat);
    }
}
