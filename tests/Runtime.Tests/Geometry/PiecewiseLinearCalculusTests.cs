using DslNets.Geometry;

namespace DslNets.Runtime.Tests.Geometry;

[Network(Inputs = 4, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DeepPl
{
    [Dense(7, Activation.ReLU)] public partial DenseLayer<double> A { get; }
    [Dense(6, Activation.LeakyReLU, LeakySlope = 0.1)] public partial DenseLayer<double> B { get; }
    [Dense(5, Activation.Identity)] public partial DenseLayer<double> C { get; }
    [Dense(2, Activation.ReLU)] public partial DenseLayer<double> D { get; }
}

[Network(Inputs = 5, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class TiedPl
{
    [Dense(8, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(5, TiedTo = nameof(Encoder))] public partial DenseLayer<double> Decoder { get; }
}

[Network(Inputs = 6, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class FilterPl
{
    [SharedFilter(3, 4, Activation.LeakyReLU, LeakySlope = 0.3)] public partial SharedFilterLayer<double> Filter { get; }
}

[Network(Inputs = 9, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class PatchPl
{
    [SharedFilter(3, 4, Activation.ReLU, Stride = 2)] public partial SharedFilterLayer<double> Patches { get; }
    [Dense(2, Activation.LeakyReLU)] public partial DenseLayer<double> Out { get; }
}

[Network(Inputs = 3, Loss = Loss.SquaredError)]
public partial class SinglePl
{
    [Dense(10, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(2)] public partial DenseLayer Out { get; }
}

[Network(Inputs = 3, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class SmoothNet
{
    [Dense(4, Activation.Tanh)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

public class PiecewiseLinearCalculusTests
{
    private static double[] Gaussian(int n, int seed)
    {
        double[] v = new double[n];
        new SeededRandom(seed).FillGaussian<double>(v);
        return v;
    }

    private static double[] Forward<TNet>(TNet net, double[] x) where TNet : INetwork<TNet, double>
    {
        double[] y = new double[TNet.OutputSize];
        net.Forward(x, y);
        return y;
    }

    /// <summary>y = A x + c at the input, and at nearby points with the same pattern; A equals the finite-difference Jacobian.</summary>
    private static void CheckLocalMap<TNet>(TNet net, int seed) where TNet : IPiecewiseLinearNetwork<TNet>, INetwork<TNet, double>
    {
        int n = TNet.InputSize, m = TNet.OutputSize;
        for (int trial = 0; trial < 20; trial++)
        {
            double[] x = Gaussian(n, seed * 100 + trial);
            double[] a = new double[m * n];
            double[] c = new double[m];
            ActivationPattern pattern = PiecewiseLinear.LocalAffineMap(net, x, a, c);
            double[] y = Forward(net, x);
            for (int o = 0; o < m; o++)
            {
                double predicted = c[o] + Enumerable.Range(0, n).Sum(i => a[o * n + i] * x[i]);
                Assert.Equal(y[o], predicted, 1e-12);
            }

            // Points in the same region lie on the same affine map; the Jacobian by central differences equals A.
            const double h = 1e-7;
            for (int i = 0; i < n; i++)
            {
                double[] plus = (double[])x.Clone();
                double[] minus = (double[])x.Clone();
                plus[i] += h;
                minus[i] -= h;
                if (!PiecewiseLinear.PatternOf(net, plus).Equals(pattern) || !PiecewiseLinear.PatternOf(net, minus).Equals(pattern)) continue;
                double[] yPlus = Forward(net, plus), yMinus = Forward(net, minus);
                for (int o = 0; o < m; o++)
                {
                    Assert.Equal(a[o * n + i], (yPlus[o] - yMinus[o]) / (2 * h), 1e-6);
                    Assert.Equal(yPlus[o], c[o] + Enumerable.Range(0, n).Sum(k => a[o * n + k] * plus[k]), 1e-12);
                }
            }
        }
    }

    [Fact]
    public void LocalAffineMapsMatchTheGeneratedForward()
    {
        CheckLocalMap(new DeepPl(1), 1);
        CheckLocalMap(new TiedPl(2), 2);
        CheckLocalMap(new FilterPl(3, Gaussian(FilterPl.ConstantCount, 30)), 3);
        CheckLocalMap(new PatchPl(4), 4);
    }

    [Fact]
    public void FirstLayerFormsAreTheLayersOwnAffineMapOnTheSlice()
    {
        var net = new DeepPl(5);
        double[] origin = Gaussian(4, 51);
        double[] directions = Gaussian(8, 52); // d = 2
        var pattern = new ActivationPattern(DeepPl.KinkCount);
        double[] forms = new double[DeepPl.KinkCount * 3];
        net.AffineForms(pattern, derivePattern: true, origin, directions, 1, forms, []);
        // Independent: z_o(θ) = Σ_j W[o,j] (origin_j + θ_1 u_j + θ_2 v_j) + b_o, straight from the weights.
        for (int o = 0; o < 7; o++)
        {
            double coefficientU = 0, coefficientV = 0, constant = net.A.Bias[o];
            for (int j = 0; j < 4; j++)
            {
                double w = net.A.Weight(o, j);
                coefficientU += w * directions[j];
                coefficientV += w * directions[4 + j];
                constant += w * origin[j];
            }

            Assert.Equal(coefficientU, forms[o * 3], 1e-12);
            Assert.Equal(coefficientV, forms[o * 3 + 1], 1e-12);
            Assert.Equal(constant, forms[o * 3 + 2], 1e-12);
            Assert.Equal(constant > 0, pattern[o]);
        }

        Assert.Equal([(0, 7), (7, 6), (13, 0), (13, 2)], DeepPl.KinkRanges);
        Assert.Equal(15, DeepPl.KinkCount);
    }

    [Fact]
    public void ReadPatternGivesTheSameFormsAsTheDerivedOne()
    {
        var net = new DeepPl(6);
        double[] x = Gaussian(4, 61);
        var derived = new ActivationPattern(DeepPl.KinkCount);
        double[] formsDerived = new double[DeepPl.KinkCount];
        double[] outputDerived = new double[2];
        net.AffineForms(derived, true, x, [], 4, formsDerived, outputDerived);
        var read = derived.Clone();
        double[] formsRead = new double[DeepPl.KinkCount];
        double[] outputRead = new double[2];
        net.AffineForms(read, false, x, [], 4, formsRead, outputRead);
        Assert.Equal(formsDerived, formsRead);
        Assert.Equal(outputDerived, outputRead);
        double[] y = Forward(net, x);
        for (int o = 0; o < 2; o++) Assert.Equal(y[o], outputRead[o], 1e-12);
        // Every kink neuron's state is the sign of its pre-activation.
        for (int i = 0; i < DeepPl.KinkCount; i++) Assert.Equal(formsDerived[i] > 0, derived[i]);
    }

    [Fact]
    public void SinglePrecisionNetworksWorkInDouble()
    {
        var net = new SinglePl(7);
        double[] x = [0.3, -0.7, 1.1];
        double[] a = new double[6];
        double[] c = new double[2];
        PiecewiseLinear.LocalAffineMap(net, x, a, c);
        float[] y = new float[2];
        net.Forward([0.3f, -0.7f, 1.1f], y);
        for (int o = 0; o < 2; o++) Assert.Equal(y[o], c[o] + a[o * 3] * x[0] + a[o * 3 + 1] * x[1] + a[o * 3 + 2] * x[2], 1e-5);
    }

    [Fact]
    public void OnlyPiecewiseLinearNetworksGetTheHooks()
    {
        static bool Implements(Type type) => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPiecewiseLinearNetwork<>));
        Assert.True(Implements(typeof(DeepPl)));
        Assert.False(Implements(typeof(SmoothNet)));
        Assert.False(SmoothNet.IsPiecewiseLinear);
    }

    [Fact]
    public void WrongLengthsAreNamed()
    {
        var net = new DeepPl(1);
        var error = Assert.Throws<ArgumentException>(() => net.AffineForms(new ActivationPattern(3), true, new double[4], [], 4, new double[15], new double[2]));
        Assert.Contains("15", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.AffineForms(new ActivationPattern(15), true, new double[4], new double[5], 4, new double[15], new double[2]));
        Assert.Contains("multiple of 4", error.Message);
    }
}
