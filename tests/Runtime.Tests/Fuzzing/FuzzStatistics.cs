using System.Globalization;
using System.Text;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>What a campaign saw for one reader: outcomes by exception type, the slowest case and the largest allocation.</summary>
public sealed class FuzzStatistics
{
    private readonly object _gate = new();
    private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);

    /// <summary>The reader.</summary>
    public required string Reader { get; init; }

    /// <summary>Cases run.</summary>
    public long Cases { get; private set; }

    /// <summary>Wall-clock time of the whole campaign.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>The slowest case's time.</summary>
    public TimeSpan SlowestTime { get; private set; }

    /// <summary>The slowest case.</summary>
    public string SlowestCase { get; private set; } = "";

    /// <summary>The largest allocation of one case, in bytes.</summary>
    public long LargestAllocation { get; private set; }

    /// <summary>The input length (decompressed, for gzip) of the case that allocated most.</summary>
    public long LargestAllocationInput { get; private set; }

    /// <summary>The case that allocated most.</summary>
    public string LargestAllocationCase { get; private set; } = "";

    /// <summary>How often each outcome ("accepted", or an exception type's name) came.</summary>
    public IReadOnlyDictionary<string, long> Outcomes
    {
        get
        {
            lock (_gate) return new Dictionary<string, long>(_outcomes);
        }
    }

    /// <summary>Records one case.</summary>
    public void Record(string outcome, TimeSpan time, long allocated, long inputLength, Func<string> describe)
    {
        lock (_gate)
        {
            Cases++;
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
            if (time > SlowestTime)
            {
                SlowestTime = time;
                SlowestCase = describe();
            }

            if (allocated > LargestAllocation)
            {
                LargestAllocation = allocated;
                LargestAllocationInput = inputLength;
                LargestAllocationCase = describe();
            }
        }
    }

    /// <summary>The report scripts/fuzz.sh prints and RELIABILITY.md quotes.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"reader {Reader}: {Cases:N0} cases in {Elapsed.TotalSeconds:F1} s, {Cases / Math.Max(Elapsed.TotalSeconds, 1e-9):N0} cases/s");
        foreach (var (outcome, count) in Outcomes.OrderByDescending(p => p.Value)) text.AppendLine(c, $"  {outcome,-28} {count,12:N0}");
        text.AppendLine(c, $"  slowest case: {SlowestTime.TotalMilliseconds:F2} ms ({SlowestCase})");
        text.AppendLine(c, $"  largest allocation: {LargestAllocation:N0} bytes for {LargestAllocationInput:N0} input bytes ({LargestAllocationCase})");
        return text.ToString();
    }
}
