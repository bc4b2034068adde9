using DslNets;
using DslNets.Tron;

namespace NeuroTronSample;

/// <summary>One input distribution of the paper's experiments with its input size and step size.</summary>
public sealed record Setting(InputDistribution Distribution, int Inputs, double LearningRate, long Seed)
{
    public const int FilterSize = 25, Count = 10, BatchSize = 16;

    /// <summary>Runs Neuro-Tron (or the SGD baseline) for <paramref name="iterations"/> steps and returns ‖w_t − w*‖, t = 0..T.</summary>
    /// <remarks>
    /// At one setting every run shares the matrices, w* and the input stream; only the attack's coins (their own
    /// stream) and its size differ, so the curves differ by the attack alone.
    /// </remarks>
    public double[] Run(PoisoningAttack attack, int iterations, bool sgd, Action<int> progress) => Inputs switch
    {
        100 => Run<NeuroTron100>(attack, iterations, sgd, progress),
        50 => Run<NeuroTron50>(attack, iterations, sgd, progress),
        _ => throw new InvalidOperationException($"No network declared for n = {Inputs}."),
    };

    private double[] Run<TNet>(PoisoningAttack attack, int iterations, bool sgd, Action<int> progress) where TNet : INetwork<TNet, double>
    {
        var matrices = FilterMatrices.Create(FilterSize, Inputs, Count, Seed);
        var teacher = TNet.Create(1, matrices.Stacked);
        new SeededRandom(Seed + 1).FillGaussian<double>(teacher.Parameters); // w* ~ N(0, I)
        var student = TNet.Create(2, matrices.Stacked);
        var stream = new TeacherStream<TNet, double>(teacher, new InputSampler(Distribution, Seed + 2), attack, Seed + 3);
        var distances = new double[iterations + 1];
        const int chunk = 1000;
        if (sgd)
        {
            student.Parameters.AsSpan().Fill(1.0); // the same start as Neuro-Tron
            Train(stream, new MiniBatchSgd<TNet, double>(student, LearningRate, BatchSize), distances, chunk, progress);
        }
        else
        {
            Train(stream, new NeuroTron<TNet, double>(student, LearningRate, BatchSize), distances, chunk, progress);
        }
        return distances;
    }

    private static void Train<TNet, TLearner>(TeacherStream<TNet, double> stream, TLearner learner, double[] distances, int chunk, Action<int> progress)
        where TNet : INetwork<TNet, double>
        where TLearner : IMiniBatchLearner<double>
    {
        int iterations = distances.Length - 1;
        distances[0] = Distance(learner.Parameters, stream.Target);
        for (int done = 0; done < iterations; done += chunk)
        {
            int steps = Math.Min(chunk, iterations - done);
            // distances[done] is already set; Train rewrites it with the same value and fills the next `steps`.
            stream.Train(learner, steps, distances.AsSpan(done, steps + 1));
            progress(steps);
        }
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s);
    }
}
