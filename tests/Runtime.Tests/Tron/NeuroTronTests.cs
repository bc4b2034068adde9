using DslNets.Tron;

namespace DslNets.Runtime.Tests.Tron;

public class NeuroTronTests
{
    private const int N = 100, R = 25, K = 10, B = 16;

    [Fact]
    public void FactoredForwardEqualsTheGeneratedNetworkAndTheDefinition()
    {
        var matrices = NeuroTronSetup.Matrices(1);
        var net = new NeuroTron100(3, matrices.Stacked);
        new SeededRandom(4).FillGaussian(net.Filter.Filter);
        var inputs = new double[B * N];
        new InputSampler(InputDistribution.Gaussian(1), 5).Fill(inputs);
        var factored = new double[B];
        var generated = new double[B];
        var tron = new NeuroTron<NeuroTron100, double>(net, 1e-4, B, keepFilter: true);
        Assert.True(tron.UsesLineStructure); // A_i = M + c_i·C
        tron.Predict(inputs, factored);
        net.ForwardBatch(inputs, generated);
        for (int j = 0; j < B; j++)
        {
            double naive = NeuroTronSetup.NaiveForward(matrices.Stacked, R, K, N, net.Parameters, inputs.AsSpan(j * N, N));
            Assert.True(naive > 0 || factored[j] == 0); // some terms are active
            Assert.Equal(naive, factored[j], 1e-10 * (1 + Math.Abs(naive)));
            Assert.Equal(naive, generated[j], 1e-10 * (1 + Math.Abs(naive)));
        }
    }

    [Fact]
    public void GeneralMatricesOffALineTakeTheGeneralFactoredPath()
    {
        var stacked = new double[K * R * N];
        new SeededRandom(11).FillGaussian<double>(stacked);
        var net = new NeuroTron100(3, stacked);
        new SeededRandom(12).FillGaussian(net.Filter.Filter);
        var tron = new NeuroTron<NeuroTron100, double>(net, 1e-4, B, keepFilter: true);
        Assert.False(tron.UsesLineStructure);
        Assert.True(new NeuroTron<NeuroTron100, double>(new NeuroTron100(1, NeuroTronSetup.Matrices(1).Stacked), 1e-4, B).UsesLineStructure);
        var inputs = new double[B * N];
        new InputSampler(InputDistribution.Gaussian(1), 13).Fill(inputs);
        var factored = new double[B];
        tron.Predict(inputs, factored);
        int active = 0;
        for (int j = 0; j < B; j++)
        {
            double naive = NeuroTronSetup.NaiveForward(stacked, R, K, N, net.Parameters, inputs.AsSpan(j * N, N));
            if (naive > 0) active++;
            Assert.Equal(naive, factored[j], 1e-10 * (1 + Math.Abs(naive)));
        }
        Assert.True(active > B / 2);
    }

    [Theory]
    [InlineData(-1e-8)]
    [InlineData(1e-8)]
    public void MatricesJustOffTheLineAreNotTreatedAsALine(double perturbation)
    {
        var stacked = (double[])NeuroTronSetup.Matrices(1).Stacked.Clone();
        stacked[3 * R * N + 17] += perturbation; // far above rounding, far below anything visible in f_w
        var tron = new NeuroTron<NeuroTron100, double>(new NeuroTron100(1, stacked), 1e-4, B);
        Assert.False(tron.UsesLineStructure);
    }

    [Fact]
    public void OneStepIsTheHandComputedUpdate()
    {
        var matrices = NeuroTronSetup.Matrices(2);
        var net = new NeuroTron100(3, matrices.Stacked);
        var tron = new NeuroTron<NeuroTron100, double>(net, 1e-3, B);
        Assert.All(net.Parameters, p => Assert.Equal(1.0, p));
        var inputs = new double[B * N];
        var labels = new double[B];
        new InputSampler(InputDistribution.Laplace(2), 6).Fill(inputs);
        new SeededRandom(7).FillGaussian<double>(labels, 0, 30);
        var w = (double[])net.Parameters.Clone();
        var expected = (double[])w.Clone();
        for (int j = 0; j < B; j++)
        {
            var x = inputs.AsSpan(j * N, N);
            double error = labels[j] - NeuroTronSetup.NaiveForward(matrices.Stacked, R, K, N, w, x);
            for (int a = 0; a < R; a++)
            {
                double mx = 0;
                for (int c = 0; c < N; c++) mx += matrices.Mean[a * N + c] * x[c];
                expected[a] += 1e-3 / B * error * mx;
            }
        }
        tron.Step(inputs, labels);
        for (int a = 0; a < R; a++) Assert.Equal(expected[a], net.Parameters[a], 1e-10 * (1 + Math.Abs(expected[a])));
        Assert.NotEqual(w, net.Parameters);
    }

    [Fact]
    public void CleanGaussianDataReachesTenToTheMinusTenWithin40000Iterations()
    {
        var stream = NeuroTronSetup.Stream(1, InputDistribution.Gaussian(1), PoisoningAttack.None, out var student);
        var tron = new NeuroTron<NeuroTron100, double>(student, 1e-4, B);
        var distances = new double[40_001];
        stream.Train(tron, 40_000, distances);
        Assert.True(distances[0] > 1, $"start {distances[0]}");
        int first = Array.FindIndex(distances, d => d <= 1e-10);
        Assert.True(first > 0, $"final distance {distances[^1]}");
        Assert.True(distances[^1] <= 1e-10, $"final distance {distances[^1]}");
    }

    [Fact]
    public void NetworkForwardPathFollowsTheSameTrajectory()
    {
        var streamA = NeuroTronSetup.Stream(3, InputDistribution.StudentT(4), new PoisoningAttack(0.5, 0.25), out var a);
        var streamB = NeuroTronSetup.Stream(3, InputDistribution.StudentT(4), new PoisoningAttack(0.5, 0.25), out var b);
        var factored = new double[301];
        var network = new double[301];
        streamA.Train(new NeuroTron<NeuroTron100, double>(a, 1e-4, B), 300, factored);
        streamB.Train(new NeuroTron<NeuroTron100, double>(b, 1e-4, B, forward: NeuroTronForward.Network), 300, network);
        Assert.True(factored[300] < 0.5 * factored[0]);
        for (int t = 0; t <= 300; t++) Assert.Equal(factored[t], network[t], 1e-9 * factored[t]);
    }

    [Fact]
    public void SinglePrecisionLearnsToFloatAccuracy()
    {
        var matrices = NeuroTronSetup.Matrices(4);
        var teacher = new NeuroTron100Single(1, matrices.StackedAs<float>());
        new SeededRandom(5).FillGaussian(teacher.Filter.Filter);
        var student = new NeuroTron100Single(2, matrices.StackedAs<float>());
        var stream = new TeacherStream<NeuroTron100Single, float>(teacher, new InputSampler(InputDistribution.Gaussian(1), 6), PoisoningAttack.None, 7);
        var tron = new NeuroTron<NeuroTron100Single, float>(student, 1e-4, B);
        Assert.True(tron.UsesLineStructure); // A_i = M + c_i·C survives rounding to float
        var distances = new double[12_001];
        stream.Train(tron, 12_000, distances);
        double norm = Math.Sqrt(teacher.Parameters.Sum(v => (double)v * v));
        Assert.True(distances[^1] <= 1e-4 * norm, $"final {distances[^1]}, ‖w*‖ = {norm}");
    }

    [Fact]
    public void FinalErrorGrowsWithTheAttackSize()
    {
        double[] thetas = [0, 0.5, 2, 8];
        var floors = new double[thetas.Length];
        const int seeds = 2, iterations = 6000, tail = 1000;
        for (int s = 0; s < seeds; s++)
        {
            for (int i = 0; i < thetas.Length; i++)
            {
                var stream = NeuroTronSetup.Stream(10 + s, InputDistribution.Gaussian(1), new PoisoningAttack(0.5, thetas[i]), out var student);
                var distances = new double[iterations + 1];
                stream.Train(new NeuroTron<NeuroTron100, double>(student, 1e-4, B), iterations, distances);
                floors[i] += distances.AsSpan(iterations + 1 - tail).ToArray().Average() / seeds;
            }
        }
        for (int i = 1; i < thetas.Length; i++)
            Assert.True(floors[i] > 1.5 * floors[i - 1], $"θ* = {thetas[i]}: floor {floors[i]} vs {floors[i - 1]} at θ* = {thetas[i - 1]}");
    }

    [Fact]
    public void TrainingAllocatesNothingPerIteration()
    {
        var stream = NeuroTronSetup.Stream(5, InputDistribution.Laplace(2), new PoisoningAttack(0.1, 1), out var student);
        var tron = new NeuroTron<NeuroTron100, double>(student, 5e-5, B);
        var distances = new double[101];
        stream.Train(tron, 100, distances); // warm up: JIT and the stream's batch buffers
        Allocations.AssertNone(() => stream.Train(tron, 100, distances), 1, "100 Neuro-Tron iterations");
    }

    [Fact]
    public void WrongNetworksAndShapesAreRejected()
    {
        var matrices = NeuroTronSetup.Matrices(6);
        var net = new NeuroTron100(1, matrices.Stacked);
        var tron = new NeuroTron<NeuroTron100, double>(net, 1e-4, B);
        var error = Assert.Throws<ArgumentException>(() => tron.Step(new double[B * N - 1], new double[B]));
        Assert.Contains("1600", error.Message);
        Assert.Contains("1599", error.Message);
        error = Assert.Throws<ArgumentException>(() => new NeuroTron<ConvotronPatches, double>(new ConvotronPatches(1), 1e-4, B));
        Assert.Contains("Stride = 0", error.Message);
        error = Assert.Throws<ArgumentException>(() => new NeuroTron<TwoDense, double>(new TwoDense(1), 1e-4, B));
        Assert.Contains("2 layers", error.Message);
        error = Assert.Throws<ArgumentException>(() => new NeuroTron<NeuroTron100, double>(net, 1e-4, B, new double[7]));
        Assert.Contains("2500", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NeuroTron<NeuroTron100, double>(net, 0, B));
    }
}
