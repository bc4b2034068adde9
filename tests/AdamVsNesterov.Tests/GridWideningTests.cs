using AdamVsNesterov;

namespace DslNets.AdamVsNesterov.Tests;

/// <summary>Edge detection and the widening step on hand-made grids.</summary>
public class GridWideningTests
{
    private static OptimizerSpec[] PaperAdamGrid(params double[] alphas) =>
        [.. alphas.SelectMany(alpha => new[] { Fake.Spec(OptimizerFamily.Adam099, alpha, xi: 1e-4), Fake.Spec(OptimizerFamily.Adam099, alpha, xi: 1e-2) })];

    [Theory]
    [InlineData(3e-3, true, 1e-2)]
    [InlineData(1e-2, true, 3e-2)]
    [InlineData(3e-4, false, 1e-4)]
    [InlineData(1e-4, false, 3e-5)]
    [InlineData(5e-3, true, 1e-2)]
    [InlineData(5e-3, false, 3e-3)]
    public void Alpha_moves_along_the_one_three_ladder(double edge, bool upward, double expected) =>
        // Exactly the double the literal gives, so a widened point equals one typed in --adaptive-rates.
        Assert.Equal(expected, GridWidening.Beyond(edge, upward, Ladder.OneThree));

    [Theory]
    [InlineData(1e-2, true, 1e-1)]
    [InlineData(1e-4, false, 1e-5)]
    [InlineData(3e-3, true, 1e-2)]
    public void Xi_moves_by_decades(double edge, bool upward, double expected) =>
        Assert.Equal(expected, GridWidening.Beyond(edge, upward, Ladder.Decade));

    [Fact]
    public void Edges_are_found_on_both_axes_and_an_interior_value_is_none()
    {
        OptimizerSpec[] grid = PaperAdamGrid(3e-4, 1e-3, 3e-3);
        Assert.Equal(new GridEdges(false, true, true, false), GridWidening.Edges(grid, Fake.Spec(OptimizerFamily.Adam099, 3e-3, xi: 1e-4)));
        Assert.Equal(new GridEdges(true, false, false, true), GridWidening.Edges(grid, Fake.Spec(OptimizerFamily.Adam099, 3e-4, xi: 1e-2)));
        GridEdges interior = GridWidening.Edges(grid, Fake.Spec(OptimizerFamily.Adam099, 1e-3, xi: 1e-2));
        Assert.False(interior.Alpha);
        Assert.True(interior.XiHigh);
        // The bias-corrected ADAM's ε is fixed, not an axis: never "at an edge".
        OptimizerSpec standard = Fake.Spec(OptimizerFamily.StandardAdam099, 1e-3, xi: 1e-8);
        Assert.False(GridWidening.Edges([standard, standard with { LearningRate = 3e-3 }, standard with { LearningRate = 3e-4 }], standard).Xi);
    }

    [Fact]
    public void Widening_an_upper_alpha_edge_adds_the_next_step_with_every_xi()
    {
        OptimizerSpec[] grid = PaperAdamGrid(3e-4, 1e-3, 3e-3);
        IReadOnlyList<OptimizerSpec> added = GridWidening.Widen(grid, Fake.Spec(OptimizerFamily.Adam099, 3e-3, xi: 1e-4), widenXi: false);
        Assert.Equal(PaperAdamGrid(1e-2), added);
        Assert.Empty(GridWidening.Widen(grid, Fake.Spec(OptimizerFamily.Adam099, 1e-3, xi: 1e-4), widenXi: false));
    }

    [Fact]
    public void Widening_xi_too_keeps_the_grid_a_product()
    {
        OptimizerSpec[] grid = PaperAdamGrid(3e-4, 1e-3, 3e-3);
        IReadOnlyList<OptimizerSpec> added = GridWidening.Widen(grid, Fake.Spec(OptimizerFamily.Adam099, 3e-3, xi: 1e-4), widenXi: true);
        // α = 1e-2 with ξ ∈ {1e-4, 1e-2}, and ξ = 1e-5 with α ∈ {3e-4, 1e-3, 3e-3, 1e-2}: the corner is there.
        Assert.Equal(6, added.Count);
        Assert.Contains(Fake.Spec(OptimizerFamily.Adam099, 1e-2, xi: 1e-5), added);
        Assert.Equal([3e-4, 1e-3, 3e-3, 1e-2], added.Where(s => s.Xi == 1e-5).Select(s => s.LearningRate).Order());
    }

    [Fact]
    public void A_single_step_is_at_both_edges_and_widens_both_ways()
    {
        OptimizerSpec[] grid = [Fake.Spec(OptimizerFamily.Nesterov, 1e-2, momentum: 0.9), Fake.Spec(OptimizerFamily.Nesterov, 1e-2, momentum: 0.99)];
        IReadOnlyList<OptimizerSpec> added = GridWidening.Widen(grid, grid[0], widenXi: true);
        Assert.Equal(
            [(3e-3, 0.9), (3e-3, 0.99), (3e-2, 0.9), (3e-2, 0.99)],
            added.Select(s => (s.LearningRate, s.Momentum)).OrderBy(p => p.LearningRate).ThenBy(p => p.Momentum));
    }
}
