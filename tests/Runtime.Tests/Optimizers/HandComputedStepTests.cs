using DslNets.Optimizers;

namespace DslNets.Runtime.Tests.Optimizers;

/// <summary>The first two steps of every optimiser, with the arithmetic written out by hand.</summary>
public class HandComputedStepTests
{
    private const double Tolerance = 1e-12;

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R} but got {actual:R}");

    [Fact]
    public void SgdWithMomentumDampeningAndWeightDecay()
    {
        // lr 0.1, μ 0.9, τ 0.5, λ 0.1, θ₀ = (1, −2).
        var sgd = new Sgd<double>(2, learningRate: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0.1);
        double[] theta = [1.0, -2.0];

        // Step 1, g = (0.5, 0.25): d = g + λθ = (0.5 + 0.1, 0.25 − 0.2) = (0.6, 0.05);
        // first step b = d (no dampening on the first step); θ = θ − 0.1·b = (0.94, −2.005).
        sgd.Step(theta, [0.5, 0.25]);
        AssertClose(0.94, theta[0]);
        AssertClose(-2.005, theta[1]);

        // Step 2, g = (−0.1, 0.4): d = (−0.1 + 0.094, 0.4 − 0.2005) = (−0.006, 0.1995);
        // b = 0.9·(0.6, 0.05) + 0.5·d = (0.54 − 0.003, 0.045 + 0.09975) = (0.537, 0.14475);
        // θ = (0.94 − 0.0537, −2.005 − 0.014475) = (0.8863, −2.019475).
        sgd.Step(theta, [-0.1, 0.4]);
        AssertClose(0.8863, theta[0]);
        AssertClose(-2.019475, theta[1]);
    }

    [Fact]
    public void SgdNesterov()
    {
        // lr 0.1, μ 0.9, θ₀ = 1.
        var sgd = new Sgd<double>(1, learningRate: 0.1, momentum: 0.9, nesterov: true);
        double[] theta = [1.0];
        // Step 1, g = 0.5: b = 0.5; d = g + μb = 0.5 + 0.45 = 0.95; θ = 1 − 0.095 = 0.905.
        sgd.Step(theta, [0.5]);
        AssertClose(0.905, theta[0]);
        // Step 2, g = 0.2: b = 0.45 + 0.2 = 0.65; d = 0.2 + 0.585 = 0.785; θ = 0.905 − 0.0785 = 0.8265.
        sgd.Step(theta, [0.2]);
        AssertClose(0.8265, theta[0]);
    }

    [Fact]
    public void NesterovAcceleratedGradientSutskeverForm()
    {
        // α 0.1, μ 0.9, θ₀ = 1 (the look-ahead point), v₀ = 0.
        var nag = new NesterovAcceleratedGradient<double>(1, learningRate: 0.1, momentum: 0.9);
        double[] theta = [1.0];
        // Step 1, g = 0.5: v = 0.9·0 − 0.1·0.5 = −0.05; θ = 1 + 0.9·(−0.05) − 0.05 = 0.905 (same as SGD nesterov).
        nag.Step(theta, [0.5]);
        AssertClose(-0.05, nag.Velocity[0]);
        AssertClose(0.905, theta[0]);
        // Step 2, g = 0.2: v = −0.045 − 0.02 = −0.065; θ = 0.905 − 0.0585 − 0.02 = 0.8265.
        nag.Step(theta, [0.2]);
        AssertClose(-0.065, nag.Velocity[0]);
        AssertClose(0.8265, theta[0]);
    }

    [Fact]
    public void NesterovFormsDifferOnlyWhenTheRateChanges()
    {
        // Both forms as above for step 1, then α = 0.05 for step 2 with g = 0.2.
        // SGD nesterov: b = 0.65, d = 0.785, θ = 0.905 − 0.05·0.785 = 0.86575.
        // Sutskever:   v = 0.9·(−0.05) − 0.05·0.2 = −0.055, θ = 0.905 + 0.9·(−0.055) − 0.01 = 0.8455.
        var sgd = new Sgd<double>(1, learningRate: 0.1, momentum: 0.9, nesterov: true);
        var nag = new NesterovAcceleratedGradient<double>(1, learningRate: 0.1, momentum: 0.9);
        double[] a = [1.0], b = [1.0];
        sgd.Step(a, [0.5]);
        nag.Step(b, [0.5]);
        sgd.LearningRate = 0.05;
        nag.LearningRate = 0.05;
        sgd.Step(a, [0.2]);
        nag.Step(b, [0.2]);
        AssertClose(0.86575, a[0]);
        AssertClose(0.8455, b[0]);
    }

    [Fact]
    public void RmsPropPyTorchForm()
    {
        // lr 0.01, α 0.9, ε 1e-8, θ₀ = 1.
        var rms = new RmsProp<double>(1, learningRate: 0.01, alpha: 0.9, epsilon: 1e-8);
        double[] theta = [1.0];
        // Step 1, g = 0.5: v = 0.1·0.25 = 0.025; θ = 1 − 0.01·0.5/(√0.025 + 1e-8).
        rms.Step(theta, [0.5]);
        double theta1 = 1.0 - 0.01 * 0.5 / (Math.Sqrt(0.025) + 1e-8);
        AssertClose(theta1, theta[0]);
        // Step 2, g = −0.3: v = 0.9·0.025 + 0.1·0.09 = 0.0315; θ = θ₁ + 0.01·0.3/(√0.0315 + 1e-8).
        rms.Step(theta, [-0.3]);
        AssertClose(theta1 + 0.01 * 0.3 / (Math.Sqrt(0.0315) + 1e-8), theta[0]);
    }

    [Fact]
    public void RmsPropCenteredWithMomentum()
    {
        // lr 0.01, α 0.9, ε 0, μ 0.5, centered, θ₀ = 1.
        var rms = new RmsProp<double>(1, learningRate: 0.01, alpha: 0.9, epsilon: 0.0, momentum: 0.5, centered: true);
        double[] theta = [1.0];
        // Step 1, g = 0.5: v = 0.025; ḡ = 0.1·0.5 = 0.05; ṽ = 0.025 − 0.0025 = 0.0225, √ṽ = 0.15;
        // b = 0 + 0.5/0.15 = 10/3; θ = 1 − 0.01·10/3.
        rms.Step(theta, [0.5]);
        double b1 = 10.0 / 3.0;
        double theta1 = 1.0 - 0.01 * b1;
        AssertClose(theta1, theta[0]);
        // Step 2, g = −0.3: v = 0.0315; ḡ = 0.045 − 0.03 = 0.015; ṽ = 0.0315 − 0.000225 = 0.031275;
        // b = 0.5·10/3 − 0.3/√0.031275; θ = θ₁ − 0.01·b.
        rms.Step(theta, [-0.3]);
        double b2 = 0.5 * b1 - 0.3 / Math.Sqrt(0.031275);
        AssertClose(theta1 - 0.01 * b2, theta[0]);
    }

    [Fact]
    public void AdamPyTorchFormWithBiasCorrection()
    {
        // lr 0.1, β = (0.9, 0.999), ε 1e-8, θ₀ = 1.
        var adam = new Adam<double>(1, learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8);
        double[] theta = [1.0];
        // Step 1, g = 0.5: m = 0.05, v = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25;
        // θ = 1 − 0.1·0.5/(0.5 + 1e-8).
        adam.Step(theta, [0.5]);
        double theta1 = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8);
        AssertClose(theta1, theta[0]);
        // Step 2, g = −0.3: m = 0.045 − 0.03 = 0.015; v = 0.00024975 + 0.00009 = 0.00033975;
        // m̂ = 0.015/(1 − 0.81) = 0.015/0.19; v̂ = 0.00033975/(1 − 0.998001) = 0.00033975/0.001999.
        adam.Step(theta, [-0.3]);
        double mHat = 0.015 / 0.19, vHat = 0.00033975 / 0.001999;
        AssertClose(theta1 - 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8), theta[0]);
    }

    [Fact]
    public void DeMukherjeeUllahRmsPropXiInsideTheAverage()
    {
        // α 0.01, β₂ 0.9, ξ 0.1, θ₀ = 1.
        var rms = new DeMukherjeeUllahRmsProp<double>(1, learningRate: 0.01, beta2: 0.9, xi: 0.1);
        double[] theta = [1.0];
        // Step 1, g = 0.5: v = 0.1·(0.25 + 0.1) = 0.035; θ = 1 − 0.01·0.5/√0.035.
        rms.Step(theta, [0.5]);
        double theta1 = 1.0 - 0.01 * 0.5 / Math.Sqrt(0.035);
        AssertClose(theta1, theta[0]);
        // Step 2, g = −0.3: v = 0.9·0.035 + 0.1·(0.09 + 0.1) = 0.0315 + 0.019 = 0.0505; θ = θ₁ + 0.01·0.3/√0.0505.
        rms.Step(theta, [-0.3]);
        AssertClose(theta1 + 0.01 * 0.3 / Math.Sqrt(0.0505), theta[0]);
    }

    [Fact]
    public void DeMukherjeeUllahRmsPropTakesNoStepOnAZeroGradient()
    {
        // g = 0: v = (1 − β₂)ξ > 0, so the step 0/√v is exactly 0 (PyTorch's form would need ε for this).
        var rms = new DeMukherjeeUllahRmsProp<double>(1, learningRate: 0.5, beta2: 0.99, xi: 1e-3);
        double[] theta = [2.0];
        rms.Step(theta, [0.0]);
        Assert.Equal(2.0, theta[0]);
    }

    [Fact]
    public void DeMukherjeeUllahAdamWithoutBiasCorrection()
    {
        // α 0.1, β₁ 0.99, β₂ 0.999, ξ 0.1, θ₀ = 1.
        var adam = new DeMukherjeeUllahAdam<double>(1, learningRate: 0.1, beta1: 0.99, beta2: 0.999, xi: 0.1);
        double[] theta = [1.0];
        // Step 1, g = 0.5: m = 0.01·0.5 = 0.005; v = 0.001·0.25 = 0.00025; θ = 1 − 0.1·0.005/(√0.00025 + 0.1).
        adam.Step(theta, [0.5]);
        double theta1 = 1.0 - 0.1 * 0.005 / (Math.Sqrt(0.00025) + 0.1);
        AssertClose(theta1, theta[0]);
        // Step 2, g = −0.3: m = 0.00495 − 0.003 = 0.00195; v = 0.00024975 + 0.00009 = 0.00033975;
        // θ = θ₁ − 0.1·0.00195/(√0.00033975 + 0.1).
        adam.Step(theta, [-0.3]);
        AssertClose(theta1 - 0.1 * 0.00195 / (Math.Sqrt(0.00033975) + 0.1), theta[0]);
        // Without bias correction the first step is 0.0005/0.1158 ≈ 0.0043, far below PyTorch's ≈ α = 0.1.
        Assert.InRange(1.0 - theta1, 0.004, 0.0044);
    }

    [Fact]
    public void PlainSgdInSinglePrecision()
    {
        // lr 0.5: θ = 1 − 0.5·0.25 = 0.875, then 0.875 − 0.5·(−0.5) = 1.125 (all exact in binary).
        var sgd = new Sgd<float>(1, learningRate: 0.5);
        float[] theta = [1.0f];
        sgd.Step(theta, [0.25f]);
        Assert.Equal(0.875f, theta[0]);
        sgd.Step(theta, [-0.5f]);
        Assert.Equal(1.125f, theta[0]);
    }
}
