namespace DslNets.Runtime.Tests.Training;

/// <summary>The hand-written test network's gradient agrees with central finite differences of its loss.</summary>
public class LinearModelTests
{
    private static void CheckGradient<TShape>(double[] input, double[] target) where TShape : ILinearShape
    {
        var net = LinearModel<TShape>.Create(7, []);
        for (int i = 0; i < net.Parameters.Length; i++) net.Parameters[i] += 0.3 * Math.Sin(i + 1.0); // move off the initial point
        var gradient = new double[LinearModel<TShape>.ParameterCount];
        double loss = net.Gradient(input, target, gradient, 1.0);
        Assert.Equal(net.ComputeLoss(input, target), loss, 14);
        const double h = 1e-6;
        for (int i = 0; i < gradient.Length; i++)
        {
            double saved = net.Parameters[i];
            net.Parameters[i] = saved + h;
            double up = net.ComputeLoss(input, target);
            net.Parameters[i] = saved - h;
            double down = net.ComputeLoss(input, target);
            net.Parameters[i] = saved;
            Assert.True(Math.Abs((up - down) / (2 * h) - gradient[i]) < 1e-7, $"{typeof(TShape).Name}: parameter {i}: finite difference {(up - down) / (2 * h)} vs gradient {gradient[i]}.");
        }
    }

    [Fact] public void RegressionGradient() => CheckGradient<Regression2>([0.7, -1.2], [0.4]);
    [Fact] public void LogisticGradient() => CheckGradient<Logistic2>([0.7, -1.2], [1.0]);
    [Fact] public void HingeGradient() => CheckGradient<Hinge2>([0.7, -1.2], [1.0]);
    [Fact] public void SoftmaxGradient() => CheckGradient<Softmax3>([0.7, -1.2], [0.0, 1.0, 0.0]);
}
