using DslNets.Tron;

namespace DslNets.Runtime.Tests.Tron;

public class MiniBatchSgdTests
{
    private const int N = 100, R = 25, K = 10, B = 4;

    [Fact]
    public void BatchGradientEqualsFiniteDifferencesOfTheMeanLoss()
    {
        var matrices = NeuroTronSetup.Matrices(8);
        var net = new NeuroTron100(1, matrices.Stacked);
        new SeededRandom(2).FillGaussian(net.Filter.Filter);
        var inputs = new double[B * N];
        new InputSampler(InputDistribution.Gaussian(1), 3).Fill(inputs);
        var labels = new double[B];
        new SeededRandom(4).FillGaussian<double>(labels, 0, 5);
        var sgd = new MiniBatchSgd<NeuroTron100, double>(net, 1e-4, B);
        var gradient = new double[R];
        double loss = sgd.Gradient(inputs, labels, gradient);

        double MeanLoss(double[] w)
        {
            double sum = 0;
            for (int j = 0; j < B; j++)
            {
                double e = NeuroTronSetup.NaiveForward(matrices.Stacked, R, K, N, w, inputs.AsSpan(j * N, N)) - labels[j];
                sum += 0.5 * e * e;
            }
            return sum / B;
        }

        var w0 = (double[])net.Parameters.Clone();
        Assert.Equal(MeanLoss(w0), loss, 1e-10 * loss);
        const double h = 1e-5;
        for (int a = 0; a < R; a++)
        {
            var plus = (double[])w0.Clone();
            var minus = (double[])w0.Clone();
            plus[a] += h;
            minus[a] -= h;
            double numeric = (MeanLoss(plus) - MeanLoss(minus)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[a]) <= 1e-6 * (1 + Math.Abs(numeric)), $"w[{a}]: analytic {gradient[a]}, finite differences {numeric}");
        }
    }

    [Fact]
    public void StepIsParametersMinusLearningRateTimesGradient()
    {
        var matrices = NeuroTronSetup.Matrices(9);
        var net = new NeuroTron100(1, matrices.Stacked);
        var inputs = new double[B * N];
        new InputSampler(InputDistribution.Gaussian(1), 3).Fill(inputs);
        double[] labels = [1, -1, 2, 0.5];
        var sgd = new MiniBatchSgd<NeuroTron100, double>(net, 1e-3, B);
        var gradient = new double[R];
        sgd.Gradient(inputs, labels, gradient);
        var expected = net.Parameters.Select((p, a) => p - 1e-3 * gradient[a]).ToArray();
        sgd.Step(inputs, labels);
        for (int a = 0; a < R; a++) Assert.Equal(expected[a], net.Parameters[a], 1e-15);
    }
}
