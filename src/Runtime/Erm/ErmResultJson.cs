using System.Text.Json;
using System.Text.Json.Serialization;
using DslNets.Solvers;

namespace DslNets.Erm;

/// <summary>
/// Writes and reads <see cref="ErmResult"/> as JSON, so that shards run on different machines can be merged
/// (<see cref="ExactErm.Merge"/>). Doubles are written in their shortest round-trip form, so a result read back is equal,
/// bit for bit, to the one written.
/// </summary>
public static class ErmResultJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // A key given twice makes a file ambiguous; refuse it rather than keep whichever came last.
        AllowDuplicateProperties = false,
    };

    // OutputBias last in both: files written before the offset existed lack it and read back as 0 / false (their meaning).
    private sealed record CandidateDto(double Loss, long Task, long Ordinal, double[] Parameters, int[] Signs, ulong[] Splits,
        double Stationarity, double PrimalFeasibility, double DualFeasibility, double Complementarity, double OutputBias = 0);

    private sealed record ResultDto(int Inputs, int Width, ErmLoss Loss, int DataCount, ulong DataHash,
        CandidateDto Winner, CandidateDto? RunnerUp, long ProgramsSolved, long ProgramsPruned, int SplitCount, long NonOptimalPrograms,
        double WorstResidual, long SolverIterations, int ShardIndex, int ShardCount, bool Merged, bool OutputBias = false);

    /// <summary>The result as JSON.</summary>
    public static string Write(ErmResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = result.Certificate;
        var dto = new ResultDto(result.Inputs, result.Width, result.Loss, result.DataCount, result.DataHash,
            ToDto(result.Winner), result.RunnerUp is null ? null : ToDto(result.RunnerUp), c.ProgramsSolved, c.ProgramsPruned, c.SplitCount,
            c.NonOptimalPrograms, c.WorstRelativeResidual, c.SolverIterations, c.ShardIndex, c.ShardCount, c.Merged, result.HasOutputBias);
        return JsonSerializer.Serialize(dto, Options);
    }

    /// <summary>Reads a result written by <see cref="Write"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="FormatException">The text is not a consistent exact-ERM result (the message says what was expected and what was found).</exception>
    public static ErmResult Read(string json) => Read(json, "the exact-ERM result");

    /// <summary>Reads a result written by <see cref="Write"/>; <paramref name="source"/> names where the text came from in messages.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file or other origin of the text, for messages.</param>
    /// <exception cref="FormatException">The text is not a consistent exact-ERM result (the message names the source, what was expected and what was found).</exception>
    public static ErmResult Read(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        ResultDto? dto;
        try { dto = JsonSerializer.Deserialize<ResultDto>(json, Options); }
        catch (JsonException e) { throw new FormatException($"{source}: expected an exact-ERM result in JSON but could not read it: {e.Message}", e); }
        catch (ArgumentException e) { throw new FormatException($"{source}: expected an exact-ERM result in JSON but the text is not valid UTF-16: {e.Message}", e); }
        return FromDto(dto, source);
    }

    /// <summary>Reads the result in the file <paramref name="path"/> (UTF-8 JSON written by <see cref="Write"/>), naming the file in messages.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FormatException">The file is not a consistent exact-ERM result (the message names the file, what was expected and what was found).</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The OS could not read the file.</exception>
    /// <exception cref="UnauthorizedAccessException">The OS denied reading the file.</exception>
    public static ErmResult ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected an exact-ERM result file but there is no such file.", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads UTF-8 bytes (the file reader's and the fuzz tests' entry); <paramref name="source"/> names them in messages.</summary>
    /// <exception cref="FormatException">The bytes are not a consistent exact-ERM result.</exception>
    internal static ErmResult Parse(ReadOnlySpan<byte> utf8, string source)
    {
        ResultDto? dto;
        try { dto = JsonSerializer.Deserialize<ResultDto>(utf8, Options); }
        catch (JsonException e) { throw new FormatException($"{source}: expected an exact-ERM result in UTF-8 JSON but could not read it: {e.Message}", e); }
        return FromDto(dto, source);
    }

    private static ErmResult FromDto(ResultDto? dto, string source)
    {
        if (dto is null || dto.Winner is null)
            throw new FormatException($"{source}: expected an exact-ERM result in JSON with a winner but found none.");
        ErmResultValidation.Check(dto.Inputs, dto.Width, dto.Loss, dto.DataCount, dto.ShardIndex, dto.ShardCount, dto.Merged, source);
        ErmResultValidation.CheckCounts(dto.ProgramsSolved, dto.ProgramsPruned, dto.SplitCount, dto.NonOptimalPrograms, dto.WorstResidual, dto.SolverIterations, source);
        var winner = FromDto(dto.Winner, dto, "Winner", source);
        var runnerUp = dto.RunnerUp is null ? null : FromDto(dto.RunnerUp, dto, "RunnerUp", source);
        if (runnerUp is not null && ErmCandidate.Compare(winner, runnerUp) >= 0)
            throw new FormatException($"{source}: expected the winner (loss {winner.Loss}, task {winner.Task}, position {winner.Ordinal}) to come before the runner-up but found the runner-up at loss {runnerUp.Loss}, task {runnerUp.Task}, position {runnerUp.Ordinal}.");
        var certificate = new ErmCertificate(dto.ProgramsSolved, dto.ProgramsPruned, dto.SplitCount, winner.Loss, runnerUp?.Loss ?? double.PositiveInfinity,
            winner.Residual, dto.NonOptimalPrograms, dto.WorstResidual, dto.SolverIterations, dto.ShardIndex, dto.ShardCount, dto.Merged);
        return new ErmResult(dto.Inputs, dto.Width, dto.Loss, dto.OutputBias, dto.DataCount, dto.DataHash, winner, runnerUp, certificate);
    }

    private static ErmCandidate FromDto(CandidateDto d, ResultDto result, string name, string source)
    {
        ErmResultValidation.CheckCandidate(name, d.Loss, d.Task, d.Ordinal, d.Parameters, d.Signs, d.Splits,
            [d.Stationarity, d.PrimalFeasibility, d.DualFeasibility, d.Complementarity], d.OutputBias, result.Inputs, result.Width, result.OutputBias, source);
        return new(d.Loss, d.Task, d.Ordinal, d.Parameters, d.Signs, d.Splits,
            new KktResidual(d.Stationarity, d.PrimalFeasibility, d.DualFeasibility, d.Complementarity), d.OutputBias);
    }

    private static CandidateDto ToDto(ErmCandidate c) => new(c.Loss, c.Task, c.Ordinal, c.Parameters, c.Signs, c.Splits,
        c.Residual.Stationarity, c.Residual.PrimalFeasibility, c.Residual.DualFeasibility, c.Residual.Complementarity, c.OutputBias);

}
