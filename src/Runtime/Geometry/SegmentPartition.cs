namespace DslNets.Geometry;

/// <summary>
/// One piece of a network along a segment x(s) = a + s·(b − a): the interval [<see cref="Start"/>, <see cref="End"/>] of s
/// on which the activation pattern is constant, so the network is the affine function output_j(s) = intercept_j + slope_j·s.
/// </summary>
/// <param name="Start">Where the piece begins (s).</param>
/// <param name="End">Where it ends (s).</param>
/// <param name="Pattern">The activation pattern inside the piece.</param>
/// <param name="Slopes">d output_j / ds, one per output.</param>
/// <param name="Intercepts">output_j at s = 0 of the piece's affine function (its extension), one per output.</param>
public sealed record SegmentPiece(double Start, double End, ActivationPattern Pattern, double[] Slopes, double[] Intercepts)
{
    /// <summary>The piece's affine function of output <paramref name="output"/> at <paramref name="s"/>.</summary>
    public double Evaluate(int output, double s) => Intercepts[output] + Slopes[output] * s;

    /// <summary>The length of the piece in s.</summary>
    public double Length => End - Start;
}

/// <summary>
/// The exact pieces of a piecewise-linear network along a segment, in order, covering s ∈ [0, 1] without gaps:
/// piece k ends where piece k + 1 starts. See <see cref="SegmentRegions"/>.
/// </summary>
public sealed class SegmentPartition
{
    internal SegmentPartition(double[] start, double[] end, IReadOnlyList<SegmentPiece> pieces)
    {
        From = start;
        To = end;
        Pieces = pieces;
    }

    /// <summary>a, the point at s = 0.</summary>
    public IReadOnlyList<double> From { get; }

    /// <summary>b, the point at s = 1.</summary>
    public IReadOnlyList<double> To { get; }

    /// <summary>The pieces (activation regions met by the segment) in order of s.</summary>
    public IReadOnlyList<SegmentPiece> Pieces { get; }

    /// <summary>The interior breakpoints: where one piece ends and the next begins (Pieces.Count − 1 of them).</summary>
    public IReadOnlyList<double> Breakpoints => Pieces.Skip(1).Select(p => p.Start).ToArray();

    /// <summary>
    /// The number of linear pieces of the function itself: consecutive activation pieces whose affine functions agree
    /// (every output's slope, and the value at the shared breakpoint, equal to within
    /// <paramref name="relativeTolerance"/> of the larger magnitude) are one linear piece. A neuron can switch without
    /// changing the function (its outgoing weight is 0, or a later layer cancels it), so this is at most
    /// <see cref="Pieces"/>.Count.
    /// </summary>
    public int CountLinearPieces(double relativeTolerance = 1e-9)
    {
        if (Pieces.Count == 0) return 0;
        // Tolerances relative to the largest slope and value met along the segment, so flat outputs compare sensibly.
        double slopeScale = 0, valueScale = 0;
        foreach (SegmentPiece piece in Pieces)
        {
            for (int j = 0; j < piece.Slopes.Length; j++)
            {
                slopeScale = Math.Max(slopeScale, Math.Abs(piece.Slopes[j]));
                valueScale = Math.Max(valueScale, Math.Max(Math.Abs(piece.Evaluate(j, piece.Start)), Math.Abs(piece.Evaluate(j, piece.End))));
            }
        }

        int count = 1;
        for (int k = 1; k < Pieces.Count; k++)
        {
            SegmentPiece left = Pieces[k - 1], right = Pieces[k];
            bool same = true;
            for (int j = 0; j < left.Slopes.Length && same; j++)
            {
                same = Math.Abs(left.Slopes[j] - right.Slopes[j]) <= relativeTolerance * slopeScale
                    && Math.Abs(left.Evaluate(j, right.Start) - right.Evaluate(j, right.Start)) <= relativeTolerance * valueScale;
            }

            if (!same) count++;
        }

        return count;
    }
}
