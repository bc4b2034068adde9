using System.Globalization;

namespace AdamVsNesterov;

/// <summary>
/// The mean and spread of one number over a configuration's seeds: the mean, the sample standard deviation (divisor
/// n − 1; 0 for one seed) and the range. Built from the finite values only; <see cref="Count"/> says how many.
/// </summary>
/// <param name="Count">How many values it summarises.</param>
/// <param name="Mean">Their mean (NaN when there are none).</param>
/// <param name="StandardDeviation">Their sample standard deviation.</param>
/// <param name="Min">The smallest.</param>
/// <param name="Max">The largest.</param>
internal readonly record struct SeedStatistics(int Count, double Mean, double StandardDeviation, double Min, double Max)
{
    /// <summary>The statistics of the finite members of <paramref name="values"/>.</summary>
    public static SeedStatistics Of(IEnumerable<double> values)
    {
        double[] finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return new SeedStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = finite.Average();
        // Two passes: the squared deviations from the mean, not Σx² − n·mean², which cancels badly for close values.
        double deviation = finite.Length < 2 ? 0 : Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1));
        return new SeedStatistics(finite.Length, mean, deviation, finite.Min(), finite.Max());
    }

    /// <summary>"mean ± sd", the mean with five significant digits and the spread with two; "—" when there is nothing to summarise.</summary>
    public string MeanAndSpread => Count == 0 ? "—" : $"{Number(Mean)} ± {StandardDeviation.ToString("G2", CultureInfo.InvariantCulture)}";

    /// <summary>"min–max", or "—" when there is nothing to summarise.</summary>
    public string Range => Count == 0 ? "—" : $"{Number(Min)}–{Number(Max)}";

    /// <summary>A number with five significant digits, invariant culture; "—" when not finite.</summary>
    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("G5", CultureInfo.InvariantCulture) : "—";
}
