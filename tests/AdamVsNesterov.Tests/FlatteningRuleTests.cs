using AdamVsNesterov;

namespace DslNets.AdamVsNesterov.Tests;

/// <summary>The flattening rule on hand-made curves: |f_T − f_m| &lt; 1% of f_m, m = T − ⌈T/10⌉.</summary>
public class FlatteningRuleTests
{
    [Theory]
    [InlineData(10, 9)]
    [InlineData(15, 13)]
    [InlineData(1000, 900)]
    [InlineData(1, 0)]
    [InlineData(3000, 2700)]
    public void The_mark_is_a_tenth_of_the_steps_before_the_end(int total, int mark) =>
        Assert.Equal(mark, FlatteningRule.MarkStep(total));

    [Fact]
    public void A_run_without_steps_has_no_mark() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FlatteningRule.MarkStep(0));

    [Fact]
    public void A_curve_that_levelled_off_is_flat()
    {
        // Steps 9 → 10: 10.1 → 10.05, a change of −0.495%.
        double[] curve = [100, 50, 30, 20, 15, 12, 11, 10.5, 10.2, 10.1, 10.05];
        Flattening result = FlatteningRule.Judge(curve);
        Assert.Equal(FlatteningStatus.Flattened, result.Status);
        Assert.Equal((10.05 - 10.1) / 10.1, result.RelativeChange, 12);
    }

    [Fact]
    public void A_curve_still_falling_is_not_flat()
    {
        double[] curve = Enumerable.Range(0, 11).Select(t => 100.0 - 9 * t).ToArray(); // …, 19, 10
        Flattening result = FlatteningRule.Judge(curve);
        Assert.Equal(FlatteningStatus.Falling, result.Status);
        Assert.Equal((10.0 - 19.0) / 19.0, result.RelativeChange, 12);
    }

    [Fact]
    public void A_curve_rising_at_the_end_is_not_flat()
    {
        double[] curve = [50, 40, 30, 20, 10, 9, 8, 8, 8, 8, 8.5];
        Assert.Equal(FlatteningStatus.Rising, FlatteningRule.Judge(curve).Status);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_diverged_curve_is_diverged_not_flat(double blowUp)
    {
        double[] curve = [10, 9, 8, 7, 6, 5, 5, 5, 5, 5, blowUp];
        Assert.Equal(FlatteningStatus.Diverged, FlatteningRule.Judge(curve).Status);
        // A run stopped for divergence is diverged whatever losses it recorded.
        Assert.Equal(FlatteningStatus.Diverged, FlatteningRule.Judge(5, 5, diverged: true).Status);
    }

    [Fact]
    public void One_percent_exactly_is_not_flat_and_just_under_is()
    {
        Assert.Equal(FlatteningStatus.Falling, FlatteningRule.Judge(100, 99, diverged: false).Status);
        Assert.Equal(FlatteningStatus.Flattened, FlatteningRule.Judge(100, 99.5, diverged: false).Status);
        Assert.Equal(FlatteningStatus.Flattened, FlatteningRule.Judge(100, 100.9, diverged: false).Status);
    }

    [Fact]
    public void Only_the_last_tenth_counts()
    {
        // 1,000 steps: a drop from step 899 to 900 is before the mark (flat); one from 900 to 901 is after it.
        double[] early = Enumerable.Range(0, 1001).Select(t => t < 900 ? 50.0 : 10.0).ToArray();
        double[] late = Enumerable.Range(0, 1001).Select(t => t < 901 ? 50.0 : 10.0).ToArray();
        Assert.Equal(FlatteningStatus.Flattened, FlatteningRule.Judge(early).Status);
        Assert.Equal(FlatteningStatus.Falling, FlatteningRule.Judge(late).Status);
    }

    [Fact]
    public void A_run_result_is_judged_from_its_mark_and_final_losses()
    {
        RunResult flat = Fake.Run(Fake.Spec(OptimizerFamily.Nesterov, 1e-2), seed: 1, finalLoss: 10.0, lossAtMark: 10.05);
        RunResult falling = Fake.Run(Fake.Spec(OptimizerFamily.Nesterov, 1e-2), seed: 1, finalLoss: 10.0, lossAtMark: 11);
        Assert.Equal(FlatteningStatus.Flattened, flat.Flattening.Status);
        Assert.Equal(FlatteningStatus.Falling, falling.Flattening.Status);
        Assert.Equal(FlatteningStatus.Diverged, (flat with { Failure = "diverged at iteration 3" }).Flattening.Status);
    }
}
