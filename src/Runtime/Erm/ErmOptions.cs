namespace DslNets.Erm;

/// <summary>Options of <see cref="ExactErm.Solve"/>.</summary>
/// <param name="Width">w, the number of hidden ReLU units (at least 1).</param>
/// <param name="Loss">The loss.</param>
/// <param name="ShardIndex">Which part of the enumeration to run, 0 ≤ i &lt; <paramref name="ShardCount"/>.</param>
/// <param name="ShardCount">Into how many deterministic parts the enumeration is split (1: all of it). The parts are dealt out
/// task by task, and there are (w + 1)·K − w tasks for K splits ((w + 1)·K − 2w − 1 with <paramref name="OutputBias"/>, which drops the
/// full split), so at most that many shards hold work (a shard with none is refused).</param>
/// <param name="MaxDegreeOfParallelism">Threads to use (null: all cores).</param>
/// <param name="SkipByLowerBound">Skip squared-loss programs whose least-squares lower bound exceeds the runner-up so far
/// (pruning rule 4 on <see cref="ExactErm"/>); the winner and runner-up are the same either way.</param>
/// <param name="OutputBias">Minimise over x ↦ Σᵢ sᵢ ReLU(uᵢ·x + bᵢ) + c, with a free output offset c, instead of the same without c.
/// A declared output layer with a bias (<c>[Dense(1)]</c>, the default) needs it: without c the minimiser is in general not a
/// minimiser over that network's parameters. <see cref="NetworkErm"/> sets it from the declaration.</param>
public sealed record ErmOptions(int Width, ErmLoss Loss = ErmLoss.Squared, int ShardIndex = 0, int ShardCount = 1, int? MaxDegreeOfParallelism = null,
    bool SkipByLowerBound = true, bool OutputBias = false);
