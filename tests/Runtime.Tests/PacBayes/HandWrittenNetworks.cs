namespace DslNets.Runtime.Tests.PacBayes;

/// <summary>
/// Linear classifiers written by hand against <see cref="INetwork{TSelf, T}"/>, standing in for generated networks:
/// z = W x + b with W (Outputs × Inputs, row-major) then b in the flat parameter vector.
/// </summary>
internal static class LinearModel
{
    public static void Forward(double[] theta, int inputs, int outputs, ReadOnlySpan<double> x, Span<double> z)
    {
        for (int i = 0; i < outputs; i++)
        {
            double sum = theta[outputs * inputs + i];
            for (int j = 0; j < inputs; j++) sum += theta[i * inputs + j] * x[j];
            z[i] = sum;
        }
    }

    /// <summary>Adds scale·(∂ℓ/∂z ⊗ x, ∂ℓ/∂z) to the parameter gradient and scale·Wᵀ ∂ℓ/∂z to an input gradient.</summary>
    public static void Backward(double[] theta, int inputs, int outputs, ReadOnlySpan<double> x, ReadOnlySpan<double> dz,
        Span<double> parameterGradient, Span<double> inputGradient, double scale)
    {
        if (!inputGradient.IsEmpty) inputGradient.Clear();
        for (int i = 0; i < outputs; i++)
        {
            double g = scale * dz[i];
            for (int j = 0; j < inputs; j++)
            {
                parameterGradient[i * inputs + j] += g * x[j];
                if (!inputGradient.IsEmpty) inputGradient[j] += g * theta[i * inputs + j];
            }
            parameterGradient[outputs * inputs + i] += g;
        }
    }

    public static LayerInfo[] Layers(int inputs, int outputs) =>
        [new("Output", LayerKind.Dense, inputs, outputs, Activation.Identity, 0.01, 0, inputs * outputs, inputs * outputs, outputs, null, 0, 0, 0, -1)];

    public static TensorInfo[] Tensors(int inputs, int outputs) =>
        [new("Output.weight", 0, outputs, inputs), new("Output.bias", inputs * outputs, outputs, 0)];

    public static double[] Initial(int seed, int inputs, int outputs)
    {
        var theta = new double[inputs * outputs + outputs];
        new SeededRandom(seed).FillGaussian<double>(theta.AsSpan(0, inputs * outputs), 0, Math.Sqrt(2.0 / (inputs + outputs)));
        return theta;
    }
}

/// <summary>Three-class softmax regression on two inputs (SoftmaxCrossEntropy loss).</summary>
internal sealed class SoftmaxRegression : INetwork<SoftmaxRegression, double>
{
    private const int In = 2, Out = 3;
    public static int InputSize => In;
    public static int OutputSize => Out;
    public static int ParameterCount => In * Out + Out;
    public static int ConstantCount => 0;
    public static DslNets.Loss LossFunction => DslNets.Loss.SoftmaxCrossEntropy;
    public static Precision Precision => Precision.Double;
    public static bool IsPiecewiseLinear => true;
    public static IReadOnlyList<LayerInfo> Layers { get; } = LinearModel.Layers(In, Out);
    public static IReadOnlyList<TensorInfo> Tensors { get; } = LinearModel.Tensors(In, Out);
    public static string Summary => "Output Dense 3 Identity 9";
    public double[] Parameters { get; }
    public double[] Constants { get; } = [];
    private SoftmaxRegression(double[] theta) => Parameters = theta;
    public static SoftmaxRegression Create(int seed, ReadOnlySpan<double> constants) => new(LinearModel.Initial(seed, In, Out));

    public void Forward(ReadOnlySpan<double> input, Span<double> output) => LinearModel.Forward(Parameters, In, Out, input, output);

    public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        for (int s = 0; s < inputs.Length / In; s++) Forward(inputs.Slice(s * In, In), outputs.Slice(s * Out, Out));
    }

    public double ComputeLoss(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        Span<double> z = stackalloc double[Out];
        Forward(input, z);
        return LossAndDerivative(z, target, Span<double>.Empty);
    }

    public double Gradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> parameterGradient, double scale) =>
        Gradient(input, target, parameterGradient, Span<double>.Empty, scale);

    public double Gradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> parameterGradient, Span<double> inputGradient, double scale)
    {
        Span<double> z = stackalloc double[Out], dz = stackalloc double[Out];
        Forward(input, z);
        double loss = LossAndDerivative(z, target, dz);
        LinearModel.Backward(Parameters, In, Out, input, dz, parameterGradient, inputGradient, scale);
        return scale * loss;
    }

    public double GradientBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> parameterGradient, double scale)
    {
        double total = 0;
        for (int s = 0; s < inputs.Length / In; s++) total += Gradient(inputs.Slice(s * In, In), targets.Slice(s * Out, Out), parameterGradient, scale);
        return total;
    }

    // Σt·logsumexp(z) − Σ t_k z_k, derivative Σt·softmax(z) − t.
    private static double LossAndDerivative(ReadOnlySpan<double> z, ReadOnlySpan<double> t, Span<double> dz)
    {
        double max = double.NegativeInfinity;
        foreach (double v in z) max = Math.Max(max, v);
        double sum = 0;
        foreach (double v in z) sum += Math.Exp(v - max);
        double lse = max + Math.Log(sum), tSum = 0, loss = 0;
        for (int k = 0; k < z.Length; k++) { tSum += t[k]; loss -= t[k] * z[k]; }
        loss += tSum * lse;
        if (!dz.IsEmpty) for (int k = 0; k < z.Length; k++) dz[k] = tSum * Math.Exp(z[k] - lse) - t[k];
        return loss;
    }
}

/// <summary>Logistic regression on two inputs (one logit, Logistic loss).</summary>
internal sealed class LogisticRegression : INetwork<LogisticRegression, double>
{
    private const int In = 2, Out = 1;
    public static int InputSize => In;
    public static int OutputSize => Out;
    public static int ParameterCount => In * Out + Out;
    public static int ConstantCount => 0;
    public static DslNets.Loss LossFunction => DslNets.Loss.Logistic;
    public static Precision Precision => Precision.Double;
    public static bool IsPiecewiseLinear => true;
    public static IReadOnlyList<LayerInfo> Layers { get; } = LinearModel.Layers(In, Out);
    public static IReadOnlyList<TensorInfo> Tensors { get; } = LinearModel.Tensors(In, Out);
    public static string Summary => "Output Dense 1 Identity 3";
    public double[] Parameters { get; }
    public double[] Constants { get; } = [];
    private LogisticRegression(double[] theta) => Parameters = theta;
    public static LogisticRegression Create(int seed, ReadOnlySpan<double> constants) => new(LinearModel.Initial(seed, In, Out));

    public void Forward(ReadOnlySpan<double> input, Span<double> output) => LinearModel.Forward(Parameters, In, Out, input, output);

    public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        for (int s = 0; s < inputs.Length / In; s++) Forward(inputs.Slice(s * In, In), outputs.Slice(s, 1));
    }

    public double ComputeLoss(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        Span<double> z = stackalloc double[1];
        Forward(input, z);
        return Softplus(z[0]) - target[0] * z[0];
    }

    public double Gradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> parameterGradient, double scale) =>
        Gradient(input, target, parameterGradient, Span<double>.Empty, scale);

    public double Gradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> parameterGradient, Span<double> inputGradient, double scale)
    {
        Span<double> z = stackalloc double[1], dz = stackalloc double[1];
        Forward(input, z);
        dz[0] = 1 / (1 + Math.Exp(-z[0])) - target[0];
        LinearModel.Backward(Parameters, In, Out, input, dz, parameterGradient, inputGradient, scale);
        return scale * (Softplus(z[0]) - target[0] * z[0]);
    }

    public double GradientBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> parameterGradient, double scale)
    {
        double total = 0;
        for (int s = 0; s < inputs.Length / In; s++) total += Gradient(inputs.Slice(s * In, In), targets.Slice(s, 1), parameterGradient, scale);
        return total;
    }

    private static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
}
