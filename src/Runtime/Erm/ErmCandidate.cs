namespace DslNets.Erm;

/// <summary>One solved program: its position in the enumeration, its network and that network's loss.</summary>
/// <param name="Loss">The loss of the network (evaluated with the ReLUs, not read from the program).</param>
/// <param name="Task">The enumeration task the program belongs to (tasks are dealt to shards by task mod shard count).</param>
/// <param name="Ordinal">The program's position inside its task.</param>
/// <param name="Parameters">The hidden units' parameters: unit i holds (uᵢ, bᵢ) at [i(n+1), (i+1)(n+1)).</param>
/// <param name="Signs">The output weights sᵢ ∈ {−1, +1}.</param>
/// <param name="Splits">The split (mask of P⁺) each unit was constrained to.</param>
/// <param name="Residual">The KKT residual of the program's solution.</param>
/// <param name="OutputBias">The output offset c (0 when the programs have none, <see cref="ErmOptions.OutputBias"/>).</param>
public sealed record ErmCandidate(double Loss, long Task, long Ordinal, double[] Parameters, int[] Signs, ulong[] Splits, DslNets.Solvers.KktResidual Residual,
    double OutputBias = 0)
{
    /// <summary>The deterministic order of candidates: smaller loss first, then earlier in the enumeration.</summary>
    public static int Compare(ErmCandidate? left, ErmCandidate? right)
    {
        if (left is null) return right is null ? 0 : 1;
        if (right is null) return -1;
        int byLoss = left.Loss.CompareTo(right.Loss);
        if (byLoss != 0) return byLoss;
        int byTask = left.Task.CompareTo(right.Task);
        return byTask != 0 ? byTask : left.Ordinal.CompareTo(right.Ordinal);
    }
}
