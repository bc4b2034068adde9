namespace DslNets.Runtime.Tests.Onnx;

/// <summary>
/// A hand-written network whose one layer, "Mystery", is of a kind the DSL does not have (LayerKind 8, one past the last,
/// <see cref="LayerKind.Residual"/>): it passes its two inputs through, with the squared-error loss. It stands for a layer
/// kind added later without an ONNX form.
/// </summary>
public sealed class UnknownLayerNetwork : INetwork<UnknownLayerNetwork, double>
{
    public static int InputSize => 2;
    public static int OutputSize => 2;
    public static int ParameterCount => 0;
    public static int ConstantCount => 0;
    public static Loss LossFunction => Loss.SquaredError;
    public static Precision Precision => Precision.Double;
    public static bool IsPiecewiseLinear => true;
    public static IReadOnlyList<LayerInfo> Layers { get; } = [new("Mystery", (LayerKind)8, 2, 2, Activation.Identity, 0.01, -1, 0, -1, 0, null, 0, 0, 0, -1)];
    public static IReadOnlyList<TensorInfo> Tensors { get; } = [];
    public static string Summary => "Mystery: kind 8, 2 -> 2";

    public static UnknownLayerNetwork Create(int seed, ReadOnlySpan<double> constants) => new();

    public double[] Parameters { get; } = [];
    public double[] Constants { get; } = [];

    public void Forward(ReadOnlySpan<double> input, Span<double> output) => input.CopyTo(output);

    public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs) => inputs.CopyTo(outputs);

    public double ComputeLoss(ReadOnlySpan<double> input, ReadOnlySpan<double> target) =>
        0.5 * ((input[0] - target[0]) * (input[0] - target[0]) + (input[1] - target[1]) * (input[1] - target[1]));

    public double Gradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> parameterGradient, double scale) =>
        scale * ComputeLoss(input, target);

    public double Gradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> parameterGradient, Span<double> inputGradient, double scale)
    {
        for (int i = 0; i < 2; i++) inputGradient[i] = scale * (input[i] - target[i]);
        return scale * ComputeLoss(input, target);
    }

    public double GradientBatch(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> parameterGradient, double scale)
    {
        double total = 0;
        for (int j = 0; j < inputs.Length / 2; j++) total += Gradient(inputs.Slice(2 * j, 2), targets.Slice(2 * j, 2), parameterGradient, scale);
        return total;
    }
}
