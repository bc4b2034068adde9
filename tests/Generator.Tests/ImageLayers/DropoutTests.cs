using DslNets.Generator.Tests.Networks;
using DslNets.Generator.Tests.Reference;
using DslNets.Optimizers;
using DslNets.Training;

namespace DslNets.Generator.Tests.ImageLayers;

/// <summary>
/// Dropout (SmallResNet's Drop, p = 0.25): the identity in Forward and the plain Gradient; with a <see cref="DropoutDraw"/>
/// the gradient is the reference's with the same masks, equals finite differences of that masked loss, sums over a batch
/// by sample, repeats exactly, and the Trainer trains through it with one draw per step.
/// </summary>
public sealed class DropoutTests
{
    private const double Tolerance = NetworkChecks.GradientTolerance;

    [Fact]
    public void AnActiveDrawGivesTheReferencesMaskedGradient()
    {
        var net = new SmallResNet(3);
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(31);
        for (int s = 0; s < 4; s++)
        {
            (double[] input, double[] target) = NetworkChecks.Sample(reference, random);
            var draw = new DropoutDraw(7, s);
            var expected = new double[SmallResNet.ParameterCount];
            double expectedLoss = reference.Gradient(input, target, expected, default, draw);
            var actual = new double[SmallResNet.ParameterCount];
            double loss = net.Gradient(input, target, actual, 1.0, draw);
            NetworkChecks.AssertClose($"masked loss, sample {s}", [expectedLoss], [loss], NetworkChecks.ForwardTolerance);
            NetworkChecks.AssertClose($"masked parameter gradient, sample {s}", expected, actual, Tolerance);
            Assert.NotEqual(reference.Loss(input, target), loss);
        }
    }

    [Fact]
    public void TheMaskedGradientEqualsFiniteDifferencesOfTheMaskedLoss()
    {
        var net = new SmallResNet(4);
        var random = new SeededRandom(41);
        // The layers after Drop are linear, so the kinks are those of the unmasked pass.
        (double[] input, double[] target) = NetworkChecks.SampleAwayFromKinks(ReferenceNetwork.Of(net), random, NetworkChecks.KinkMargin);
        var draw = new DropoutDraw(5, 12, 3);
        var gradient = new double[SmallResNet.ParameterCount];
        net.Gradient(input, target, gradient, 1.0, draw);
        double MaskedLoss()
        {
            ReferenceNetwork current = ReferenceNetwork.Of(net);
            return current.LossOf(current.Run(input, draw).Output, target);
        }

        FiniteDifferences.Check("SmallResNet masked parameter", net.Parameters, MaskedLoss, gradient, Enumerable.Range(0, SmallResNet.ParameterCount));
    }

    [Fact]
    public void ABatchWithADrawIsTheSumOfItsSamplesDraws()
    {
        var net = new SmallResNet(6);
        ReferenceNetwork reference = ReferenceNetwork.Of(net);
        var random = new SeededRandom(61);
        const int batch = 5;
        int n = SmallResNet.InputSize, m = SmallResNet.OutputSize;
        var inputs = new double[batch * n];
        var targets = new double[batch * m];
        var expected = new double[SmallResNet.ParameterCount];
        double expectedLoss = 0;
        var draw = new DropoutDraw(9, 4, 10);
        for (int s = 0; s < batch; s++)
        {
            (double[] input, double[] target) = NetworkChecks.Sample(reference, random);
            input.CopyTo(inputs, s * n);
            target.CopyTo(targets, s * m);
            expectedLoss += net.Gradient(input, target, expected, 0.5, new DropoutDraw(9, 4, 10 + s));
        }

        var actual = new double[SmallResNet.ParameterCount];
        double loss = net.GradientBatch(inputs, targets, actual, 0.5, draw);
        NetworkChecks.AssertClose("batch loss with a draw", [expectedLoss], [loss], NetworkChecks.ForwardTolerance);
        NetworkChecks.AssertClose("batch gradient with a draw", expected, actual, Tolerance);
    }

    [Fact]
    public void TheSameDrawRepeatsAndAnotherStepDrawsOtherMasks()
    {
        var net = new SmallResNet(7);
        (double[] input, double[] target) = NetworkChecks.Sample(ReferenceNetwork.Of(net), new SeededRandom(71));
        double[] Gradient(DropoutDraw draw)
        {
            var gradient = new double[SmallResNet.ParameterCount];
            net.Gradient(input, target, gradient, 1.0, draw);
            return gradient;
        }

        Assert.Equal(Gradient(new DropoutDraw(1, 2)), Gradient(new DropoutDraw(1, 2)));
        Assert.NotEqual(Gradient(new DropoutDraw(1, 2)), Gradient(new DropoutDraw(1, 3)));
        Assert.NotEqual(Gradient(new DropoutDraw(1, 2)), Gradient(new DropoutDraw(2, 2)));
        var plain = new double[SmallResNet.ParameterCount];
        net.Gradient(input, target, plain, 1.0);
        Assert.Equal(plain, Gradient(default));
    }

    [Fact]
    public void MasksDropAboutPOfTheUnitsIndependentlyOfTheLayerAndSample()
    {
        const int units = 200_000;
        const double p = 0.25;
        ulong first = DropoutMask.Stream(new DropoutDraw(3, 8, 0), 2);
        ulong otherSample = DropoutMask.Stream(new DropoutDraw(3, 8, 1), 2);
        ulong otherLayer = DropoutMask.Stream(new DropoutDraw(3, 8, 0), 5);
        int dropped = 0, sameAsOtherSample = 0, sameAsOtherLayer = 0;
        for (int u = 0; u < units; u++)
        {
            bool keep = DropoutMask.Keeps(first, u, p);
            if (!keep) dropped++;
            if (keep == DropoutMask.Keeps(otherSample, u, p)) sameAsOtherSample++;
            if (keep == DropoutMask.Keeps(otherLayer, u, p)) sameAsOtherLayer++;
        }

        // Binomial: the standard deviation of the fraction is about 0.001.
        Assert.InRange(dropped / (double)units, p - 0.005, p + 0.005);
        // Independent masks agree with probability p² + (1 − p)² = 0.625.
        Assert.InRange(sameAsOtherSample / (double)units, 0.62, 0.63);
        Assert.InRange(sameAsOtherLayer / (double)units, 0.62, 0.63);
    }

    [Fact]
    public void TheTrainerTrainsWithThisStepsDraw()
    {
        const int batch = 4;
        const double rate = 0.1;
        const long seed = 11;
        var net = new SmallResNet(8);
        var twin = new SmallResNet(8);
        var random = new SeededRandom(81);
        int n = SmallResNet.InputSize, m = SmallResNet.OutputSize;
        var inputs = new double[batch * n];
        var targets = new double[batch * m];
        for (int s = 0; s < batch; s++)
        {
            (double[] input, double[] target) = NetworkChecks.Sample(ReferenceNetwork.Of(net), random);
            input.CopyTo(inputs, s * n);
            target.CopyTo(targets, s * m);
        }

        var options = new TrainerOptions { Epochs = 1, BatchSize = batch, Shuffle = false, Seed = seed, EvaluateTrainingSet = false };
        new Trainer<SmallResNet, double>(net, new Sgd<double>(SmallResNet.ParameterCount, rate), options)
            .Fit(new TrainingSet<double>(inputs, targets, n, m));

        // The trainer's one step: the mean gradient with the masks of (seed, step 0), then θ − rate·g.
        var masked = new double[SmallResNet.ParameterCount];
        twin.GradientBatch(inputs, targets, masked, 1.0 / batch, new DropoutDraw(seed, 0));
        double[] expected = twin.Parameters.Select((theta, k) => theta - rate * masked[k]).ToArray();
        NetworkChecks.AssertClose("parameters after one trainer step", expected, net.Parameters, 1e-12);

        var unmasked = new double[SmallResNet.ParameterCount];
        twin.GradientBatch(inputs, targets, unmasked, 1.0 / batch);
        Assert.NotEqual(unmasked, masked);
    }
}
