using Xunit.Abstractions;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// The fuzz campaign as tests: 10^4 seeded mutations per reader in CI (DSLNETS_FUZZ_CASES raises it; scripts/fuzz.sh
/// runs 10^6), then every truncation of every seed. Reports go to the test output and, when DSLNETS_FUZZ_REPORT names a
/// file, are appended there.
/// </summary>
public sealed class FuzzCampaignTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ReaderTargets.Names), MemberType = typeof(ReaderTargets))]
    public void Mutated_files_end_in_acceptance_or_the_documented_exception_within_the_allocation_bound(string reader)
    {
        ReaderTarget target = ReaderTargets.All[reader];
        long cases = FuzzCampaign.CasesPerReader;
        // In CI a fixed seed on one thread, so a failure repeats; at scale a fresh seed (or DSLNETS_FUZZ_SEED) on every core.
        string? seed = FuzzCampaign.AtScale ? NullIfEmpty(Environment.GetEnvironmentVariable("DSLNETS_FUZZ_SEED")) : "0000000000001";
        int threads = FuzzCampaign.AtScale ? Environment.ProcessorCount : 1;

        FuzzStatistics statistics = FuzzCampaign.Run(target, cases, seed, threads);

        Report(statistics);
        Assert.Equal(cases, statistics.Cases);
        // Both outcomes must occur, or the mutations are too weak (nothing accepted) or the reader checks nothing.
        Assert.Contains(statistics.Outcomes.Keys, k => k.StartsWith("accepted", StringComparison.Ordinal));
        Assert.Contains(target.DocumentedException.Name, statistics.Outcomes.Keys);
    }

    [Theory]
    [MemberData(nameof(ReaderTargets.Names), MemberType = typeof(ReaderTargets))]
    public void Every_truncation_of_every_seed_ends_in_acceptance_or_the_documented_exception(string reader)
    {
        ReaderTarget target = ReaderTargets.All[reader];
        var statistics = new FuzzStatistics { Reader = reader + " (truncations)" };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (FuzzSeed seed in target.Seeds)
        {
            byte[] whole = seed.Mutate([]);
            Assert.Equal("accepted", target.Read(whole)[..8]);
            for (int length = 0; length < whole.Length; length++)
            {
                byte[] prefix = whole[..length];
                FuzzCampaign.RunCase(target, prefix, () => $"{seed.Name} cut to {length} bytes", statistics);
            }
        }

        statistics.Elapsed = clock.Elapsed;
        Report(statistics);
        if (target.RefusesEveryTruncation)
        {
            // Raw files whose header fixes their length: no strict prefix is a valid file.
            var raw = target.Seeds.Where(s => !s.GzipAfterMutation && s.Bytes[0] != 0x1F).ToList();
            foreach (FuzzSeed seed in raw)
            {
                for (int length = 0; length < seed.Bytes.Length; length++)
                {
                    byte[] prefix = seed.Bytes[..length];
                    Assert.Throws(target.DocumentedException, () => target.Read(prefix));
                }
            }
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private void Report(FuzzStatistics statistics)
    {
        string report = statistics.Report();
        output.WriteLine(report);
        string? file = Environment.GetEnvironmentVariable("DSLNETS_FUZZ_REPORT");
        if (!string.IsNullOrEmpty(file)) File.AppendAllText(file, report);
    }
}
