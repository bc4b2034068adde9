namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>Every reader of outside bytes under fuzzing, by name (the xUnit theories and scripts/fuzz.sh pick from here).</summary>
public static class ReaderTargets
{
    /// <summary>All targets, built once (their seed files take a moment: the ERM seeds are solved).</summary>
    public static IReadOnlyDictionary<string, ReaderTarget> All { get; } =
        new ReaderTarget[] { new SafeTensorsTarget(), new IdxTarget(), new MnistTarget(), new CsvTarget(), new ErmResultTarget() }.ToDictionary(t => t.Name);

    /// <summary>The names, for [MemberData].</summary>
    public static TheoryData<string> Names => new(All.Keys);
}
