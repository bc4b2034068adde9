using DslNets.Geometry;

namespace DslNets.Runtime.Tests.Geometry;

/// <summary>One input, one hidden layer of 12 ReLUs: its kinks along the line are −b_i / w_i.</summary>
[Network(Inputs = 1, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class LineNet
{
    [Dense(12, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary>One input, one hidden layer of 20 ReLUs (the widths of <see cref="PlaneNet"/> and <see cref="SpaceNet"/>).</summary>
[Network(Inputs = 1, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class WideLineNet
{
    [Dense(20, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary>Two inputs, one hidden layer of 20 ReLUs: an arrangement of 20 lines.</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class PlaneNet
{
    [Dense(20, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary>Three inputs, one hidden layer of 20 ReLUs.</summary>
[Network(Inputs = 3, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class SpaceNet
{
    [Dense(20, Activation.ReLU)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary>A deeper mixed network on 5 inputs (ReLU, LeakyReLU, an identity layer in between, two outputs).</summary>
[Network(Inputs = 5, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DeepRegionNet
{
    [Dense(9, Activation.ReLU)] public partial DenseLayer<double> A { get; }
    [Dense(8, Activation.LeakyReLU, LeakySlope = 0.2)] public partial DenseLayer<double> B { get; }
    [Dense(6, Activation.Identity)] public partial DenseLayer<double> C { get; }
    [Dense(7, Activation.ReLU)] public partial DenseLayer<double> D { get; }
    [Dense(2)] public partial DenseLayer<double> Out { get; }
}

/// <summary><see cref="PlaneNet"/> with LeakyReLU: the same parameter layout.</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class LeakyPlaneNet
{
    [Dense(20, Activation.LeakyReLU, LeakySlope = 0.2)] public partial DenseLayer<double> Hidden { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary><see cref="DeepPlaneNet"/> with LeakyReLU: the same parameter layout.</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class LeakyDeepPlaneNet
{
    [Dense(6, Activation.LeakyReLU, LeakySlope = 0.2)] public partial DenseLayer<double> A { get; }
    [Dense(5, Activation.LeakyReLU, LeakySlope = 0.2)] public partial DenseLayer<double> B { get; }
    [Dense(4, Activation.LeakyReLU, LeakySlope = 0.2)] public partial DenseLayer<double> C { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary>Two inputs, three ReLU layers: a deep net on the plane, for comparing the 2-D partition with the n-D enumeration.</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DeepPlaneNet
{
    [Dense(6, Activation.ReLU)] public partial DenseLayer<double> A { get; }
    [Dense(5, Activation.ReLU)] public partial DenseLayer<double> B { get; }
    [Dense(4, Activation.ReLU)] public partial DenseLayer<double> C { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary>A shared-filter (Convotron patches) layer and a LeakyReLU head: partitioned through AffineForms.</summary>
[Network(Inputs = 6, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class FilterSliceNet
{
    [SharedFilter(3, 4, Activation.ReLU, Stride = 1)] public partial SharedFilterLayer<double> Patches { get; }
    [Dense(3, Activation.LeakyReLU, LeakySlope = 0.1)] public partial DenseLayer<double> Head { get; }
}

/// <summary>A weight-tied autoencoder: the decoder uses the encoder's weights transposed.</summary>
[Network(Inputs = 4, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class TiedSliceNet
{
    [Dense(7, Activation.ReLU)] public partial DenseLayer<double> Encoder { get; }
    [Dense(4, TiedTo = nameof(Encoder))] public partial DenseLayer<double> Decoder { get; }
}

/// <summary>Three inputs, two ReLU layers of 8: a deep net for the unit cube.</summary>
[Network(Inputs = 3, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class DeepCubeNet
{
    [Dense(8, Activation.ReLU)] public partial DenseLayer<double> A { get; }
    [Dense(8, Activation.ReLU)] public partial DenseLayer<double> B { get; }
    [Dense(1)] public partial DenseLayer<double> Out { get; }
}

/// <summary>A float network on the plane: the partition reads its parameters converted to double.</summary>
[Network(Inputs = 2, Loss = Loss.SquaredError)]
public partial class FloatPlaneNet
{
    [Dense(9, Activation.ReLU)] public partial DenseLayer Hidden { get; }
    [Dense(6, Activation.ReLU)] public partial DenseLayer Second { get; }
    [Dense(1)] public partial DenseLayer Out { get; }
}

internal static class RegionTestHelpers
{
    /// <summary>Every parameter (weights and biases) from N(0, 1): generic weights, so the arrangement is in general position.</summary>
    public static TNet Randomized<TNet>(TNet net, int seed) where TNet : INetwork<TNet, double>
    {
        new SeededRandom(seed).FillGaussian<double>(net.Parameters);
        return net;
    }

    public static double[] Gaussian(int n, int seed)
    {
        double[] v = new double[n];
        new SeededRandom(seed).FillGaussian<double>(v);
        return v;
    }

    public static double[] Forward<TNet>(TNet net, double[] x) where TNet : INetwork<TNet, double>
    {
        double[] y = new double[TNet.OutputSize];
        net.Forward(x, y);
        return y;
    }

    /// <summary>C(n, k) by the multiplicative formula, independently of the code under test.</summary>
    public static long Choose(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        long result = 1;
        for (int i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }

    /// <summary>Zaslavsky's count for n hyperplanes in general position in R^d: Σ_{j≤d} C(n, j).</summary>
    public static long GeneralPositionCount(int hyperplanes, int dimension) =>
        Enumerable.Range(0, dimension + 1).Sum(j => Choose(hyperplanes, j));
}

/// <summary>The 3-16-16-1 network of the region benchmark, whose enumeration's linear programs are checked against GLOP.</summary>
[Network(Inputs = 3, Loss = Loss.SquaredError, Precision = Precision.Double)]
public partial class Cube3x16x16x1
{
    [Dense(16, Activation.ReLU)] public partial DenseLayer<double> Hidden1 { get; }
    [Dense(16, Activation.ReLU)] public partial DenseLayer<double> Hidden2 { get; }
    [Dense(1)] public partial DenseLayer<double> Prediction { get; }
}
