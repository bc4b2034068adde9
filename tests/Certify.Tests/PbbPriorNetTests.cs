using Certify;

namespace DslNets.Certify.Tests;

/// <summary>
/// <c>--prior-recipe pbb</c> learns the prior on <see cref="DeepMnistNetSingle"/> and copies its weights into
/// <see cref="DeepMnistNet"/> index by index. That is only right if both nets lay their parameters out alike and the
/// dropout layers are the identity outside the prior's SGD; a mismatch would silently scramble the prior.
/// </summary>
public class PbbPriorNetTests
{
    [Fact]
    public void The_single_precision_prior_net_with_dropout_computes_the_double_net_once_its_weights_are_copied()
    {
        Assert.Equal(DeepMnistNet.ParameterCount, DeepMnistNetSingle.ParameterCount);
        var single = new DeepMnistNetSingle(4);
        var net = new DeepMnistNet(9);
        for (int i = 0; i < single.Parameters.Length; i++) net.Parameters[i] = single.Parameters[i];

        var random = new SeededRandom(21);
        for (int sample = 0; sample < 5; sample++)
        {
            float[] input = new float[784];
            for (int p = 0; p < input.Length; p++) input[p] = (float)random.NextDouble();
            float[] singleOutput = new float[10];
            double[] doubleOutput = new double[10];
            single.Forward(input, singleOutput);
            net.Forward(input.Select(v => (double)v).ToArray(), doubleOutput);
            // Equal up to single-precision rounding: a scrambled layout or a dropout that scales would be off by far more.
            for (int k = 0; k < 10; k++) Assert.Equal(doubleOutput[k], singleOutput[k], 1e-4);
        }
    }

    [Fact]
    public void The_prior_sgd_with_dropout_differs_from_plain_sgd_and_repeats_for_a_seed()
    {
        var random = new SeededRandom(5);
        double[] inputs = new double[20 * 784], targets = new double[20 * 10];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextDouble();
        for (int s = 0; s < 20; s++) targets[s * 10 + random.NextInt(10)] = 1;
        var data = new LabelledSet(inputs, targets, 10);

        float[] Train(bool dropout)
        {
            var net = new DeepMnistNetSingle(3);
            global::Certify.Training.NoisySgd<DeepMnistNetSingle, float>(net, data, epochs: 1, batch: 10, rate: 0.005, momentum: 0.99, sigma: 0, seed: 7, (_, _) => { }, dropout: dropout);
            return (float[])net.Parameters.Clone();
        }

        float[] withDropout = Train(dropout: true), again = Train(dropout: true), plain = Train(dropout: false);
        Assert.Equal(withDropout, again);
        Assert.NotEqual(plain, withDropout);
        Assert.NotEqual(new DeepMnistNetSingle(3).Parameters, plain);
    }
}
