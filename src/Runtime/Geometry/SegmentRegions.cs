namespace DslNets.Geometry;

/// <summary>
/// The exact breakpoints and pieces of a piecewise-linear network along a segment x(s) = a + s·(b − a), s ∈ [0, 1].
/// </summary>
/// <remarks>
/// The walk: at s, locate the region the segment enters (the pattern just past s, see below), take every kink neuron's
/// pre-activation in that region as an affine function c_i + g_i·θ of θ = s' − s, and move to the smallest θ &gt; 0 at
/// which an on neuron (g_i &lt; 0) or an off neuron (g_i &gt; 0) reaches zero. Inside one region those forms are exact, and
/// the first sign change is where the region ends, so the breakpoints are exact up to rounding.
/// Ties and degeneracy: at a breakpoint several neurons (of one or several layers) can be zero at once; the pattern of the
/// next piece is decided neuron by neuron and layer by layer from the sign of c_i, or, when |c_i| ≤ ε·|g_i| (the kink lies
/// within ε of s in units of s), from the sign of g_i — the state just past s. A neuron that touches zero without changing
/// sign therefore makes no piece. Two breakpoints closer than <c>minimumStep</c> in s are one breakpoint: the walk always
/// advances at least that far, which also guarantees it ends.
/// </remarks>
public static class SegmentRegions
{
    /// <summary>The default ε of the tie rule (relative, in units of s).</summary>
    public const double DefaultZeroTolerance = 1e-12;

    /// <summary>The default smallest step of the walk, in units of s.</summary>
    public const double DefaultMinimumStep = 1e-12;

    /// <summary>Computes the pieces of <paramref name="network"/> along the segment from <paramref name="from"/> (s = 0) to <paramref name="to"/> (s = 1).</summary>
    /// <param name="network">The network.</param>
    /// <param name="from">a (InputSize numbers).</param>
    /// <param name="to">b (InputSize numbers, different from a).</param>
    /// <param name="zeroTolerance">ε of the tie rule.</param>
    /// <param name="minimumStep">The smallest advance in s; breakpoints closer than this are merged.</param>
    public static SegmentPartition Compute<TNet>(TNet network, ReadOnlySpan<double> from, ReadOnlySpan<double> to,
        double zeroTolerance = DefaultZeroTolerance, double minimumStep = DefaultMinimumStep)
        where TNet : IPiecewiseLinearNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(network);
        int n = TNet.InputSize;
        if (from.Length != n) throw new ArgumentException($"Expected the segment's start to have {n} numbers (the network's input size) but got {from.Length}.", nameof(from));
        if (to.Length != n) throw new ArgumentException($"Expected the segment's end to have {n} numbers (the network's input size) but got {to.Length}.", nameof(to));
        if (!(minimumStep > 0) || minimumStep >= 1) throw new ArgumentOutOfRangeException(nameof(minimumStep), minimumStep, "Expected a minimum step in (0, 1).");
        var direction = new double[n];
        bool degenerate = true;
        for (int k = 0; k < n; k++)
        {
            if (!double.IsFinite(from[k]) || !double.IsFinite(to[k])) throw new ArgumentException($"Expected finite segment ends but coordinate {k} is {from[k]} → {to[k]}.");
            direction[k] = to[k] - from[k];
            if (direction[k] != 0) degenerate = false;
        }

        if (degenerate) throw new ArgumentException("Expected a segment of positive length but its two ends are equal.", nameof(to));
        var evaluator = new SliceEvaluator<TNet>(network, 1, zeroTolerance);
        int outputs = TNet.OutputSize, kinks = TNet.KinkCount;
        var origin = new double[n];
        var pieces = new List<SegmentPiece>();
        double s = 0;
        while (s < 1)
        {
            for (int k = 0; k < n; k++) origin[k] = from[k] + s * direction[k];
            var pattern = new ActivationPattern(kinks);
            evaluator.Locate(pattern, origin, direction);
            double step = double.PositiveInfinity;
            for (int i = 0; i < kinks; i++)
            {
                ReadOnlySpan<double> form = evaluator.Form(i);
                double g = form[0], c = form[1];
                bool leaves = pattern[i] ? g < 0 : g > 0;
                if (!leaves) continue;
                double theta = -c / g;
                if (theta < step) step = theta;
            }

            double end = s + Math.Max(step, minimumStep);
            if (!(end < 1)) end = 1;
            var slopes = new double[outputs];
            var intercepts = new double[outputs];
            for (int j = 0; j < outputs; j++)
            {
                slopes[j] = evaluator.OutputForms[2 * j];
                intercepts[j] = evaluator.OutputForms[2 * j + 1] - slopes[j] * s;
            }

            pieces.Add(new SegmentPiece(s, end, pattern, slopes, intercepts));
            s = end;
        }

        return new SegmentPartition(from.ToArray(), to.ToArray(), pieces);
    }
}
