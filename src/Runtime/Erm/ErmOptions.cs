namespace DslNets.Erm;

/// <summary>Options of <see cref="ExactErm.Solve"/>.</summary>
/// <param name="Width">w, the number of hidden ReLU units (at least 1).</param>
/// <param name="Loss">The loss.</param>
/// <param name="ShardIndex">Which part of the enumeration to run, 0 ≤ i &lt; <paramref name="ShardCount"/>.</param>
/// <param name="ShardCount">Into how many deterministic parts the enumeration is split (1: all of it).</param>
/// <param name="MaxDegreeOfParallelism">Threads to use (null: all cores).</param>
public sealed record ErmOptions(int Width, ErmLoss Loss = ErmLoss.Squared, int ShardIndex = 0, int ShardCount = 1, int? MaxDegreeOfParallelism = null);
