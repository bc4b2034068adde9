using AdamVsNesterov;

namespace DslNets.AdamVsNesterov.Tests;

/// <summary>The statistics over seeds and tuning by the mean final loss, against hand computation.</summary>
public class SeedStatisticsTests
{
    [Fact]
    public void Mean_sample_deviation_and_range_match_hand_computation()
    {
        // Mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample variance 32/7.
        SeedStatistics s = SeedStatistics.Of([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(8, s.Count);
        Assert.Equal(5.0, s.Mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7.0), s.StandardDeviation, 12);
        Assert.Equal(2.0, s.Min);
        Assert.Equal(9.0, s.Max);
        Assert.Equal("5 ± 2.1", s.MeanAndSpread);
        Assert.Equal("2–9", s.Range);
    }

    [Fact]
    public void Non_finite_values_are_left_out_one_value_has_no_spread_and_none_has_no_mean()
    {
        SeedStatistics s = SeedStatistics.Of([1, double.NaN, 3, double.PositiveInfinity]);
        Assert.Equal(2, s.Count);
        Assert.Equal(2.0, s.Mean, 12);
        Assert.Equal(Math.Sqrt(2.0), s.StandardDeviation, 12);
        SeedStatistics one = SeedStatistics.Of([7.5]);
        Assert.Equal((1, 7.5, 0.0), (one.Count, one.Mean, one.StandardDeviation));
        SeedStatistics none = SeedStatistics.Of([double.NaN]);
        Assert.Equal(0, none.Count);
        Assert.True(double.IsNaN(none.Mean));
        Assert.Equal("—", none.MeanAndSpread);
    }

    [Fact]
    public void Tuning_picks_the_lowest_mean_over_seeds_and_never_a_configuration_that_diverged_for_a_seed()
    {
        OptimizerSpec a = Fake.Spec(OptimizerFamily.Adam099, 1e-3), b = Fake.Spec(OptimizerFamily.Adam099, 3e-3), c = Fake.Spec(OptimizerFamily.Adam099, 1e-2);
        RunResult[] runs =
        [
            // a: 10, 12, 14 (mean 12). b: 9, 9, 30 (mean 16, though its best seed is lower). c: 8, 8 and a divergence.
            Fake.Run(a, 1, 10), Fake.Run(a, 2, 12), Fake.Run(a, 3, 14, lossAtMark: 20),
            Fake.Run(b, 1, 9), Fake.Run(b, 2, 9), Fake.Run(b, 3, 30),
            Fake.Run(c, 1, 8), Fake.Run(c, 2, double.PositiveInfinity), Fake.Run(c, 3, 8),
        ];
        IReadOnlyList<ConfigurationSummary> configurations = ConfigurationSummary.Of(runs);
        ConfigurationSummary? tuned = ConfigurationSummary.Tuned(configurations, OptimizerFamily.Adam099);
        Assert.NotNull(tuned);
        Assert.Equal(a, tuned.Spec);
        Assert.Equal(12.0, tuned.Loss.Mean, 12);
        Assert.Equal(2.0, tuned.Loss.StandardDeviation, 12);
        Assert.Equal(1, tuned.NotFlattened); // seed 3 fell from 20 to 14 over the last tenth
        Assert.Equal([1, 2, 3], tuned.Runs.Select(r => r.Seed));

        ConfigurationSummary diverging = configurations.Single(s => s.Spec == c);
        Assert.Equal(1, diverging.Diverged);
        Assert.Equal(8.0, diverging.Loss.Mean, 12); // the seeds that finished
        Assert.Equal(double.PositiveInfinity, diverging.RankingLoss);
        Assert.Null(ConfigurationSummary.Tuned(configurations, OptimizerFamily.Nesterov));
    }
}
