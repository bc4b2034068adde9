using DslNets.Erm;
using Xunit;

namespace DslNets.Runtime.Tests.Erm;

[Network(Inputs = 2, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class ErmWidthTwo
{
    [Dense(2, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Readout { get; }
}

[Network(Inputs = 2, Loss = Loss.Hinge, Precision = Precision.Double)]
public partial class ErmHingeWidthOne
{
    [Dense(1, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Readout { get; }
}

[Network(Inputs = 2, Loss = Loss.Logistic, Precision = Precision.Double)]
public partial class ErmLogistic
{
    [Dense(2, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Readout { get; }
}

[Network(Inputs = 2, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class ErmTanh
{
    [Dense(2, Activation.Tanh)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Readout { get; }
}

public class NetworkErmTests
{
    private static (double[,] X, double[] Y) Data(int seed, int d)
    {
        var rng = new SeededRandom(seed);
        var x = new double[d, 2];
        var y = new double[d];
        for (int j = 0; j < d; j++) { x[j, 0] = rng.NextGaussian(); x[j, 1] = rng.NextGaussian(); y[j] = rng.NextGaussian(); }
        return (x, y);
    }

    [Fact]
    public void The_declared_network_carries_the_minimiser_and_its_own_loss_equals_the_certificate()
    {
        var (x, y) = Data(5, 10);
        var net = new ErmWidthTwo(seed: 3);
        var result = NetworkErm.Solve(net, x, y);
        Assert.Equal(2, result.Width);
        // The generated ComputeLoss (½(ŷ − y)² per sample) summed over the data: an evaluation independent of the solver's.
        double total = 0;
        for (int j = 0; j < 10; j++) total += net.ComputeLoss([x[j, 0], x[j, 1]], [y[j]]);
        Assert.Equal(result.BestLoss, total, 1e-9 * Math.Max(1, total));
        // It is the optimum, so it is no worse than the network it replaced at its seeded initialisation.
        var initial = new ErmWidthTwo(seed: 3);
        double before = 0;
        for (int j = 0; j < 10; j++) before += initial.ComputeLoss([x[j, 0], x[j, 1]], [y[j]]);
        Assert.True(total <= before + 1e-12, $"exact {total} > initial {before}");
    }

    [Fact]
    public void The_loss_comes_from_the_declaration()
    {
        var (x, _) = Data(8, 8);
        double[] labels = [1, -1, 1, 1, -1, -1, 1, -1];
        var net = new ErmHingeWidthOne(seed: 1);
        var result = NetworkErm.Solve(net, x, labels);
        Assert.Equal(ErmLoss.Hinge, result.Loss);
        double total = 0;
        for (int j = 0; j < 8; j++) total += net.ComputeLoss([x[j, 0], x[j, 1]], [labels[j]]);
        Assert.Equal(result.BestLoss, total, 1e-9 * Math.Max(1, total));
    }

    [Fact]
    public void Declarations_and_options_that_do_not_fit_are_refused_with_both_sides_named()
    {
        var (x, y) = Data(2, 6);
        var logistic = Assert.Throws<ArgumentException>(() => NetworkErm.Solve(new ErmLogistic(seed: 1), x, y));
        Assert.Contains("Logistic", logistic.Message);
        var tanh = Assert.Throws<ArgumentException>(() => NetworkErm.Solve(new ErmTanh(seed: 1), x, y));
        Assert.Contains("Tanh", tanh.Message);
        var width = Assert.Throws<ArgumentException>(() => NetworkErm.Solve(new ErmWidthTwo(seed: 1), x, y, new ErmOptions(3)));
        Assert.Contains("width 2", width.Message);
        Assert.Contains("width 3", width.Message);
        var shape = Assert.Throws<ArgumentException>(() => NetworkErm.Solve(new ErmWidthTwo(seed: 1), new double[6, 3], y));
        Assert.Contains("2 coordinates", shape.Message);
        Assert.Contains("got 3", shape.Message);
        var other = ExactErm.Solve(x, y, new ErmOptions(1));
        var load = Assert.Throws<ArgumentException>(() => NetworkErm.Load(new ErmWidthTwo(seed: 1), other));
        Assert.Contains("width 1", load.Message);
    }
}
