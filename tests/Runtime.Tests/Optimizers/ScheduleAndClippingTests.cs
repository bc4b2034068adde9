using DslNets.Optimizers;

namespace DslNets.Runtime.Tests.Optimizers;

/// <summary>Learning-rate schedules against their closed forms, and clipping by global norm.</summary>
public class ScheduleAndClippingTests
{
    [Fact]
    public void ConstantScheduleIsConstant()
    {
        var s = LearningRateSchedule.Constant(0.3);
        Assert.Equal(0.3, s.At(0));
        Assert.Equal(0.3, s.At(1_000_000));
    }

    [Fact]
    public void StepScheduleHalvesEveryFiveSteps()
    {
        var s = LearningRateSchedule.Step(0.1, stepSize: 5, gamma: 0.5);
        // t = 0..4 → 0.1; 5..9 → 0.05; 10..14 → 0.025.
        Assert.Equal(0.1, s.At(0));
        Assert.Equal(0.1, s.At(4));
        Assert.Equal(0.05, s.At(5));
        Assert.Equal(0.05, s.At(9));
        Assert.Equal(0.025, s.At(10), 15);
    }

    [Fact]
    public void CosineScheduleFollowsTheClosedFormAndHoldsTheMinimum()
    {
        var s = LearningRateSchedule.Cosine(0.1, period: 4, minimumRate: 0.02);
        // η_t = 0.02 + 0.08·(1 + cos(πt/4))/2: t = 0 → 0.1; t = 2 → 0.02 + 0.04 = 0.06; t = 4 → 0.02.
        Assert.Equal(0.1, s.At(0), 15);
        Assert.Equal(0.02 + 0.04 * (1 + Math.Sqrt(0.5)), s.At(1), 15);
        Assert.Equal(0.06, s.At(2), 15);
        Assert.Equal(0.02, s.At(4), 15);
        Assert.Equal(0.02, s.At(100), 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.At(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Cosine(0.1, period: 0));
    }

    [Fact]
    public void ClippingScalesALongGradientToTheMaximumNorm()
    {
        // g = (3, 4), ‖g‖ = 5; max 1: c = 1/(5 + 1e-6); g ← (3c, 4c).
        double[] g = [3.0, 4.0];
        double norm = GradientClipping.ClipByGlobalNorm<double>(g, 1.0);
        Assert.Equal(5.0, norm, 14);
        double c = 1.0 / (5.0 + 1e-6);
        Assert.Equal(3.0 * c, g[0], 15);
        Assert.Equal(4.0 * c, g[1], 15);
    }

    [Fact]
    public void ClippingLeavesAShortGradientAlone()
    {
        double[] g = [0.3, -0.4];
        double norm = GradientClipping.ClipByGlobalNorm<double>(g, 1.0);
        Assert.Equal(0.5, norm, 15);
        Assert.Equal([0.3, -0.4], g);
    }

    [Fact]
    public void ClippingReportsANonFiniteNormWithoutTouchingTheGradient()
    {
        float[] g = [1f, float.NaN];
        float norm = GradientClipping.ClipByGlobalNorm<float>(g, 1f);
        Assert.True(float.IsNaN(norm));
        Assert.Equal(1f, g[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm<float>(g, 0f));
    }
}
