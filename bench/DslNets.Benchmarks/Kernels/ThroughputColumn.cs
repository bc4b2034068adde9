using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace DslNets.Benchmarks.Kernels;

/// <summary>A summary column computed from a case's median time: work per case divided by the median (e.g. GFLOP/s).</summary>
public sealed class ThroughputColumn : IColumn
{
    private readonly string _name;
    private readonly Func<BenchmarkCase, double> _workPerOperation;
    private readonly double _unit;

    /// <summary>A column named <paramref name="name"/> showing work/median/<paramref name="unit"/> per second.</summary>
    public ThroughputColumn(string name, Func<BenchmarkCase, double> workPerOperation, double unit)
    {
        _name = name;
        _workPerOperation = workPerOperation;
        _unit = unit;
    }

    /// <inheritdoc/>
    public string Id => "Throughput." + _name;

    /// <inheritdoc/>
    public string ColumnName => _name;

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => $"{_name} from the median time";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null || statistics.Median <= 0) return "NA";
        double perSecond = _workPerOperation(benchmarkCase) / (statistics.Median * 1e-9);
        return (perSecond / _unit).ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
