using System.Diagnostics;
using DslNets;
using DslNets.Data;
using DslNets.Optimizers;

namespace AdamVsNesterov;

/// <summary>How the gradients of one run are taken.</summary>
/// <param name="FullBatch">True for the exact gradient over all images each step; false for shuffled mini-batches.</param>
/// <param name="Length">Iterations (full batch) or epochs (mini-batch).</param>
/// <param name="BatchSize">The mini-batch size (unused in full batch).</param>
internal sealed record Regime(bool FullBatch, int Length, int BatchSize)
{
    /// <summary>A name for tables and file names.</summary>
    public string Name => FullBatch ? "full-batch" : $"mini-batch {BatchSize}";

    /// <summary>The x axis of the loss curves.</summary>
    public string Axis => FullBatch ? "iteration" : "epoch";

    /// <summary>How many per-image gradients a run costs, for the progress bar (the final evaluation included).</summary>
    public long Cost(int count) => FullBatch ? (long)(Length + 1) * count : (long)Length * (count / BatchSize * BatchSize) + 2L * count;
}

/// <summary>The outcome of one configuration.</summary>
internal sealed record RunResult(
    string Network, Regime Regime, OptimizerSpec Spec, double[] CurveX, double[] CurveY,
    double FinalLoss, double GradientNorm, double Seconds, string? Failure)
{
    /// <summary>The final loss, or +∞ when the run diverged, so that ranking puts failed runs last.</summary>
    public double RankingLoss => Failure is null && double.IsFinite(FinalLoss) ? FinalLoss : double.PositiveInfinity;
}

/// <summary>Runs one optimiser configuration on one network from the shared seeded initialisation.</summary>
internal static class StudyRun
{
    // A loss this many times the initial one counts as divergence: the run stops instead of burning its budget.
    private const double DivergenceFactor = 1e3;

    /// <summary>Curve points per mini-batch epoch (mean mini-batch loss over each slice of the epoch).</summary>
    private const int PointsPerEpoch = 10;

    public static RunResult Run<TNet>(string network, ReconstructionObjective<TNet> objective, Regime regime, OptimizerSpec spec,
        int seed, Action<long> progress)
        where TNet : INetwork<TNet, float>
    {
        var clock = Stopwatch.StartNew();
        TNet net = TNet.Create(seed, ReadOnlySpan<float>.Empty);
        IOptimizer<float> optimizer = spec.Create(TNet.ParameterCount);
        var gradient = new float[TNet.ParameterCount];
        var xs = new List<double>();
        var ys = new List<double>();
        int count = objective.Count;
        string? failure = null;

        double initial = objective.FullBatch(net, gradient);
        progress(count);
        xs.Add(0);
        ys.Add(initial);
        double limit = initial * DivergenceFactor;

        if (regime.FullBatch)
        {
            for (int t = 1; t <= regime.Length; t++)
            {
                optimizer.Step(net.Parameters, gradient);
                double loss = objective.FullBatch(net, gradient);
                progress(count);
                if (!double.IsFinite(loss) || loss > limit)
                {
                    failure = $"diverged at iteration {t} (loss {loss:G3})";
                    break;
                }

                xs.Add(t);
                ys.Add(loss);
            }
        }
        else
        {
            var order = new MiniBatchOrder(count, regime.BatchSize, seed + 1, dropLast: true);
            int slice = Math.Max(1, order.BatchCount / PointsPerEpoch);
            for (int epoch = 0; epoch < regime.Length && failure is null; epoch++)
            {
                double sliceLoss = 0;
                int sliceBatches = 0;
                for (int b = 0; b < order.BatchCount; b++)
                {
                    double loss = objective.MiniBatch(net, order.Batch(b), gradient);
                    progress(regime.BatchSize);
                    if (!double.IsFinite(loss) || loss > limit)
                    {
                        failure = $"diverged in epoch {epoch + 1}, batch {b + 1} (loss {loss:G3})";
                        break;
                    }

                    optimizer.Step(net.Parameters, gradient);
                    sliceLoss += loss;
                    if (++sliceBatches == slice || b == order.BatchCount - 1)
                    {
                        // Plotted at the slice's end; the mean of losses taken along the way (before each step).
                        xs.Add(epoch + (b + 1.0) / order.BatchCount);
                        ys.Add(sliceLoss / sliceBatches);
                        sliceLoss = 0;
                        sliceBatches = 0;
                    }
                }

                order.NextEpoch();
            }
        }

        double finalLoss = double.NaN, norm = double.NaN;
        if (failure is null)
        {
            // Mini-batch runs end with one exact pass; full-batch runs already hold f and ∇f at the last iterate.
            if (!regime.FullBatch)
            {
                finalLoss = objective.FullBatch(net, gradient);
                progress(count);
            }
            else
            {
                finalLoss = ys[^1];
            }

            norm = ReconstructionObjective<TNet>.Norm(gradient);
        }

        return new RunResult(network, regime, spec, xs.ToArray(), ys.ToArray(), finalLoss, norm, clock.Elapsed.TotalSeconds, failure);
    }
}
