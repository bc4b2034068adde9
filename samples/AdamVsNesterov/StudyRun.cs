using System.Diagnostics;
using System.Text.Json.Serialization;
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

    /// <summary>The optimiser steps of a run on <paramref name="count"/> images (the last partial batch is dropped).</summary>
    public int Steps(int count) => FullBatch ? Length : Length * (count / BatchSize);

    /// <summary>
    /// How many per-image gradients a run costs, for the progress bar and the time estimate: the steps, the exact
    /// evaluations at the start and the end, and (mini-batch) the forward pass at the flattening rule's mark.
    /// </summary>
    public long Cost(int count) => FullBatch ? (long)(Length + 1) * count : (long)Length * (count / BatchSize * BatchSize) + 3L * count;
}

/// <summary>The outcome of one configuration with one seed.</summary>
/// <param name="Network">The network's name.</param>
/// <param name="Regime">The regime.</param>
/// <param name="Spec">The configuration.</param>
/// <param name="Seed">The seed of the initialisation and the mini-batch order.</param>
/// <param name="CurveX">The loss curve's x (iterations or epochs).</param>
/// <param name="CurveY">The loss curve's y (exact f full-batch, mean mini-batch loss otherwise).</param>
/// <param name="FinalLoss">The exact training loss at the end (NaN when diverged).</param>
/// <param name="LossAtMark">The exact training loss at <see cref="FlatteningRule.MarkStep"/> (NaN when diverged before).</param>
/// <param name="GradientNorm">‖∇f‖ at the end (NaN when diverged).</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="Failure">Why the run stopped early, or null.</param>
internal sealed record RunResult(
    string Network, Regime Regime, OptimizerSpec Spec, int Seed, double[] CurveX, double[] CurveY,
    double FinalLoss, double LossAtMark, double GradientNorm, double Seconds, string? Failure)
{
    /// <summary>The final loss, or +∞ when the run diverged, so that ranking puts failed runs last.</summary>
    [JsonIgnore]
    public double RankingLoss => Failure is null && double.IsFinite(FinalLoss) ? FinalLoss : double.PositiveInfinity;

    /// <summary>Whether the run's loss had flattened by its end.</summary>
    [JsonIgnore]
    public Flattening Flattening => FlatteningRule.Judge(LossAtMark, FinalLoss, Failure is not null);
}

/// <summary>Runs one optimiser configuration on one network from one seeded initialisation.</summary>
internal static class StudyRun
{
    // A loss this many times the initial one counts as divergence: the run stops instead of burning its budget.
    private const double DivergenceFactor = 1e3;

    /// <summary>Curve points per mini-batch epoch (mean mini-batch loss over each slice of the epoch).</summary>
    private const int PointsPerEpoch = 10;

    /// <summary>
    /// Trains a fresh network initialised from <paramref name="seed"/>; mini-batches are drawn in the order seeded by
    /// <paramref name="seed"/> + 1 (as before seeds were repeated, so seed 1 reproduces the earlier single-seed runs).
    /// </summary>
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
        int markStep = FlatteningRule.MarkStep(regime.Steps(count));
        string? failure = null;

        double initial = objective.FullBatch(net, gradient);
        progress(count);
        xs.Add(0);
        ys.Add(initial);
        double limit = initial * DivergenceFactor;
        double lossAtMark = markStep == 0 ? initial : double.NaN;

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
                if (t == markStep) lossAtMark = loss;
            }
        }
        else
        {
            var order = new MiniBatchOrder(count, regime.BatchSize, seed + 1, dropLast: true);
            int slice = Math.Max(1, order.BatchCount / PointsPerEpoch);
            int step = 0;
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
                    if (++step == markStep)
                    {
                        lossAtMark = objective.Loss(net);
                        progress(count);
                    }

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

        return new RunResult(network, regime, spec, seed, xs.ToArray(), ys.ToArray(), finalLoss, lossAtMark, norm, clock.Elapsed.TotalSeconds, failure);
    }
}
