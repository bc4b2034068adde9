using System.Diagnostics;
using CsCheck;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// Runs seeded mutations of a target's valid files through its reader with CsCheck: each case must end in acceptance
/// or the documented exception (with the input's name in its message), within the allocation bound. Any other outcome
/// fails the campaign, and CsCheck shrinks it to fewer, smaller mutations and prints the case and its seed.
/// </summary>
public static class FuzzCampaign
{
    /// <summary>Cases per reader in CI; DSLNETS_FUZZ_CASES overrides (scripts/fuzz.sh sets 10^6).</summary>
    public static long CasesPerReader => AtScale ? long.Parse(Environment.GetEnvironmentVariable("DSLNETS_FUZZ_CASES")!, System.Globalization.CultureInfo.InvariantCulture) : 10_000;

    /// <summary>Whether DSLNETS_FUZZ_CASES asks for a campaign of its own size (scripts/fuzz.sh) rather than CI's.</summary>
    public static bool AtScale => long.TryParse(Environment.GetEnvironmentVariable("DSLNETS_FUZZ_CASES"), out long cases) && cases > 0;

    /// <summary>The mutations of one case: one to four of them.</summary>
    public static Gen<FuzzCase> Cases(ReaderTarget target) =>
        Gen.Select(
            Gen.Int[0, target.Seeds.Count - 1],
            Gen.Select(Gen.Enum<MutationKind>(), Gen.Int[0, int.MaxValue], Gen.Int[1, 64], Gen.Int[0, 1 << 20],
                (kind, position, length, choice) => new Mutation(kind, position, length, choice)).Array[1, 4],
            (seed, mutations) => new FuzzCase(target.Seeds[seed], mutations));

    /// <summary>Runs <paramref name="cases"/> cases on <paramref name="threads"/> threads from CsCheck seed <paramref name="seed"/> (null: a fresh one).</summary>
    public static FuzzStatistics Run(ReaderTarget target, long cases, string? seed = null, int threads = 1)
    {
        var statistics = new FuzzStatistics { Reader = target.Name };
        var clock = Stopwatch.StartNew();
        Cases(target).Sample(c => RunCase(target, c.Input(), c.ToString, statistics), iter: cases, threads: threads, seed: seed);
        statistics.Elapsed = clock.Elapsed;
        return statistics;
    }

    /// <summary>One input through the reader; throws <see cref="FuzzFailure"/> for anything outside the contract.</summary>
    public static void RunCase(ReaderTarget target, byte[] input, Func<string> describe, FuzzStatistics statistics)
    {
        string outcome;
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        try
        {
            outcome = target.Read(input);
        }
        catch (Exception error) when (error.GetType() == target.DocumentedException)
        {
            if (!error.Message.Contains(ReaderTarget.InputPath, StringComparison.Ordinal))
            {
                throw new FuzzFailure($"{target.Name}: the message does not name the file: \"{error.Message}\" for {describe()}", error);
            }

            outcome = error.GetType().Name;
        }
        catch (Exception error) when (error is not FuzzFailure)
        {
            throw new FuzzFailure($"{target.Name}: undocumented {error.GetType().Name} ({error.Message}) for {describe()}", error);
        }

        TimeSpan time = Stopwatch.GetElapsedTime(start);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long content = ReaderTarget.ContentLength(input);
        long bound = ReaderTarget.AllocationBound(input);
        if (allocated > bound)
        {
            throw new FuzzFailure($"{target.Name}: allocated {allocated} bytes for {content} bytes of input (bound {bound}) for {describe()}");
        }

        statistics.Record(outcome, time, allocated, content, describe);
    }
}
