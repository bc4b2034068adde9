using System.Globalization;

namespace AdamVsNesterov;

/// <summary>Which edges of its family's grid a tuned configuration sits on.</summary>
/// <param name="AlphaLow">Its step α is the smallest the family tried.</param>
/// <param name="AlphaHigh">Its step α is the largest the family tried.</param>
/// <param name="XiLow">Its ξ is the smallest the family tried (families with a ξ axis only).</param>
/// <param name="XiHigh">Its ξ is the largest the family tried.</param>
internal readonly record struct GridEdges(bool AlphaLow, bool AlphaHigh, bool XiLow, bool XiHigh)
{
    /// <summary>Whether α sits on an edge.</summary>
    public bool Alpha => AlphaLow || AlphaHigh;

    /// <summary>Whether ξ sits on an edge.</summary>
    public bool Xi => XiLow || XiHigh;

    /// <summary>"α at upper edge, ξ at lower edge" and the like; empty when interior.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Alpha) parts.Add($"α at {Side(AlphaLow, AlphaHigh)} edge");
        if (Xi) parts.Add($"ξ at {Side(XiLow, XiHigh)} edge");
        return string.Join(", ", parts);
    }

    private static string Side(bool low, bool high) => low && high ? "only value, both" : low ? "lower" : "upper";
}

/// <summary>
/// Edge detection and the widening step. A tuned configuration whose α (or ξ) is the smallest or largest of its
/// family's grid in that setting is not bracketed: the grid gains the next value beyond that edge, combined with
/// every configuration of the family at the edge value (so the grid stays a product). α moves along the 1–3 ladder
/// (…, 1e-3, 3e-3, 1e-2, …: a factor of 3 or 10/3, the spacing of the default grids); ξ by a factor of 10.
/// </summary>
internal static class GridWidening
{
    /// <summary>Which edges <paramref name="tuned"/> sits on in <paramref name="familyGrid"/> (its family's configurations).</summary>
    public static GridEdges Edges(IEnumerable<OptimizerSpec> familyGrid, OptimizerSpec tuned)
    {
        OptimizerSpec[] grid = familyGrid.Where(s => s.Family == tuned.Family).ToArray();
        double[] steps = grid.Select(s => s.LearningRate).ToArray();
        bool alphaLow = tuned.LearningRate <= steps.Min(), alphaHigh = tuned.LearningRate >= steps.Max();
        if (!tuned.HasXiAxis) return new GridEdges(alphaLow, alphaHigh, false, false);
        double[] xis = grid.Select(s => s.Xi).ToArray();
        return new GridEdges(alphaLow, alphaHigh, tuned.Xi <= xis.Min(), tuned.Xi >= xis.Max());
    }

    /// <summary>
    /// The configurations that widen <paramref name="familyGrid"/> past the edges <paramref name="tuned"/> sits on
    /// (α always; ξ when <paramref name="widenXi"/>), none already in the grid. Empty when it is interior.
    /// </summary>
    public static IReadOnlyList<OptimizerSpec> Widen(IReadOnlyList<OptimizerSpec> familyGrid, OptimizerSpec tuned, bool widenXi)
    {
        OptimizerSpec[] grid = familyGrid.Where(s => s.Family == tuned.Family).ToArray();
        GridEdges edges = Edges(grid, tuned);
        var added = new List<OptimizerSpec>();
        void Add(IEnumerable<OptimizerSpec> candidates)
        {
            foreach (OptimizerSpec spec in candidates)
            {
                if (!grid.Contains(spec) && !added.Contains(spec)) added.Add(spec);
            }
        }

        double lowAlpha = grid.Min(s => s.LearningRate), highAlpha = grid.Max(s => s.LearningRate);
        if (edges.AlphaLow) Add(grid.Where(s => s.LearningRate == lowAlpha).Select(s => s with { LearningRate = Beyond(lowAlpha, upward: false, Ladder.OneThree) }));
        if (edges.AlphaHigh) Add(grid.Where(s => s.LearningRate == highAlpha).Select(s => s with { LearningRate = Beyond(highAlpha, upward: true, Ladder.OneThree) }));
        if (widenXi && edges.Xi)
        {
            // From the α-widened grid too, so the corner (new α, new ξ) is not missing.
            OptimizerSpec[] wider = [.. grid, .. added];
            double lowXi = grid.Min(s => s.Xi), highXi = grid.Max(s => s.Xi);
            if (edges.XiLow) Add(wider.Where(s => s.Xi == lowXi).Select(s => s with { Xi = Beyond(lowXi, upward: false, Ladder.Decade) }));
            if (edges.XiHigh) Add(wider.Where(s => s.Xi == highXi).Select(s => s with { Xi = Beyond(highXi, upward: true, Ladder.Decade) }));
        }

        return added;
    }

    /// <summary>
    /// The configurations that widen <paramref name="familyGrid"/> when every one of them diverged for some seed, so the
    /// family has no tuned configuration to bracket: its smallest step α moves one rung down the 1–3 ladder, with each of
    /// the other values at that step (smaller steps are the ones that can stop a divergence). Empty for an empty grid.
    /// </summary>
    public static IReadOnlyList<OptimizerSpec> WidenBelowDivergence(IReadOnlyList<OptimizerSpec> familyGrid)
    {
        if (familyGrid.Count == 0) return [];
        double lowAlpha = familyGrid.Min(s => s.LearningRate), lower = Beyond(lowAlpha, upward: false, Ladder.OneThree);
        return familyGrid.Where(s => s.LearningRate == lowAlpha).Select(s => s with { LearningRate = lower }).Where(s => !familyGrid.Contains(s)).Distinct().ToList();
    }

    /// <summary>
    /// The nearest point of <paramref name="ladder"/> strictly beyond <paramref name="edge"/>, parsed from its decimal
    /// form ("3e-2") so that it is the same double a user typing it gets.
    /// </summary>
    public static double Beyond(double edge, bool upward, Ladder ladder)
    {
        if (!(edge > 0) || !double.IsFinite(edge)) throw new ArgumentOutOfRangeException(nameof(edge), edge, "Expected a positive finite grid value.");
        int[] mantissas = ladder == Ladder.OneThree ? [1, 3] : [1];
        int exponent = (int)Math.Floor(Math.Log10(edge));
        var points = new List<double>();
        for (int e = exponent - 2; e <= exponent + 2; e++)
        {
            foreach (int m in mantissas) points.Add(double.Parse(string.Create(CultureInfo.InvariantCulture, $"{m}e{e}"), CultureInfo.InvariantCulture));
        }

        // A relative margin, so that an edge of 3e-3 typed by the user does not find itself as "beyond".
        return upward ? points.Where(p => p > edge * (1 + 1e-9)).Min() : points.Where(p => p < edge * (1 - 1e-9)).Max();
    }
}

/// <summary>The values a grid axis widens along.</summary>
internal enum Ladder
{
    /// <summary>1 and 3 times the powers of ten.</summary>
    OneThree,

    /// <summary>The powers of ten.</summary>
    Decade,
}
