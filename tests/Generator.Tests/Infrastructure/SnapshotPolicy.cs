namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>
/// Whether a snapshot mismatch may be accepted: only when DSLNETS_ACCEPT_SNAPSHOTS=1 is set and the run is not on
/// CI (CI=true). On CI a snapshot is always compared, never written.
/// </summary>
/// <param name="AcceptRequested">DSLNETS_ACCEPT_SNAPSHOTS=1 was set.</param>
/// <param name="IsContinuousIntegration">CI=true (or 1) was set.</param>
public sealed record SnapshotPolicy(bool AcceptRequested, bool IsContinuousIntegration)
{
    /// <summary>The environment variable that opts in to accepting received snapshots.</summary>
    public const string AcceptVariable = "DSLNETS_ACCEPT_SNAPSHOTS";

    /// <summary>Compare only: what every run without the opt-in does.</summary>
    public static SnapshotPolicy Compare { get; } = new(false, false);

    /// <summary>True when a received text is written as the approved file.</summary>
    public bool Accepts => AcceptRequested && !IsContinuousIntegration;

    /// <summary>The policy of this process's environment.</summary>
    public static SnapshotPolicy FromEnvironment() =>
        FromValues(Environment.GetEnvironmentVariable(AcceptVariable), Environment.GetEnvironmentVariable("CI"));

    /// <summary>The policy for these values of DSLNETS_ACCEPT_SNAPSHOTS and CI (null when unset).</summary>
    public static SnapshotPolicy FromValues(string? accept, string? ci) =>
        new(accept?.Trim() == "1",
            ci is not null && (ci.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || ci.Trim() == "1"));
}
