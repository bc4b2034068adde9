using DslNets.PacBayes;
using Xunit.Abstractions;

namespace DslNets.Runtime.Tests.PacBayes;

/// <summary>
/// A synthetic problem whose true risk is known: a fixed "posterior" Q over classifiers, examples whose Q-error
/// probability r(x) is 0.5 on 10% of inputs and 0.05 on the rest, so L(Q) = 0.1·0.5 + 0.9·0.05 = 0.095. A sample
/// of m examples gives L̂(Q) = mean r(xᵢ); n classifiers drawn from Q err independently on example i with
/// probability r(xᵢ). The prior is Q itself (chosen before the data), so KL = 0.
/// </summary>
public class CertificateCoverageTests(ITestOutputHelper output)
{
    private const double TrueRisk = 0.095;

    private static (double EmpiricalRisk, double SampledRisk) Trial(SeededRandom random, int m, int n)
    {
        double empirical = 0; long errors = 0;
        for (int i = 0; i < m; i++)
        {
            double r = random.NextDouble() < 0.1 ? 0.5 : 0.05;
            empirical += r;
            for (int k = 0; k < n; k++) if (random.NextDouble() < r) errors++;
        }
        return (empirical / m, errors / ((double)m * n));
    }

    [Theory]
    [InlineData(0.025, 0.01)]
    [InlineData(0.3, 0.2)]
    public void Certificate_HoldsInAtLeastOneMinusDeltaMinusDeltaPrimeOfTrials(double delta, double deltaPrime)
    {
        const int m = 300, n = 100, trials = 1000;
        var random = new SeededRandom(20260522);
        int certificateHolds = 0, klStepHolds = 0, rawHolds = 0;
        double certificateSum = 0;
        for (int t = 0; t < trials; t++)
        {
            var (empirical, sampled) = Trial(random, m, n);
            double certificate = PacBayesBounds.Certificate(sampled, n, deltaPrime, 0.0, m, delta);
            certificateSum += certificate;
            if (certificate >= TrueRisk) certificateHolds++;
            if (sampled >= TrueRisk) rawHolds++;
            if (PacBayesBounds.Seeger(empirical, 0.0, m, delta) >= TrueRisk) klStepHolds++;
        }
        double certificateRate = certificateHolds / (double)trials, klRate = klStepHolds / (double)trials;
        output.WriteLine($"δ={delta}, δ′={deltaPrime}: certificate held in {certificateRate:P1} of {trials} trials " +
                         $"(needs ≥ {1 - delta - deltaPrime:P1}); the kl step alone in {klRate:P1} (needs ≥ {1 - delta:P1}); " +
                         $"mean certificate {certificateSum / trials:F4} against L(Q) = {TrueRisk}");
        Assert.True(certificateRate >= 1 - delta - deltaPrime, $"coverage {certificateRate}");
        Assert.True(klRate >= 1 - delta, $"kl-step coverage {klRate}");
        // A control: the raw Monte-Carlo estimate is an upper bound only about half the time, so the problem is not trivial.
        output.WriteLine($"the raw estimate Q̂_n was ≥ L(Q) in {rawHolds / (double)trials:P1} of trials");
        Assert.True(rawHolds < 0.7 * trials, $"raw estimate held in {rawHolds} trials");
        // Not vacuous: the certificate is informative, so its coverage says something.
        Assert.True(certificateSum / trials < 0.35, $"mean certificate {certificateSum / trials}");
    }
}
