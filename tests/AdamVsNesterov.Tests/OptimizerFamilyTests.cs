using AdamVsNesterov;
using DslNets.Optimizers;

namespace DslNets.AdamVsNesterov.Tests;

/// <summary>The grid's families: the bias-corrected ADAM against a hand-computed step, and the default grid's make-up.</summary>
public class OptimizerFamilyTests
{
    [Fact]
    public void The_bias_corrected_family_takes_pytorchs_adam_steps()
    {
        const double alpha = 0.01, beta1 = 0.99, beta2 = 0.999, epsilon = 1e-8;
        var spec = new OptimizerSpec(OptimizerFamily.StandardAdam099, alpha, beta1, beta2, epsilon, 0);
        IOptimizer<float> optimizer = spec.Create(2);
        Assert.IsType<Adam<float>>(optimizer);
        double[] theta = [0.5, -1.0], g1 = [0.2, -0.4], g2 = [0.1, 0.3];
        float[] parameters = [0.5f, -1.0f];
        optimizer.Step(parameters, [0.2f, -0.4f]);
        optimizer.Step(parameters, [0.1f, 0.3f]);

        for (int i = 0; i < 2; i++)
        {
            // Step 1: m̂ = g₁, v̂ = g₁², so θ moves by α·g₁/(|g₁| + ε).
            double afterOne = theta[i] - alpha * g1[i] / (Math.Abs(g1[i]) + epsilon);
            // Step 2: m = β₁(1 − β₁)g₁ + (1 − β₁)g₂, v = β₂(1 − β₂)g₁² + (1 − β₂)g₂², each divided by 1 − β².
            double m = beta1 * (1 - beta1) * g1[i] + (1 - beta1) * g2[i];
            double v = beta2 * (1 - beta2) * g1[i] * g1[i] + (1 - beta2) * g2[i] * g2[i];
            double expected = afterOne - alpha * (m / (1 - beta1 * beta1)) / (Math.Sqrt(v / (1 - beta2 * beta2)) + epsilon);
            Assert.Equal(expected, parameters[i], 5);
        }
    }

    [Fact]
    public void The_papers_form_has_no_bias_correction_so_its_first_step_is_much_shorter()
    {
        // Paper: x₁ = x₀ − α(1 − β₁)g / (√((1 − β₂)g²) + ξ); bias-corrected: x₁ = x₀ − α·g/(|g| + ε).
        const double alpha = 0.01, g = 0.2, xi = 1e-2;
        float[] paper = [0.5f], corrected = [0.5f];
        new OptimizerSpec(OptimizerFamily.Adam099, alpha, 0.99, 0.999, xi, 0).Create(1).Step(paper, [(float)g]);
        new OptimizerSpec(OptimizerFamily.StandardAdam099, alpha, 0.99, 0.999, 1e-8, 0).Create(1).Step(corrected, [(float)g]);
        Assert.Equal(0.5 - alpha * 0.01 * g / (Math.Sqrt(0.001 * g * g) + xi), paper[0], 6);
        Assert.Equal(0.5 - alpha, corrected[0], 6);
    }

    [Fact]
    public void The_default_grid_holds_six_families()
    {
        IReadOnlyList<OptimizerSpec> grid = OptimizerSpec.Grid([3e-4, 1e-3, 3e-3], 0.999, [1e-4, 1e-2], [1e-8], [3e-3, 1e-2], [0.9, 0.99]);
        var counts = grid.GroupBy(s => s.Family).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(6, counts[OptimizerFamily.Adam099]);
        Assert.Equal(6, counts[OptimizerFamily.Adam09]);
        Assert.Equal(6, counts[OptimizerFamily.RmsProp]);
        Assert.Equal(3, counts[OptimizerFamily.StandardAdam099]);
        Assert.Equal(3, counts[OptimizerFamily.StandardAdam09]);
        Assert.Equal(4, counts[OptimizerFamily.Nesterov]);
        Assert.All(grid.Where(s => s.Family == OptimizerFamily.StandardAdam099), s => Assert.Equal((0.99, 1e-8), (s.Beta1, s.Xi)));
        Assert.Equal(grid.Count, grid.Distinct().Count());
    }

    [Fact]
    public void Budgets_give_defaults_that_explicit_options_override()
    {
        Assert.Equal(new StudyBudget("full", 10_000, 1_000, 30, 3), StudyBudget.Parse("full"));
        Assert.Equal(3, StudyBudget.Parse("short").Seeds);
        Assert.Equal(new StudyBudget("full", 10_000, 50, 30, 3), StudyBudget.Full.Override(null, 50, null, null));
        Assert.Equal(new StudyBudget("short", 300, 10, 2, 5), StudyBudget.Short.Override(300, null, 2, 5));
        Assert.Throws<ArgumentException>(() => StudyBudget.Parse("long"));
    }
}
