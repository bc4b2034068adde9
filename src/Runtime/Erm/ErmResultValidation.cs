using System.Globalization;

namespace DslNets.Erm;

/// <summary>
/// The checks a result read from outside must pass before it becomes an <see cref="ErmResult"/>: everything
/// <see cref="ExactErm.Merge"/>, <see cref="ErmResult.Predict"/> and <see cref="ErmResult.LoadInto{T}"/> rely on. Each
/// failure is a <see cref="FormatException"/> naming the source, the field, what was expected and what was found.
/// </summary>
internal static class ErmResultValidation
{
    /// <summary>The most data points a result can describe (splits are 64-bit masks).</summary>
    public const int MaxDataCount = 64;

    public static void Check(int inputs, int width, ErmLoss loss, int dataCount, int shardIndex, int shardCount, bool merged, string source)
    {
        if (inputs < 1) Fail(source, "Inputs", "at least 1", inputs);
        if (width < 1) Fail(source, "Width", "at least 1", width);
        if (!Enum.IsDefined(loss)) Fail(source, "Loss", $"one of {string.Join(", ", Enum.GetValues<ErmLoss>().Select(l => $"{l} ({(int)l})"))}", (int)loss);
        if (dataCount is < 1 or > MaxDataCount) Fail(source, "DataCount", $"from 1 to {MaxDataCount}", dataCount);
        if (shardCount < 1) Fail(source, "ShardCount", "at least 1", shardCount);
        if (merged && shardIndex != 0) Fail(source, "ShardIndex", "0 in a merged result", shardIndex);
        if (!merged && (shardIndex < 0 || shardIndex >= shardCount)) Fail(source, "ShardIndex", $"from 0 to ShardCount − 1 = {shardCount - 1}", shardIndex);
    }

    public static void CheckCounts(long solved, long pruned, int splitCount, long nonOptimal, double worstResidual, long iterations, string source)
    {
        if (solved < 1) Fail(source, "ProgramsSolved", "at least 1", solved);
        if (pruned < 0) Fail(source, "ProgramsPruned", "at least 0", pruned);
        if (splitCount < 1) Fail(source, "SplitCount", "at least 1", splitCount);
        if (nonOptimal < 0 || nonOptimal > solved) Fail(source, "NonOptimalPrograms", $"from 0 to ProgramsSolved = {solved}", nonOptimal);
        if (!(worstResidual >= 0)) Fail(source, "WorstResidual", "a number ≥ 0", worstResidual);
        if (iterations < 0) Fail(source, "SolverIterations", "at least 0", iterations);
    }

    public static void CheckCandidate(string name, double loss, long task, long ordinal, double[]? parameters, int[]? signs, ulong[]? splits,
        double[] residuals, double outputBias, int inputs, int width, bool hasOutputBias, string source)
    {
        if (!double.IsFinite(loss) || loss < 0) Fail(source, $"{name}.Loss", "a finite loss ≥ 0", loss);
        if (task < 0) Fail(source, $"{name}.Task", "at least 0", task);
        if (ordinal < 0) Fail(source, $"{name}.Ordinal", "at least 0", ordinal);
        long parameterCount = (long)width * (inputs + 1L);
        if (parameters is null || parameters.Length != parameterCount)
            Fail(source, $"{name}.Parameters", $"{parameterCount} numbers (Width × (Inputs + 1))", parameters is null ? "none" : $"{parameters.Length}");
        for (int i = 0; i < parameters!.Length; i++)
            if (!double.IsFinite(parameters[i])) Fail(source, $"{name}.Parameters[{i}]", "a finite number", parameters[i]);
        if (signs is null || signs.Length != width) Fail(source, $"{name}.Signs", $"{width} signs (Width)", signs is null ? "none" : $"{signs.Length}");
        for (int i = 0; i < signs!.Length; i++)
            if (signs[i] is not (1 or -1)) Fail(source, $"{name}.Signs[{i}]", "−1 or +1", signs[i]);
        if (splits is null || splits.Length != width) Fail(source, $"{name}.Splits", $"{width} split masks (Width)", splits is null ? "none" : $"{splits.Length}");
        foreach (double residual in residuals)
            if (!(residual >= 0)) Fail(source, $"{name}'s KKT residual", "numbers ≥ 0", residual);
        if (!double.IsFinite(outputBias)) Fail(source, $"{name}.OutputBias", "a finite number", outputBias);
        if (!hasOutputBias && outputBias != 0) Fail(source, $"{name}.OutputBias", "0 (the result has no output offset)", outputBias);
    }

    private static void Fail(string source, string field, string expected, IFormattable found) => Fail(source, field, expected, found.ToString(null, CultureInfo.InvariantCulture));

    private static void Fail(string source, string field, string expected, string found) =>
        throw new FormatException($"{source}: expected {field} to be {expected} but found {found}.");
}
