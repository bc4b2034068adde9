using System.Text;

namespace DslNets.Generator.Tests.Reference;

/// <summary>Central finite differences of a scalar function of one coordinate of a vector, compared with an analytic gradient.</summary>
public static class FiniteDifferences
{
    /// <summary>The step h of (f(x + h) − f(x − h)) / 2h.</summary>
    public const double Step = 1e-6;

    /// <summary>The allowed relative error |fd − g| / max(|fd|, |g|, 1e-8).</summary>
    public const double RelativeTolerance = 1e-6;

    /// <summary>
    /// The rounding floor of the central difference: with ℓ computed to about 1e-15·max(1, |ℓ|) the quotient is only
    /// known to ±1e-15·max(1, |ℓ|)/h = 1e-9·max(1, |ℓ|); a component smaller than that cannot be checked relatively.
    /// </summary>
    public const double RoundingFloor = 1e-9;

    /// <summary>
    /// Checks <paramref name="analytic"/>[i] against the central difference of <paramref name="loss"/> in
    /// <paramref name="point"/>[i] for each index; restores every coordinate exactly. Fails listing the worst entries.
    /// </summary>
    /// <param name="what">"parameter" or "input", for the message.</param>
    /// <param name="point">The vector being varied (the network's own parameter array, or an input).</param>
    /// <param name="loss">ℓ at the current point.</param>
    /// <param name="analytic">The gradient to check, same length as <paramref name="point"/>.</param>
    /// <param name="indices">The coordinates to check.</param>
    public static void Check(string what, double[] point, Func<double> loss, ReadOnlySpan<double> analytic, IEnumerable<int> indices)
    {
        if (analytic.Length != point.Length)
            throw new ArgumentException($"Expected an analytic gradient of length {point.Length} but got length {analytic.Length}.", nameof(analytic));
        double scale = Math.Max(1.0, Math.Abs(loss()));
        var failures = new List<(int Index, double Fd, double Analytic, double Error)>();
        int count = 0;
        foreach (int i in indices)
        {
            count++;
            double saved = point[i];
            point[i] = saved + Step;
            double plus = loss();
            point[i] = saved - Step;
            double minus = loss();
            point[i] = saved;
            double fd = (plus - minus) / (2.0 * Step);
            double error = Math.Abs(fd - analytic[i]);
            double allowed = RelativeTolerance * Math.Max(Math.Max(Math.Abs(fd), Math.Abs(analytic[i])), 1e-8) + RoundingFloor * scale;
            if (!(error <= allowed)) failures.Add((i, fd, analytic[i], error));
        }

        if (failures.Count == 0) return;
        var message = new StringBuilder($"{failures.Count} of {count} {what} gradient entries differ from central finite differences (h = {Step}, relative tolerance {RelativeTolerance}):\n");
        foreach (var (index, fd, g, error) in failures.OrderByDescending(f => f.Error).Take(10))
        {
            message.AppendLine($"  {what}[{index}]: finite difference {fd:R}, analytic {g:R}, |difference| {error:G3}");
        }

        Assert.Fail(message.ToString());
    }
}
