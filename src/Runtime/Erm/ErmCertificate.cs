using DslNets.Solvers;

namespace DslNets.Erm;

/// <summary>What backs the claim that <see cref="ErmResult"/> is a global minimiser.</summary>
/// <param name="ProgramsSolved">Convex programs solved (after the pruning described on <see cref="ExactErm"/>).</param>
/// <param name="ProgramsPruned">Programs skipped because a lower bound on their value already exceeded the runner-up so far
/// (see <see cref="ExactErm"/>, pruning rule 4). Solved + pruned is the full count; the split between them depends on thread timing,
/// the winner and runner-up do not.</param>
/// <param name="SplitCount">Hyperplane splits of the data.</param>
/// <param name="BestLoss">The winner's loss.</param>
/// <param name="RunnerUpLoss">The second-best program's loss (+∞ when only one program was solved). It often ties the winner:
/// when the optimal network has a pre-activation exactly 0 at some point, the programs of both splits that differ only there
/// contain it.</param>
/// <param name="WinnerResidual">The KKT residual of the winner's program at the returned point.</param>
/// <param name="NonOptimalPrograms">Programs whose solver stopped before its tolerance (their best iterate still counts, as a real network's loss).</param>
/// <param name="WorstRelativeResidual">The largest relative KKT residual (<see cref="InteriorPointQp.RelativeResidual"/>) over all programs solved: how far any program's returned point is from optimal.</param>
/// <param name="SolverIterations">Interior-point iterations summed over all programs.</param>
/// <param name="ShardIndex">The shard this result covers (0 for a merged or single result).</param>
/// <param name="ShardCount">The number of shards merged into this result, or the shard count of a single shard.</param>
/// <param name="Merged">True when several shards were merged.</param>
public sealed record ErmCertificate(long ProgramsSolved, long ProgramsPruned, int SplitCount, double BestLoss, double RunnerUpLoss,
    KktResidual WinnerResidual, long NonOptimalPrograms, double WorstRelativeResidual, long SolverIterations, int ShardIndex, int ShardCount, bool Merged);
