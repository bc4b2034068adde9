using DslNets.Data;

namespace Certify;

/// <summary>Inputs and targets as flat row-major arrays, the form the generated batch methods take.</summary>
/// <param name="Inputs">Count × 784 pixels in [0, 1].</param>
/// <param name="Targets">Count × outputs: one-hot rows, or one 0/1 per sample for a logistic output.</param>
/// <param name="Outputs">The number of targets per sample.</param>
public sealed record LabelledSet(double[] Inputs, double[] Targets, int Outputs)
{
    /// <summary>The number of samples.</summary>
    public int Count => Targets.Length / Outputs;

    /// <summary>Ten-class one-hot targets.</summary>
    public static LabelledSet TenClass(Dataset<double> data) => new(data.Features, data.OneHotTargets(), 10);

    /// <summary>Binary targets: 1 for digits ≥ 5 (Dziugaite and Roy's task).</summary>
    public static LabelledSet Binary(Dataset<double> data) => new(data.Features, data.Labels.Select(l => l >= 5 ? 1.0 : 0.0).ToArray(), 1);

    /// <summary>The same images with binary labels drawn uniformly at random (seeded): nothing to learn.</summary>
    public LabelledSet WithRandomBinaryLabels(long seed)
    {
        var random = new DslNets.SeededRandom(seed);
        return this with { Targets = Enumerable.Range(0, Count).Select(_ => (double)random.NextInt(2)).ToArray() };
    }

    /// <summary>
    /// The same samples in a seeded random order (Fisher–Yates), each image kept with its target: halving it gives a random
    /// split, as Pérez-Ortiz et al.'s code draws its prior and bound halves.
    /// </summary>
    public LabelledSet Permuted(long seed)
    {
        int[] order = Enumerable.Range(0, Count).ToArray();
        new DslNets.SeededRandom(seed).Shuffle<int>(order);
        double[] inputs = new double[Inputs.Length], targets = new double[Targets.Length];
        Gather(order, inputs, targets);
        return new LabelledSet(inputs, targets, Outputs);
    }

    /// <summary>The samples [start, start + count).</summary>
    public LabelledSet Slice(int start, int count) =>
        new(Inputs.AsSpan(start * 784, count * 784).ToArray(), Targets.AsSpan(start * Outputs, count * Outputs).ToArray(), Outputs);

    /// <summary>Copies the samples <paramref name="indices"/> into a batch.</summary>
    public void Gather(ReadOnlySpan<int> indices, Span<double> inputs, Span<double> targets)
    {
        for (int j = 0; j < indices.Length; j++)
        {
            Inputs.AsSpan(indices[j] * 784, 784).CopyTo(inputs.Slice(j * 784, 784));
            Targets.AsSpan(indices[j] * Outputs, Outputs).CopyTo(targets.Slice(j * Outputs, Outputs));
        }
    }
}
