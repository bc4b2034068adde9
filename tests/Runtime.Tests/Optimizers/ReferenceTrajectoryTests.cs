namespace DslNets.Runtime.Tests.Optimizers;

/// <summary>The C# optimisers replay PyTorch's (and, for the paper forms, an independent NumPy) trajectories.</summary>
public class ReferenceTrajectoryTests
{
    public static TheoryData<string> CaseKeys()
    {
        var data = new TheoryData<string>();
        foreach (string key in ReferenceTrajectories.Instance.Cases.Keys.Order(StringComparer.Ordinal)) data.Add(key);
        return data;
    }

    [Fact]
    public void TheReferenceFileCoversEveryOptimiserOnBothProblems()
    {
        var cases = ReferenceTrajectories.Instance.Cases.Values.ToList();
        Assert.Equal(20, ReferenceTrajectories.Instance.Steps);
        Assert.StartsWith("1.13", ReferenceTrajectories.Instance.TorchVersion);
        foreach (string optimizer in new[] { "sgd", "nag", "rmsprop", "adam", "dmu_rmsprop", "dmu_adam" })
            foreach (string problem in new[] { "quadratic", "fixed_gradients" })
                Assert.Contains(cases, c => c.Optimizer == optimizer && c.Problem == problem);
        Assert.All(cases, c => Assert.Equal(20, c.Trajectory.Length));
    }

    [Theory]
    [MemberData(nameof(CaseKeys))]
    public void DoubleTrajectoryMatchesTheReferenceToOneInAMillion(string key)
    {
        ReferenceCase c = ReferenceTrajectories.Instance.Cases[key];
        double[][] actual = ReferenceTrajectories.Instance.Run<double>(c);
        for (int t = 0; t < c.Trajectory.Length; t++)
        {
            for (int i = 0; i < c.Trajectory[t].Length; i++)
            {
                double expected = c.Trajectory[t][i];
                double error = Math.Abs(actual[t][i] - expected);
                Assert.True(error <= 1e-6 * Math.Abs(expected) + 1e-12,
                    $"{key} ({c.Source}): step {t + 1}, parameter {i}: expected {expected:R} but got {actual[t][i]:R} (error {error:E2}).");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CaseKeys))]
    public void SinglePrecisionStaysCloseToTheDoubleReference(string key)
    {
        ReferenceCase c = ReferenceTrajectories.Instance.Cases[key];
        float[][] actual = ReferenceTrajectories.Instance.Run<float>(c);
        double[] expected = c.Trajectory[^1];
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[^1][i] - expected[i]) <= 1e-4 * scale,
                $"{key}: parameter {i} after 20 steps in float: expected ≈ {expected[i]:R} but got {actual[^1][i]:R}.");
    }
}
