namespace DslNets.Runtime.Tests.Training;

/// <summary>The shape and loss of a <see cref="LinearModel{TShape}"/>.</summary>
public interface ILinearShape
{
    static abstract int Inputs { get; }
    static abstract int Outputs { get; }
    static abstract Loss Loss { get; }
}

public sealed class Regression2 : ILinearShape
{
    public static int Inputs => 2;
    public static int Outputs => 1;
    public static Loss Loss => Loss.SquaredError;
}

public sealed class Logistic2 : ILinearShape
{
    public static int Inputs => 2;
    public static int Outputs => 1;
    public static Loss Loss => Loss.Logistic;
}

public sealed class Hinge2 : ILinearShape
{
    public static int Inputs => 2;
    public static int Outputs => 1;
    public static Loss Loss => Loss.Hinge;
}

public sealed class Softmax3 : ILinearShape
{
    public static int Inputs => 2;
    public static int Outputs => 3;
    public static Loss Loss => Loss.SoftmaxCrossEntropy;
}

/// <summary>
/// A hand-written network for the trainer tests (the generator is tested elsewhere): z = Wx + b with W
/// Outputs×Inputs row-major then b in the flat vector, and the loss of <typeparamref name="TShape"/> written out.
/// Its gradient is checked against finite differences in <see cref="LinearModelTests"/>.
/// </summary>
public sealed class LinearModel<TShape> : INetwork<LinearModel<TShape>, double> where TShape : ILinearShape
{
    private LinearModel(double[] parameters) => Parameters = parameters;

    public static int InputSize => TShape.Inputs;
    public static int OutputSize => TShape.Outputs;
    public static int ParameterCount => TShape.Outputs * TShape.Inputs + TShape.Outputs;
    public static int ConstantCount => 0;
    public static Loss LossFunction => TShape.Loss;
    public static Precision Precision => Precision.Double;
    public static bool IsPiecewiseLinear => true;

    public static IReadOnlyList<LayerInfo> Layers { get; } =
    [
        new LayerInfo("Output", LayerKind.Dense, TShape.Inputs, TShape.Outputs, Activation.Identity, 0.01,
            0, TShape.Outputs * TShape.Inputs, TShape.Outputs * TShape.Inputs, TShape.Outputs, null, 0, 0, 0, -1),
    ];

    public static IReadOnlyList<TensorInfo> Tensors { get; } =
    [
        new TensorInfo("Output.weight", 0, TShape.Outputs, TShape.Inputs),
        new TensorInfo("Output.bias", TShape.Outputs * TShape.Inputs, TShape.Outputs, 0),
    ];

    public static string Summary => $"Output Dense {TShape.Outputs} Identity {ParameterCount}";

    public static LinearModel<TShape> Create(int seed, ReadOnlySpan<double> constants)
    {
        var p = new double[ParameterCount];
        new SeededRandom(seed).FillGaussian<double>(p.AsSpan(0, TShape.Outputs * TShape.Inputs), 0.0, 0.1);
        return new LinearModel<TShape>(p);
    }

    public double[] Parameters { get; }

    public double[] Constants { get; } = [];

    public void Forward(ReadOnlySpan<double> input, Span<double> output)
    {
        int nIn = TShape.Inputs, nOut = TShape.Outputs;
        for (int k = 0; k < nOut; k++)
        {
            double z = Parameters[nOut * nIn + k];
            for (int i = 0; i < nIn; i++) z += Parameters[k * nIn + i] * input[i];
            output[k] = z;
        }
    }

    public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        int batch = inputs.Length / TShape.Inputs;
        for (int j = 0; j < batch; j++)
            Forward(inputs.Slice(j * TShape.Inputs, TShape.Inputs), outputs.Slice(j * TShape.Outputs, TShape.Outputs));
    }

    public double ComputeLoss(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        Span<double> z = stackalloc double[TShape.Outputs];
        Span<double> dz = stackalloc double[TShape.Outputs];
        Forward(input, z);
        return LossAndDerivative(z, target, dz);
    }

    public double Gradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> parameterGradient, double scale) =>
        Gradient(input, target, parameterGradient, Span<double>.Empty, scale);

    public double Gradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> parameterGradient, Span<double> inputGradient, double scale)
    {
        int nIn = TShape.Inputs, nOut = TShape.Outputs;
        Span<double> z = stackalloc double[nOut];
        Span<double> dz = stackalloc double[nOut];
        Forward(input, z);
        double loss = LossAndDerivative(z, target, dz);
        if (!inputGradient.IsEmpty) inputGradient.Clear();
        for (int k = 0; k < nOut; k++)
        {
            for (int i = 0; i < nIn; i++)
            {
                parameterGradient[k * nIn + i] += scale * dz[k] * input[i];
                if (!inputGradient.IsEmpty) inputGradient[i] += scale * dz[k] * Parameters[k * nIn + i];
            }
            parameterGradient[nOut * nIn + k] += scale * dz[k];
        }
        return scale * loss;
    }

    public double GradientBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> parameterGradient, double scale)
    {
        int batch = inputs.Length / TShape.Inputs;
        double sum = 0;
        for (int j = 0; j < batch; j++)
            sum += Gradient(inputs.Slice(j * TShape.Inputs, TShape.Inputs), targets.Slice(j * TShape.Outputs, TShape.Outputs), parameterGradient, scale);
        return sum;
    }

    /// <summary>The loss of output z against target t and its derivative with respect to z.</summary>
    private static double LossAndDerivative(ReadOnlySpan<double> z, ReadOnlySpan<double> t, Span<double> dz)
    {
        switch (TShape.Loss)
        {
            case Loss.SquaredError:
            {
                double loss = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    dz[k] = z[k] - t[k];
                    loss += 0.5 * dz[k] * dz[k];
                }
                return loss;
            }
            case Loss.Logistic:
            {
                // softplus(z) − t·z; derivative σ(z) − t.
                double sigma = 1.0 / (1.0 + Math.Exp(-z[0]));
                dz[0] = sigma - t[0];
                return Math.Log(1.0 + Math.Exp(z[0])) - t[0] * z[0];
            }
            case Loss.Hinge:
            {
                double margin = 1.0 - t[0] * z[0];
                dz[0] = margin > 0 ? -t[0] : 0.0;
                return Math.Max(0.0, margin);
            }
            case Loss.SoftmaxCrossEntropy:
            {
                double sumExp = 0, mass = 0, dot = 0;
                for (int k = 0; k < z.Length; k++)
                {
                    sumExp += Math.Exp(z[k]);
                    mass += t[k];
                    dot += t[k] * z[k];
                }
                for (int k = 0; k < z.Length; k++) dz[k] = mass * Math.Exp(z[k]) / sumExp - t[k];
                return mass * Math.Log(sumExp) - dot;
            }
            default:
                throw new NotSupportedException($"LinearModel does not implement {TShape.Loss}.");
        }
    }
}
