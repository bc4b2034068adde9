using DslNets.Erm;
using DslNets.Solvers;

namespace DslNets.Runtime.Tests.Erm;

public class ExactErmTests
{
    private static double[,] GaussianPoints(int d, int n, SeededRandom rng)
    {
        var x = new double[d, n];
        for (int j = 0; j < d; j++) for (int k = 0; k < n; k++) x[j, k] = rng.NextGaussian();
        return x;
    }

    private static double[] Row(double[,] x, int j) => Enumerable.Range(0, x.GetLength(1)).Select(k => x[j, k]).ToArray();

    // f(x) = Σᵢ aᵢ ReLU(uᵢ·x + bᵢ), parameters per unit (uᵢ, bᵢ, aᵢ).
    private static double Net(double[] theta, int n, int w, double[] x)
    {
        double f = 0;
        for (int i = 0; i < w; i++)
        {
            int o = i * (n + 2);
            double z = theta[o + n];
            for (int k = 0; k < n; k++) z += theta[o + k] * x[k];
            f += theta[o + n + 1] * Math.Max(0, z);
        }
        return f;
    }

    private static double[][] Rows(double[,] x) => Enumerable.Range(0, x.GetLength(0)).Select(j => Row(x, j)).ToArray();

    private static double SquaredLoss(double[] theta, int n, int w, double[][] x, double[] y)
    {
        double loss = 0;
        for (int j = 0; j < y.Length; j++) { double r = Net(theta, n, w, x[j]) - y[j]; loss += 0.5 * r * r; }
        return loss;
    }

    private static double[] Gradient(double[] theta, int n, int w, double[][] x, double[] y)
    {
        var g = new double[theta.Length];
        for (int j = 0; j < y.Length; j++)
        {
            var xj = x[j];
            double r = Net(theta, n, w, xj) - y[j];
            for (int i = 0; i < w; i++)
            {
                int o = i * (n + 2);
                double z = theta[o + n];
                for (int k = 0; k < n; k++) z += theta[o + k] * xj[k];
                g[o + n + 1] += r * Math.Max(0, z);
                if (z <= 0) continue;
                double a = theta[o + n + 1];
                for (int k = 0; k < n; k++) g[o + k] += r * a * xj[k];
                g[o + n] += r * a;
            }
        }
        return g;
    }

    // Plain ADAM (bias-corrected) on the full offset-free parameterisation (real output weights), for the offset-free crafted
    // instance below; the restart comparisons train the declared networks instead (NetworkErmTests).
    private static double Adam(double[] theta, int n, int w, double[,] points, double[] y, int steps, double rate)
    {
        var x = Rows(points);
        var m = new double[theta.Length];
        var v = new double[theta.Length];
        for (int t = 1; t <= steps; t++)
        {
            var g = Gradient(theta, n, w, x, y);
            for (int i = 0; i < theta.Length; i++)
            {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mh = m[i] / (1 - Math.Pow(0.9, t)), vh = v[i] / (1 - Math.Pow(0.999, t));
                theta[i] -= rate * mh / (Math.Sqrt(vh) + 1e-8);
            }
        }
        return SquaredLoss(theta, n, w, x, y);
    }

    [Fact]
    public void The_tests_gradient_matches_finite_differences()
    {
        var rng = new SeededRandom(1);
        var x = GaussianPoints(6, 2, rng);
        var y = Enumerable.Range(0, 6).Select(_ => rng.NextGaussian()).ToArray();
        var theta = Enumerable.Range(0, 8).Select(_ => rng.NextGaussian()).ToArray();
        var g = Gradient(theta, 2, 2, Rows(x), y);
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-6;
            var plus = (double[])theta.Clone(); plus[i] += h;
            var minus = (double[])theta.Clone(); minus[i] -= h;
            double fd = (SquaredLoss(plus, 2, 2, Rows(x), y) - SquaredLoss(minus, 2, 2, Rows(x), y)) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) < 1e-6 * (1 + Math.Abs(fd)), $"parameter {i}: finite difference {fd}, gradient {g[i]}");
        }
    }

    [Theory]
    [InlineData(2, 2, 10, 51)]
    [InlineData(1, 3, 8, 52)]
    public void Labels_of_a_planted_network_are_fitted_exactly(int n, int w, int d, long seed)
    {
        var rng = new SeededRandom(seed);
        var x = GaussianPoints(d, n, rng);
        var planted = Enumerable.Range(0, w * (n + 2)).Select(_ => rng.NextGaussian()).ToArray();
        var y = Enumerable.Range(0, d).Select(j => Net(planted, n, w, Row(x, j))).ToArray();
        var result = ExactErm.Solve(x, y, new ErmOptions(w));
        Assert.True(result.BestLoss <= 1e-9, $"loss {result.BestLoss}");
        for (int j = 0; j < d; j++) Assert.True(Math.Abs(result.Predict(Row(x, j)) - y[j]) < 1e-4);
        Assert.True(result.Certificate.WinnerResidual.Max < 1e-6);
        Assert.True(result.Certificate.WorstRelativeResidual < 1e-6, $"worst relative KKT residual over all programs {result.Certificate.WorstRelativeResidual}");
        Assert.Equal(ExactErm.ProgramCount(result.Certificate.SplitCount, w), result.Certificate.ProgramsSolved + result.Certificate.ProgramsPruned);
    }

    [Theory]
    [InlineData(1, 51)]
    [InlineData(2, 52)]
    public void Planted_networks_with_units_active_on_every_point_and_an_offset_are_fitted_exactly(int n, long seed)
    {
        // Pruning rule 5 drops the full split when there is an offset. The planted network has exactly what it drops: two units
        // active on every point (bias 10 against |u·x| ≲ 4), one signed −1, a third ordinary unit signed −1, and an offset.
        // A lost optimum would show as a loss above 0.
        var rng = new SeededRandom(seed);
        int d = 9, w = 3;
        var x = GaussianPoints(d, n, rng);
        var planted = Enumerable.Range(0, w * (n + 2)).Select(_ => rng.NextGaussian()).ToArray();
        planted[n] = 10; planted[n + 1] = -0.8;                   // unit 0: always active, output weight −0.8
        planted[(n + 2) + n] = 10; planted[(n + 2) + n + 1] = 1.3; // unit 1: always active, output weight +1.3
        planted[2 * (n + 2) + n] = 0.1; planted[2 * (n + 2) + n + 1] = -1.5; // unit 2: a kink through the data
        double c = 0.7;
        var y = Enumerable.Range(0, d).Select(j => Net(planted, n, w, Row(x, j)) + c).ToArray();
        for (int j = 0; j < d; j++)
            for (int i = 0; i < 2; i++)
            {
                double z = planted[i * (n + 2) + n];
                for (int k = 0; k < n; k++) z += planted[i * (n + 2) + k] * x[j, k];
                Assert.True(z > 0, "the planted units 0 and 1 must be active on every point");
            }
        // Width 3 as planted, and width 2: units 0 and 1 add up to one affine term, which one unit plus c represents. (Width 3
        // in the plane only for n = 1: the program count grows like K³.)
        foreach (int width in n == 1 ? new[] { 3, 2 } : new[] { 2 })
        {
            var result = ExactErm.Solve(x, y, new ErmOptions(width, OutputBias: true));
            Assert.True(result.BestLoss <= 1e-9, $"width {width}: loss {result.BestLoss}");
            // Rule 5 in the winner: no unit on the full split (the always-active part went to another split, as its proof says).
            Assert.DoesNotContain((1UL << d) - 1, result.Winner.Splits);
            for (int j = 0; j < d; j++) Assert.True(Math.Abs(result.Predict(Row(x, j)) - y[j]) < 1e-4);
        }
    }

    [Theory]
    [InlineData(2, 1, 7, 401)]
    [InlineData(1, 2, 7, 402)]
    public void The_offset_optimum_is_the_minimum_over_c_of_offset_free_optima_of_shifted_targets(int n, int w, int d, long seed)
    {
        // V(c) = the offset-free optimum for targets y − c is the optimum with the offset fixed at c, so min_c V(c) is the offset
        // optimum L*. Checked with the offset-free solver (no offset, no rule 5) on a grid of c: every V(c) ≥ L*, and at the
        // grid point nearest the reported c* the value is at most L* + D·δ²/2: the reported network with c moved by δ has
        // residuals rⱼ + δ, and Σⱼ rⱼ = 0 because c* is optimal (a free variable of a least-squares objective).
        var rng = new SeededRandom(seed);
        var x = GaussianPoints(d, n, rng);
        var y = Enumerable.Range(0, d).Select(_ => 3 + rng.NextGaussian()).ToArray();
        var with = ExactErm.Solve(x, y, new ErmOptions(w, OutputBias: true));
        double best = with.BestLoss, cStar = with.OutputBias;
        double residualSum = Enumerable.Range(0, d).Sum(j => with.Predict(Row(x, j)) - y[j]);
        Assert.True(Math.Abs(residualSum) < 1e-6, $"Σ residuals {residualSum}");
        const double h = 0.25;
        double nearest = double.PositiveInfinity;
        for (int step = -12; step <= 12; step++)
        {
            double c = cStar + step * h + h / 3; // off the reported c*, so the grid is not the solver's own point
            double v = ExactErm.Solve(x, y.Select(t => t - c).ToArray(), new ErmOptions(w)).BestLoss;
            Assert.True(v >= best - 1e-9, $"c = {c}: offset-free optimum {v} below the offset optimum {best}");
            if (step == 0) nearest = v;
        }
        Assert.True(nearest <= best + d * (h / 3) * (h / 3) / 2 + 1e-9, $"V(c* + h/3) = {nearest}, L* = {best}");
    }

    [Fact]
    public void Json_written_before_the_output_offset_existed_reads_as_offset_free()
    {
        var x = new double[,] { { -1 }, { 0 }, { 1 } };
        var result = ExactErm.Solve(x, [1, 0, 1], new ErmOptions(1));
        string json = ErmResultJson.Write(result);
        Assert.Contains("\"OutputBias\"", json);
        // The old format: the same without the two OutputBias fields.
        string old = System.Text.RegularExpressions.Regex.Replace(json, ",\\s*\"OutputBias\":\\s*[^,}\\s]+", "");
        Assert.DoesNotContain("OutputBias", old);
        var read = ErmResultJson.Read(old);
        Assert.False(read.HasOutputBias);
        Assert.Equal(0.0, read.OutputBias);
        Assert.Equal(result.BestLoss, read.BestLoss);
        Assert.Equal(result.DataHash, read.DataHash);
    }

    [Fact]
    public void One_input_two_units_hand_derived_optimum()
    {
        // x = −1, 0, 0, 1 with y = 0, 0, 2, 0. The two points at x = 0 force ½(f(0)² + (f(0) − 2)²) ≥ 1, with equality only
        // at f(0) = 1; so the loss is at least 1, and exactly 1 needs f(−1) = 0, f(0) = 1, f(1) = 0, which
        // ReLU(x + 1) − ReLU(2x) achieves. One unit cannot: s·ReLU(ux + b) is monotone, and 0, 1, 0 is not.
        var x = new double[,] { { -1 }, { 0 }, { 0 }, { 1 } };
        double[] y = [0, 0, 2, 0];
        var two = ExactErm.Solve(x, y, new ErmOptions(2));
        Assert.True(Math.Abs(two.BestLoss - 1) < 1e-8, $"loss {two.BestLoss}");
        Assert.True(Math.Abs(two.Predict([-1])) < 1e-4);
        Assert.True(Math.Abs(two.Predict([0]) - 1) < 1e-4);
        Assert.True(Math.Abs(two.Predict([1])) < 1e-4);
        var one = ExactErm.Solve(x, y, new ErmOptions(1));
        Assert.True(one.BestLoss > 1 + 1e-3, $"width 1 loss {one.BestLoss}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Program_count_matches_a_brute_force_count_of_canonical_configurations(bool outputBias)
    {
        // Canonical form of (signs, splits): a unit on the empty split (index 0) is signed −1, then units are sorted. With the
        // offset, configurations using the full split (index k − 1) are not enumerated at all (rule 5; its proof moves such a
        // unit to a data-dependent split, so it is checked on data in the planted test below, not here).
        foreach (int k in outputBias ? new[] { 2, 3, 5 } : new[] { 1, 2, 5 })
            foreach (int w in new[] { 1, 2, 3 })
            {
                var forms = new HashSet<string>();
                int total = (int)Math.Pow(2 * k, w);
                for (int code = 0; code < total; code++)
                {
                    var units = new List<(int Sign, int Split)>();
                    int c = code;
                    for (int i = 0; i < w; i++)
                    {
                        int sign = c % 2 == 0 ? 1 : -1; c /= 2;
                        int split = c % k; c /= k;
                        units.Add((split == 0 ? -1 : sign, split));
                    }
                    if (outputBias && units.Any(u => u.Split == k - 1)) continue;
                    forms.Add(string.Join(";", units.OrderBy(u => -u.Sign).ThenBy(u => u.Split)));
                }
                Assert.Equal(forms.Count, ExactErm.ProgramCount(k, w, outputBias));
            }
    }

    [Fact]
    public void An_output_offset_fits_a_shifted_ReLU_exactly_where_the_offset_free_model_cannot()
    {
        // y = 5 + ReLU(x) on x = −2, −1, 1, 2. Without an offset one unit s·ReLU(ux + b) is 0 wherever it is flat, and the data
        // are flat at 5 on the left, so it cannot fit; with one, c = 5 and the unit ReLU(x) fit exactly.
        var x = new double[,] { { -2 }, { -1 }, { 1 }, { 2 } };
        double[] y = [5, 5, 6, 7];
        var with = ExactErm.Solve(x, y, new ErmOptions(1, OutputBias: true));
        var without = ExactErm.Solve(x, y, new ErmOptions(1));
        Assert.True(with.BestLoss <= 1e-9, $"loss with an offset {with.BestLoss}");
        Assert.True(with.HasOutputBias);
        Assert.True(Math.Abs(with.OutputBias - 5) < 1e-4, $"offset {with.OutputBias}");
        for (int j = 0; j < 4; j++) Assert.True(Math.Abs(with.Predict([x[j, 0]]) - y[j]) < 1e-4);
        // Without the offset, by cases on g = s·ReLU(ux + b): s = −1 gives g ≤ 0 (loss ≥ ½·4·25); u ≤ 0 with s = +1 gives a
        // non-increasing g, whose best fit to increasing data is a constant (5.75: loss 1.375); u > 0 with some point inactive
        // gives g(−2) = 0 (loss ≥ 12.5); u > 0 with all active is an affine fit, least squares 0.5x + 5.75 with residuals
        // ∓0.25, ±0.25, loss 0.125, and 0.5x + 5.75 > 0 on the data so ReLU(0.5x + 5.75) attains it. The optimum is 0.125.
        Assert.True(Math.Abs(without.BestLoss - 0.125) < 1e-8, $"loss without an offset {without.BestLoss}");
        Assert.Equal(ExactErm.ProgramCount(with.Certificate.SplitCount, 1, outputBias: true), with.Certificate.ProgramsSolved + with.Certificate.ProgramsPruned);
    }

    [Theory]
    [InlineData(ErmLoss.Squared, 1)]
    [InlineData(ErmLoss.Squared, 2)]
    [InlineData(ErmLoss.Absolute, 2)]
    [InlineData(ErmLoss.Hinge, 2)]
    public void The_optimum_with_an_output_offset_is_never_above_the_one_without(ErmLoss loss, int w)
    {
        // Every offset-free network is the network with c = 0, so the minimum over the larger family can only be lower.
        // Fewer seeds for the linear programs, which take longer (a slack per point).
        for (int seed = 0; seed < (loss == ErmLoss.Squared ? 4 : 2); seed++)
        {
            var rng = new SeededRandom(300 + seed);
            int d = 7;
            var x = GaussianPoints(d, 2, rng);
            var y = Enumerable.Range(0, d).Select(_ => loss == ErmLoss.Hinge ? (rng.NextDouble() < 0.7 ? 1.0 : -1.0) : 1.5 + rng.NextGaussian()).ToArray();
            var without = ExactErm.Solve(x, y, new ErmOptions(w, loss));
            var with = ExactErm.Solve(x, y, new ErmOptions(w, loss, OutputBias: true));
            Assert.True(with.BestLoss <= without.BestLoss + 1e-9, $"seed {seed}: with offset {with.BestLoss}, without {without.BestLoss}");
            Assert.True(with.Certificate.WorstRelativeResidual < 1e-6, $"worst relative KKT residual {with.Certificate.WorstRelativeResidual}");
            Assert.Equal(ExactErm.ProgramCount(with.Certificate.SplitCount, w, outputBias: true), with.Certificate.ProgramsSolved + with.Certificate.ProgramsPruned);
            // The reported loss is the network's own, offset included.
            double direct = 0;
            for (int j = 0; j < d; j++)
            {
                double f = with.Predict(Row(x, j));
                direct += loss switch { ErmLoss.Squared => 0.5 * (f - y[j]) * (f - y[j]), ErmLoss.Absolute => Math.Abs(f - y[j]), _ => Math.Max(0, 1 - y[j] * f) };
            }
            Assert.Equal(direct, with.BestLoss, 12);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Merged_shards_equal_the_single_run(bool offset)
    {
        var rng = new SeededRandom(61);
        var x = GaussianPoints(8, 2, rng);
        var y = Enumerable.Range(0, 8).Select(_ => rng.NextGaussian()).ToArray();
        var single = ExactErm.Solve(x, y, new ErmOptions(2, OutputBias: offset));
        var shards = Enumerable.Range(0, 3).Select(i => ExactErm.Solve(x, y, new ErmOptions(2, ShardIndex: i, ShardCount: 3, MaxDegreeOfParallelism: 1, OutputBias: offset))).ToList();
        // Through JSON, as shards from different machines would arrive.
        var merged = ExactErm.Merge(shards.AsEnumerable().Reverse().Select(r => ErmResultJson.Read(ErmResultJson.Write(r))));
        // Which programs the lower bound skips depends on thread timing; solved + skipped is the full count.
        long total = ExactErm.ProgramCount(single.Certificate.SplitCount, 2, offset);
        Assert.Equal(total, single.Certificate.ProgramsSolved + single.Certificate.ProgramsPruned);
        Assert.Equal(total, merged.Certificate.ProgramsSolved + merged.Certificate.ProgramsPruned);
        Assert.Equal(total, shards.Sum(s => s.Certificate.ProgramsSolved + s.Certificate.ProgramsPruned));
        Assert.Equal(single.BestLoss, merged.BestLoss);
        Assert.Equal(single.Winner.Task, merged.Winner.Task);
        Assert.Equal(single.Winner.Ordinal, merged.Winner.Ordinal);
        Assert.Equal(single.Winner.Parameters, merged.Winner.Parameters);
        Assert.Equal(single.OutputBias, merged.OutputBias);
        Assert.Equal(offset, merged.HasOutputBias);
        Assert.Equal(single.RunnerUp!.Loss, merged.RunnerUp!.Loss);
        Assert.Equal(single.RunnerUp.Task, merged.RunnerUp.Task);
        Assert.Equal(single.Certificate.RunnerUpLoss, merged.Certificate.RunnerUpLoss);
        Assert.True(merged.Certificate.Merged);
        Assert.True(merged.Certificate.WorstRelativeResidual < 1e-6, $"worst relative KKT residual over all programs {merged.Certificate.WorstRelativeResidual}");
        // The winner is the best of the shards' winners.
        Assert.Equal(shards.Min(s => s.BestLoss), merged.BestLoss);
        var missing = Assert.Throws<ArgumentException>(() => ExactErm.Merge(shards.Take(2)));
        Assert.Contains("missing 2", missing.Message);
        Assert.Throws<ArgumentException>(() => ExactErm.Merge([shards[0], shards[0], shards[1]]));
        var otherData = ExactErm.Solve(x, y.Select(v => v + 1).ToArray(), new ErmOptions(2, ShardIndex: 2, ShardCount: 3, OutputBias: offset));
        Assert.Contains("fingerprint", Assert.Throws<ArgumentException>(() => ExactErm.Merge([shards[0], shards[1], otherData])).Message);
        var otherModel = ExactErm.Solve(x, y, new ErmOptions(2, ShardIndex: 2, ShardCount: 3, OutputBias: !offset));
        Assert.Contains("output bias", Assert.Throws<ArgumentException>(() => ExactErm.Merge([shards[0], shards[1], otherModel])).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Skipping_programs_by_the_least_squares_bound_changes_neither_winner_nor_runner_up(bool offset)
    {
        // With the offset the bound must project onto the constant column too; leaving it out would overestimate the bound.
        var rng = new SeededRandom(121);
        var x = GaussianPoints(9, 2, rng);
        var y = Enumerable.Range(0, 9).Select(_ => (offset ? 2 : 0) + rng.NextGaussian()).ToArray();
        var full = ExactErm.Solve(x, y, new ErmOptions(2, SkipByLowerBound: false, OutputBias: offset));
        var pruned = ExactErm.Solve(x, y, new ErmOptions(2, OutputBias: offset));
        Assert.Equal(0, full.Certificate.ProgramsPruned);
        Assert.True(pruned.Certificate.ProgramsPruned > 0);
        Assert.Equal(full.BestLoss, pruned.BestLoss);
        Assert.Equal((full.Winner.Task, full.Winner.Ordinal), (pruned.Winner.Task, pruned.Winner.Ordinal));
        Assert.Equal((full.RunnerUp!.Task, full.RunnerUp.Ordinal), (pruned.RunnerUp!.Task, pruned.RunnerUp.Ordinal));
    }

    [Fact]
    public void Crafted_instance_where_gradient_training_stays_strictly_above_the_optimum()
    {
        // x = −2, −1, 1, 2, y = 2, 1, 2, 4, one unit. Started with the unit alive only on the left (u < 0), the right points
        // give no gradient; ADAM fits the left pair exactly and stays at ½(2² + 4²) = 10, a local minimum (the pattern is
        // locally constant and the left fit exact). The constant 2.25 already scores ½(0.0625 + 1.5625 + 0.0625 + 3.0625) = 2.375.
        var x = new double[,] { { -2 }, { -1 }, { 1 }, { 2 } };
        double[] y = [2, 1, 2, 4];
        var exact = ExactErm.Solve(x, y, new ErmOptions(1));
        Assert.True(exact.BestLoss <= 2.375 + 1e-9);
        double[] theta = [-1.0, 0.2, 1.0]; // (u, b, a)
        double trained = Adam(theta, 1, 1, x, y, 5000, 0.01);
        Assert.True(Math.Abs(trained - 10) < 1e-3, $"ADAM ended at {trained}");
        Assert.True(trained > exact.BestLoss + 7);
    }

    private static double LpValueBySimplex(double[,] x, double[] y, ErmCandidate winner, ErmLoss loss, bool offset)
    {
        // The winner's program rebuilt independently: variables (u, b) per unit (free), the offset c (free; fixed at 0 by
        // bounds without an offset) and tⱼ ≥ 0.
        int d = y.Length, n = x.GetLength(1), w = winner.Signs.Length, nv = w * (n + 1) + 1;
        var rows = new List<(double[] Row, double Rhs)>();
        for (int i = 0; i < w; i++)
            for (int j = 0; j < d; j++)
            {
                var r = new double[nv + d];
                double side = (winner.Splits[i] >> j & 1UL) != 0 ? -1 : 1;
                for (int k = 0; k < n; k++) r[i * (n + 1) + k] = side * x[j, k];
                r[i * (n + 1) + n] = side;
                rows.Add((r, 0));
            }
        for (int j = 0; j < d; j++)
        {
            var phi = new double[nv + d];
            for (int i = 0; i < w; i++)
                if ((winner.Splits[i] >> j & 1UL) != 0)
                {
                    for (int k = 0; k < n; k++) phi[i * (n + 1) + k] = winner.Signs[i] * x[j, k];
                    phi[i * (n + 1) + n] = winner.Signs[i];
                }
            phi[nv - 1] = 1;
            var r1 = phi.Select(v => loss == ErmLoss.Hinge ? -y[j] * v : v).ToArray();
            r1[nv + j] = -1;
            rows.Add((r1, loss == ErmLoss.Hinge ? -1 : y[j]));
            if (loss == ErmLoss.Absolute)
            {
                var r2 = phi.Select(v => -v).ToArray();
                r2[nv + j] = -1;
                rows.Add((r2, -y[j]));
            }
        }
        var a = new double[rows.Count, nv + d];
        for (int i = 0; i < rows.Count; i++) for (int k = 0; k < nv + d; k++) a[i, k] = rows[i].Row[k];
        var c = Enumerable.Range(0, nv + d).Select(k => k < nv ? 0.0 : 1.0).ToArray();
        var lower = Enumerable.Range(0, nv + d).Select(k => k < nv ? double.NegativeInfinity : 0.0).ToArray();
        var upper = Enumerable.Repeat(double.PositiveInfinity, nv + d).ToArray();
        if (!offset) { lower[nv - 1] = 0; upper[nv - 1] = 0; }
        var lp = SimplexSolver.Solve(new LinearProgram(c, a, rows.Select(r => r.Rhs).ToArray(), lower: lower, upper: upper));
        Assert.Equal(SolverStatus.Optimal, lp.Status);
        return lp.ObjectiveValue;
    }

    [Theory]
    [InlineData(ErmLoss.Absolute, false)]
    [InlineData(ErmLoss.Hinge, false)]
    [InlineData(ErmLoss.Absolute, true)]
    [InlineData(ErmLoss.Hinge, true)]
    public void Linear_losses_agree_with_the_simplex_on_the_winning_program(ErmLoss loss, bool offset)
    {
        var rng = new SeededRandom(81);
        var x = GaussianPoints(7, 2, rng);
        var y = Enumerable.Range(0, 7).Select(_ => loss == ErmLoss.Hinge ? (rng.NextDouble() < 0.5 ? -1.0 : 1.0) : rng.NextGaussian()).ToArray();
        var result = ExactErm.Solve(x, y, new ErmOptions(1, loss, OutputBias: offset));
        double simplex = LpValueBySimplex(x, y, result.Winner, loss, offset);
        Assert.True(Math.Abs(simplex - result.BestLoss) < 1e-6, $"simplex {simplex}, ERM {result.BestLoss}");
        // The loss reported is the network's own.
        double direct = 0;
        for (int j = 0; j < 7; j++)
        {
            double f = result.Predict(Row(x, j));
            direct += loss == ErmLoss.Hinge ? Math.Max(0, 1 - y[j] * f) : Math.Abs(f - y[j]);
        }
        Assert.Equal(direct, result.BestLoss, 12);
    }

    [Fact]
    public void Hinge_loss_of_labels_from_a_planted_unit_is_zero()
    {
        var rng = new SeededRandom(91);
        var x = GaussianPoints(8, 2, rng);
        double[] planted = [1.3, -0.7, 0.2, 1]; // u, b, a: the labels sign(ReLU(u·x + b) − ½)
        var y = Enumerable.Range(0, 8).Select(j => Net(planted, 2, 1, Row(x, j)) > 0.5 ? 1.0 : -1.0).ToArray();
        Assert.Contains(1.0, y);
        Assert.Contains(-1.0, y);
        // With c = 1 / minⱼ |ReLU(u·xⱼ + b) − ½|, the width-2 net c·ReLU(u·x + b) − ReLU(0·x + c/2) has margin ≥ 1 on every
        // point, so the exact width-2 hinge loss is 0.
        var result = ExactErm.Solve(x, y, new ErmOptions(2, ErmLoss.Hinge));
        Assert.True(result.BestLoss <= 1e-7, $"hinge loss {result.BestLoss}");
        for (int j = 0; j < 8; j++) Assert.True(y[j] * result.Predict(Row(x, j)) >= 1 - 1e-6);
    }

    private static LayerInfo Dense(string name, int inputs, int outputs, Activation activation, int weightOffset, int biasOffset) =>
        new(name, LayerKind.Dense, inputs, outputs, activation, 0.01, weightOffset, inputs * outputs, biasOffset,
            biasOffset < 0 ? 0 : outputs, null, 0, 0, 0, -1);

    [Fact]
    public void LoadInto_writes_a_network_that_computes_the_same_function()
    {
        var rng = new SeededRandom(101);
        var x = GaussianPoints(8, 2, rng);
        var y = Enumerable.Range(0, 8).Select(_ => 2 + rng.NextGaussian()).ToArray();
        var result = ExactErm.Solve(x, y, new ErmOptions(2, OutputBias: true));
        Assert.NotEqual(0.0, result.OutputBias);
        // Layout: hidden weights 2×2 at 3, hidden bias at 7, output weights at 9, output bias at 11 (gaps hold sentinels).
        var hidden = Dense("Hidden", 2, 2, Activation.ReLU, 3, 7);
        var output = Dense("Output", 2, 1, Activation.Identity, 9, 11);
        var parameters = Enumerable.Repeat(42.0, 13).ToArray();
        result.LoadInto<double>(parameters, hidden, output);
        Assert.Equal(42.0, parameters[0]);
        Assert.Equal(42.0, parameters[12]);
        Assert.Equal(result.OutputBias, parameters[11]);
        var floats = new float[13];
        result.LoadInto<float>(floats, hidden, output);
        for (int j = 0; j < 8; j++)
        {
            // The forward pass of the declared layout, written out: out = Σᵢ W₂[i]·ReLU(W₁[i,:]·x + b₁[i]) + b₂.
            double f = parameters[11], g = floats[11];
            for (int i = 0; i < 2; i++)
            {
                double z = parameters[7 + i], zf = floats[7 + i];
                for (int k = 0; k < 2; k++) { z += parameters[3 + i * 2 + k] * x[j, k]; zf += floats[3 + i * 2 + k] * x[j, k]; }
                f += parameters[9 + i] * Math.Max(0, z);
                g += floats[9 + i] * Math.Max(0, zf);
            }
            Assert.Equal(result.Predict(Row(x, j)), f, 12);
            Assert.Equal(result.Predict(Row(x, j)), g, 4);
        }
        Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(1.0, Math.Abs(parameters[9 + i])));
    }

    [Fact]
    public void LoadInto_rejects_layers_of_the_wrong_kind_or_shape()
    {
        var x = new double[,] { { -1 }, { 0 }, { 1 } };
        var result = ExactErm.Solve(x, [1, 0, 1], new ErmOptions(2));
        var parameters = new double[10];
        var wrongActivation = Assert.Throws<ArgumentException>(() => result.LoadInto<double>(parameters,
            Dense("Hidden", 1, 2, Activation.Tanh, 0, 2), Dense("Out", 2, 1, Activation.Identity, 4, -1)));
        Assert.Contains("ReLU", wrongActivation.Message);
        var wrongWidth = Assert.Throws<ArgumentException>(() => result.LoadInto<double>(parameters,
            Dense("Hidden", 1, 3, Activation.ReLU, 0, 3), Dense("Out", 3, 1, Activation.Identity, 6, -1)));
        Assert.Contains("2 units", wrongWidth.Message);
        var outside = Assert.Throws<ArgumentException>(() => result.LoadInto<double>(new double[5],
            Dense("Hidden", 1, 2, Activation.ReLU, 0, 2), Dense("Out", 2, 1, Activation.Identity, 4, -1)));
        Assert.Contains("length 5", outside.Message);
        // A minimiser without an offset is not one over a network with an output bias, and one with an offset needs the bias.
        var noOffset = Assert.Throws<ArgumentException>(() => result.LoadInto<double>(parameters,
            Dense("Hidden", 1, 2, Activation.ReLU, 0, 2), Dense("Out", 2, 1, Activation.Identity, 4, 6)));
        Assert.Contains("without", noOffset.Message);
        Assert.Contains("'Out'", noOffset.Message);
        var withOffset = ExactErm.Solve(x, [1, 0, 1], new ErmOptions(2, OutputBias: true));
        var noBias = Assert.Throws<ArgumentException>(() => withOffset.LoadInto<double>(parameters,
            Dense("Hidden", 1, 2, Activation.ReLU, 0, 2), Dense("Out", 2, 1, Activation.Identity, 4, -1)));
        Assert.Contains("to have a bias", noBias.Message);
    }

    [Fact]
    public void Dropping_redundant_cone_constraints_leaves_the_cone_unchanged()
    {
        var rng = new SeededRandom(111);
        int d = 15, n = 2, b = n + 1;
        var x = GaussianPoints(d, n, rng);
        var lifted = new double[d * b];
        for (int j = 0; j < d; j++) { lifted[j * b] = x[j, 0]; lifted[j * b + 1] = x[j, 1]; lifted[j * b + 2] = 1; }
        var splits = HyperplaneSplits.Enumerate(x);
        foreach (ulong mask in splits.Where((_, i) => i % 7 == 3))
        {
            var kept = ExactErm.IrredundantPoints(lifted, d, b, mask);
            Assert.True(kept.Length < d);
            bool Inside(double[] z, IEnumerable<int> rows) => rows.All(j =>
            {
                double v = lifted[j * b] * z[0] + lifted[j * b + 1] * z[1] + lifted[j * b + 2] * z[2];
                return (mask >> j & 1UL) != 0 ? v >= -1e-12 : v <= 1e-12;
            });
            int insideKept = 0;
            for (int trial = 0; trial < 20_000; trial++)
            {
                double[] z = [rng.NextGaussian(), rng.NextGaussian(), rng.NextGaussian()];
                if (!Inside(z, kept)) continue;
                insideKept++;
                Assert.True(Inside(z, Enumerable.Range(0, d)), "a point of the reduced cone violates a dropped constraint");
            }
            // Every kept constraint matters: without it the cone grows (found by a Chebyshev ball outside it).
            foreach (int r in kept)
            {
                var others = kept.Where(j => j != r).ToArray();
                var a = new double[others.Length + 1, b];
                for (int i = 0; i < others.Length; i++)
                {
                    double s = (mask >> others[i] & 1UL) != 0 ? -1 : 1;
                    for (int t = 0; t < b; t++) a[i, t] = s * lifted[others[i] * b + t];
                }
                double sr = (mask >> r & 1UL) != 0 ? 1 : -1; // the reversed constraint of row r
                for (int t = 0; t < b; t++) a[others.Length, t] = sr * lifted[r * b + t];
                var ball = DslNets.Solvers.ChebyshevCenter.Find(a, new double[others.Length + 1], lower: [-1, -1, -1], upper: [1, 1, 1]);
                Assert.True(ball.HasInterior(), $"kept row {r} is implied by the others");
            }
        }
    }

    [Fact]
    public void Malformed_shard_files_are_rejected_with_a_clear_message()
    {
        Assert.Contains("JSON", Assert.Throws<FormatException>(() => ErmResultJson.Read("{ not json")).Message);
        Assert.Contains("winner", Assert.Throws<FormatException>(() => ErmResultJson.Read("{}")).Message);
    }

    [Fact]
    public void Bad_options_and_data_are_rejected()
    {
        var x = new double[,] { { 0 }, { 1 } };
        Assert.Contains("−1 or +1", Assert.Throws<ArgumentException>(() => ExactErm.Solve(x, [0.5, 1], new ErmOptions(1, ErmLoss.Hinge))).Message);
        Assert.Contains("shard 3 of 3", Assert.Throws<ArgumentOutOfRangeException>(() => ExactErm.Solve(x, [0, 1], new ErmOptions(1, ShardIndex: 3, ShardCount: 3))).Message);
        Assert.Contains("2 targets", Assert.Throws<ArgumentException>(() => ExactErm.Solve(x, [0], new ErmOptions(1))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactErm.Solve(x, [0, 1], new ErmOptions(0)));
    }
}
