using DslNets.Tron;

namespace DslNets.Runtime.Tests.Tron;

public class ConvotronTests
{
    private const int N = ConvotronPatches.InputSize, R = 5, K = 4, Stride = 3;

    private static double NaiveForward(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < K; i++)
        {
            double z = 0;
            for (int a = 0; a < R; a++) z += w[a] * x[i * Stride + a];
            sum += Math.Max(0, z);
        }
        return sum / K;
    }

    [Fact]
    public void OneStepIsTheHandComputedUpdateFromZero()
    {
        var net = new ConvotronPatches(1);
        var tron = new Convotron<ConvotronPatches, double>(net, 0.05, batchSize: 3);
        Assert.All(net.Parameters, p => Assert.Equal(0.0, p));
        net.Parameters.AsSpan().Fill(0.3); // a non-zero filter so that f_w matters
        var inputs = new double[3 * N];
        new InputSampler(InputDistribution.Gaussian(1), 2).Fill(inputs);
        double[] labels = [1.5, -0.2, 0.7];
        var expected = (double[])net.Parameters.Clone();
        for (int j = 0; j < 3; j++)
        {
            var x = inputs.AsSpan(j * N, N);
            double error = labels[j] - NaiveForward(net.Parameters, x);
            for (int a = 0; a < R; a++)
            {
                double patchSum = 0;
                for (int i = 0; i < K; i++) patchSum += x[i * Stride + a];
                expected[a] += 0.05 / 3 * error * patchSum;
            }
        }
        tron.Step(inputs, labels);
        for (int a = 0; a < R; a++) Assert.Equal(expected[a], net.Parameters[a], 1e-13);
    }

    [Fact]
    public void LearnsARealizablePatchFilterOnline()
    {
        var teacher = new ConvotronPatches(1);
        new SeededRandom(3).FillGaussian(teacher.Filter.Filter);
        var student = new ConvotronPatches(2);
        var stream = new TeacherStream<ConvotronPatches, double>(teacher, new InputSampler(InputDistribution.Gaussian(1), 4), PoisoningAttack.None, 5);
        var distances = new double[20_001];
        stream.Train(new Convotron<ConvotronPatches, double>(student, 0.05), 20_000, distances);
        Assert.True(distances[0] > 0.5);
        Assert.True(distances[^1] <= 1e-8 * distances[0], $"start {distances[0]}, final {distances[^1]}");
    }

    [Fact]
    public void MatrixModeNetworksAreRejected()
    {
        var matrices = NeuroTronSetup.Matrices(1);
        var error = Assert.Throws<ArgumentException>(() => new Convotron<NeuroTron100, double>(new NeuroTron100(1, matrices.Stacked), 0.1));
        Assert.Contains("Stride > 0", error.Message);
        Assert.Contains("Stride = 0", error.Message);
    }
}
