using Certify;
using DslNets.PacBayes;

namespace DslNets.Certify.Tests;

/// <summary>
/// How the Pérez-Ortiz settings halve the training images into the prior's and the bound's (<c>--split</c>): the halves
/// must be disjoint and cover every image once, with each image's target, or the certificate's prior would have seen
/// part of the bound's data.
/// </summary>
public class PriorBoundSplitTests
{
    // Image s has every pixel equal to s / count and the one-hot target of digit s mod 10, so a row names its sample.
    private static LabelledSet Numbered(int count)
    {
        double[] inputs = new double[count * 784], targets = new double[count * 10];
        for (int s = 0; s < count; s++)
        {
            Array.Fill(inputs, (double)s / count, s * 784, 784);
            targets[s * 10 + s % 10] = 1;
        }

        return new LabelledSet(inputs, targets, 10);
    }

    private static CertifySettings Settings(bool shuffled, long seed) => new(
        MnistFolder: "", RunDziugaiteRoy: false, RunPerezOrtiz: true, Quick: false, Seed: seed, OutFolder: "",
        SgdEpochs: 1, BoundEpochs: 1, PosteriorEpochs: 1, PriorEpochs: 1, MonteCarloSamples: 2, Sampling: MonteCarloSampling.PerSample,
        BoundRate: 0.01, PosteriorRate: 0.005, PriorSigma: 0.1, ScaleOptimizer: "sgd", ScaleRate: 1e-3, BoundPMin: 0.1, ShuffledSplit: shuffled);

    // The sample numbers of a set's rows, read back from the pixels, after checking every pixel and the target agree.
    private static int[] SampleNumbers(LabelledSet set, int count)
    {
        int[] numbers = new int[set.Count];
        for (int j = 0; j < set.Count; j++)
        {
            int s = (int)Math.Round(set.Inputs[j * 784] * count);
            Assert.All(set.Inputs.AsSpan(j * 784, 784).ToArray(), pixel => Assert.Equal((double)s / count, pixel));
            for (int k = 0; k < 10; k++) Assert.Equal(k == s % 10 ? 1.0 : 0.0, set.Targets[j * 10 + k]);
            numbers[j] = s;
        }

        return numbers;
    }

    [Fact]
    public void The_ordered_split_takes_the_first_and_the_second_half()
    {
        LabelledSet all = Numbered(101);
        LabelledSet before = all;
        (LabelledSet prior, LabelledSet bound) = Certification.Halves(Settings(shuffled: false, seed: 1), ref all);

        Assert.Same(before, all);
        Assert.Equal(Enumerable.Range(0, 50), SampleNumbers(prior, 101));
        Assert.Equal(Enumerable.Range(50, 51), SampleNumbers(bound, 101));
    }

    [Fact]
    public void The_shuffled_split_is_disjoint_covers_every_image_once_and_repeats_for_a_seed()
    {
        LabelledSet all = Numbered(101), again = Numbered(101), other = Numbered(101);
        (LabelledSet prior, LabelledSet bound) = Certification.Halves(Settings(shuffled: true, seed: 1), ref all);
        (LabelledSet priorAgain, _) = Certification.Halves(Settings(shuffled: true, seed: 1), ref again);
        (LabelledSet priorOther, _) = Certification.Halves(Settings(shuffled: true, seed: 2), ref other);

        int[] priorNumbers = SampleNumbers(prior, 101), boundNumbers = SampleNumbers(bound, 101);
        Assert.Equal(50, priorNumbers.Length);
        Assert.Equal(51, boundNumbers.Length);
        Assert.Empty(priorNumbers.Intersect(boundNumbers));
        Assert.Equal(Enumerable.Range(0, 101), priorNumbers.Concat(boundNumbers).Order());
        // The set handed back (the posterior's) is the shuffled one: the prior's half followed by the bound's.
        Assert.Equal(priorNumbers.Concat(boundNumbers), SampleNumbers(all, 101));
        // Shuffled: not the first 50 images; the same seed gives the same halves, another seed others.
        Assert.NotEqual(Enumerable.Range(0, 50), priorNumbers);
        Assert.Equal(priorNumbers, SampleNumbers(priorAgain, 101));
        Assert.NotEqual(priorNumbers, SampleNumbers(priorOther, 101));
    }
}
