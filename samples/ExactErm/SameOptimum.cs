using System.Globalization;
using DslNets.Erm;

namespace ExactErmSample;

/// <summary>
/// Whether a merged result certifies the same optimum as a whole run: the same winning program and parameters, the same
/// loss and runner-up loss, and as many programs in all. Which programs the lower bound skips depends on thread timing
/// and on the order the parts ran, so solved and skipped are compared only as a sum.
/// </summary>
internal static class SameOptimum
{
    public static IEnumerable<string> Differences(ErmResult merged, ErmResult whole)
    {
        if (merged.DataHash != whole.DataHash) yield return Text($"data fingerprint {merged.DataHash:X16} against {whole.DataHash:X16}");
        if (merged.BestLoss != whole.BestLoss) yield return Text($"best loss {merged.BestLoss:R} against {whole.BestLoss:R}");
        if (merged.Certificate.RunnerUpLoss != whole.Certificate.RunnerUpLoss)
            yield return Text($"runner-up loss {merged.Certificate.RunnerUpLoss:R} against {whole.Certificate.RunnerUpLoss:R}");
        if (merged.Winner.Task != whole.Winner.Task || merged.Winner.Ordinal != whole.Winner.Ordinal)
            yield return Text($"winning program {merged.Winner.Task}/{merged.Winner.Ordinal} against {whole.Winner.Task}/{whole.Winner.Ordinal}");
        if (!merged.Winner.Parameters.SequenceEqual(whole.Winner.Parameters) || merged.OutputBias != whole.OutputBias)
            yield return "the winner's parameters";
        long mergedCount = merged.Certificate.ProgramsSolved + merged.Certificate.ProgramsPruned;
        long wholeCount = whole.Certificate.ProgramsSolved + whole.Certificate.ProgramsPruned;
        if (mergedCount != wholeCount) yield return Text($"{mergedCount} programs in all against {wholeCount}");
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
