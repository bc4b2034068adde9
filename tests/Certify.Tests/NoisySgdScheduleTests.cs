using Certify;

namespace DslNets.Certify.Tests;

/// <summary>The prior's SGD with a cosine-annealed rate (<c>--prior-schedule cosine</c>) against the same steps taken by hand.</summary>
public class NoisySgdScheduleTests
{
    private static LabelledSet Data(int count)
    {
        var random = new SeededRandom(11);
        double[] inputs = new double[count * 784], targets = new double[count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextDouble();
        for (int s = 0; s < count; s++) targets[s] = random.NextInt(2);
        return new LabelledSet(inputs, targets, 1);
    }

    private static double[] Train(int epochs, bool cosine)
    {
        var net = new BinaryMnistNet(5);
        // One batch of all 10 samples per epoch, no weight noise (σ = 0): every step is plain SGD with momentum.
        global::Certify.Training.NoisySgd<BinaryMnistNet, double>(net, Data(10), epochs, batch: 10, rate: 0.01, momentum: 0.9, sigma: 0, seed: 3, (_, _) => { }, cosine: cosine);
        return (double[])net.Parameters.Clone();
    }

    [Fact]
    public void The_cosine_schedule_takes_the_full_rate_first_and_half_of_it_halfway()
    {
        double[] start = new BinaryMnistNet(5).Parameters;
        double[] constantOne = Train(1, cosine: false), cosineOne = Train(1, cosine: true);
        double[] constantTwo = Train(2, cosine: false), cosineTwo = Train(2, cosine: true);

        // Step 0 of a cosine over the run's steps is the full rate: the first step is the constant schedule's.
        Assert.Equal(constantOne, cosineOne);
        Assert.NotEqual(start, constantOne);
        // Over 2 steps the second rate is η(1 + cos(π/2))/2 = η/2, and both runs stand at the same point with the same
        // momentum buffer after the first step, so the second step is exactly half as long, weight by weight.
        int moved = 0;
        for (int i = 0; i < start.Length; i++)
        {
            double full = constantTwo[i] - constantOne[i], half = cosineTwo[i] - cosineOne[i];
            // Each difference of two weights near 0.05 carries a rounding error of a few 1e-17.
            Assert.True(Math.Abs(half - 0.5 * full) <= 1e-15, $"weight {i}: second step {half} against half of {full}");
            if (Math.Abs(full) > 1e-8) moved++;
        }
        Assert.True(moved > 1000, $"only {moved} weights moved in the second step");
    }
}
