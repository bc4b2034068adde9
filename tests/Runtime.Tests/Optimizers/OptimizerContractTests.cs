using DslNets.Optimizers;

namespace DslNets.Runtime.Tests.Optimizers;

/// <summary>What every optimiser promises: length checks, no allocation per step, reset, hyperparameter checks.</summary>
public class OptimizerContractTests
{
    private static readonly string[] AllKinds = ["sgd", "sgd-nesterov", "nag", "rmsprop", "rmsprop-centered", "adam", "dmu-rmsprop", "dmu-adam"];

    public static TheoryData<string> Kinds() => new(AllKinds);

    private static IOptimizer<double> Create(string kind, int n) => kind switch
    {
        "sgd" => new Sgd<double>(n, 0.01, momentum: 0.9, dampening: 0.1, weightDecay: 1e-3),
        "sgd-nesterov" => new Sgd<double>(n, 0.01, momentum: 0.9, nesterov: true),
        "nag" => new NesterovAcceleratedGradient<double>(n, 0.01, 0.9),
        "rmsprop" => new RmsProp<double>(n, 0.01),
        "rmsprop-centered" => new RmsProp<double>(n, 0.01, momentum: 0.5, centered: true, weightDecay: 1e-3),
        "adam" => new Adam<double>(n, 0.01, weightDecay: 1e-3),
        "dmu-rmsprop" => new DeMukherjeeUllahRmsProp<double>(n, 0.01, 0.99, 1e-3),
        "dmu-adam" => new DeMukherjeeUllahAdam<double>(n, 0.01, 0.99, 0.999, 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind"),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AWrongLengthNamesBothLengths(string kind)
    {
        IOptimizer<double> optimizer = Create(kind, 5);
        var e1 = Assert.Throws<ArgumentException>(() => optimizer.Step(new double[4], new double[5]));
        Assert.Contains("length 5", e1.Message);
        Assert.Contains("length 4", e1.Message);
        Assert.Equal("parameters", e1.ParamName);
        var e2 = Assert.Throws<ArgumentException>(() => optimizer.Step(new double[5], new double[7]));
        Assert.Contains("length 5", e2.Message);
        Assert.Contains("length 7", e2.Message);
        Assert.Equal("gradient", e2.ParamName);
        Assert.Equal(0, optimizer.StepCount);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AStepAllocatesNothing(string kind)
    {
        const int n = 1000;
        IOptimizer<double> optimizer = Create(kind, n);
        var theta = new double[n];
        var g = new double[n];
        for (int i = 0; i < n; i++) g[i] = Math.Sin(i);
        for (int i = 0; i < 3; i++) optimizer.Step(theta, g); // warm up (JIT, first-step branches)
        long steps = optimizer.StepCount;
        Allocations.AssertNone(() => optimizer.Step(theta, g), 100, kind);
        Assert.True(optimizer.StepCount >= steps + 100, $"{optimizer.StepCount} steps");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ResetGivesTheSameTrajectoryAsAFreshOptimiser(string kind)
    {
        IOptimizer<double> used = Create(kind, 3);
        double[] scratch = [1, 2, 3];
        for (int t = 0; t < 5; t++) used.Step(scratch, [0.3, -0.2, t]);
        used.Reset();
        Assert.Equal(0, used.StepCount);
        IOptimizer<double> fresh = Create(kind, 3);
        double[] a = [0.5, -0.5, 1.0], b = [0.5, -0.5, 1.0];
        for (int t = 0; t < 4; t++)
        {
            double[] g = [Math.Cos(t), 0.1 * t, -1.0];
            used.Step(a, g);
            fresh.Step(b, g);
        }
        Assert.Equal(b, a);
        Assert.NotEqual(0.5, a[0]); // the trajectory moved
    }

    [Fact]
    public void BadHyperparametersAreRejectedWithTheirValue()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<double>(3, 0.01, beta1: 1.0));
        Assert.Contains("beta1", e.Message);
        Assert.Contains("1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>(3, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>(0, 0.1));
        Assert.Throws<ArgumentException>(() => new Sgd<double>(3, 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeMukherjeeUllahRmsProp<double>(3, 0.1, 0.9, xi: 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeMukherjeeUllahAdam<double>(3, 0.1, 0.9, 0.999, xi: double.NaN));
        var optimizer = new RmsProp<double>(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = double.PositiveInfinity);
    }

    [Fact]
    public void AllOptimisersMinimiseAQuadratic()
    {
        // f(x) = ½ Σ c_i x_i² with c = (1, 4): from (1, 1), 1000 steps must bring f well below its start f = 2.5.
        foreach (string kind in AllKinds)
        {
            IOptimizer<double> optimizer = Create(kind, 2);
            optimizer.LearningRate = kind.StartsWith("dmu") || kind.StartsWith("rms") || kind == "adam" ? 0.02 : 0.05;
            double[] x = [1.0, 1.0];
            for (int t = 0; t < 1000; t++) optimizer.Step(x, [x[0], 4 * x[1]]);
            double f = 0.5 * (x[0] * x[0] + 4 * x[1] * x[1]);
            Assert.True(f < 0.05, $"{kind}: f = {f} after 1000 steps (start 2.5).");
        }
    }
}
