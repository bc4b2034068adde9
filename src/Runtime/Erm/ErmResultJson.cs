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
    public static ErmResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ResultDto? dto;
        try { dto = JsonSerializer.Deserialize<ResultDto>(json, Options); }
        catch (JsonException e) { throw new FormatException($"Expected an exact-ERM result in JSON but could not read it: {e.Message}", e); }
        if (dto is null || dto.Winner is null || dto.Winner.Parameters is null || dto.Winner.Signs is null || dto.Winner.Splits is null)
            throw new FormatException("Expected an exact-ERM result in JSON with a winner but found none.");
        var winner = FromDto(dto.Winner);
        var runnerUp = dto.RunnerUp is null ? null : FromDto(dto.RunnerUp);
        var certificate = new ErmCertificate(dto.ProgramsSolved, dto.ProgramsPruned, dto.SplitCount, winner.Loss, runnerUp?.Loss ?? double.PositiveInfinity,
            winner.Residual, dto.NonOptimalPrograms, dto.WorstResidual, dto.SolverIterations, dto.ShardIndex, dto.ShardCount, dto.Merged);
        return new ErmResult(dto.Inputs, dto.Width, dto.Loss, dto.OutputBias, dto.DataCount, dto.DataHash, winner, runnerUp, certificate);
    }

    private static CandidateDto ToDto(ErmCandidate c) => new(c.Loss, c.Task, c.Ordinal, c.Parameters, c.Signs, c.Splits,
        c.Residual.Stationarity, c.Residual.PrimalFeasibility, c.Residual.DualFeasibility, c.Residual.Complementarity, c.OutputBias);

    private static ErmCandidate FromDto(CandidateDto d) => new(d.Loss, d.Task, d.Ordinal, d.Parameters, d.Signs, d.Splits,
        new KktResidual(d.Stationarity, d.PrimalFeasibility, d.DualFeasibility, d.Complementarity), d.OutputBias);
}
