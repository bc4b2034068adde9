using System.Numerics;

namespace DslNets.Generator.Tests.Reference;

/// <summary>A mistake <see cref="HandWrittenNet{T}"/> can be told to make, so tests can show the checks catch it.</summary>
public enum HandWrittenBug
{
    /// <summary>Correct.</summary>
    None,
    /// <summary>Forward and Loss leave out the output bias.</summary>
    ForwardDropsOutputBias,
    /// <summary>The gradient of the first hidden weight is 1% too large.</summary>
    HiddenWeightGradientOff,
    /// <summary>The backward pass uses slope 0 instead of α for negative LeakyReLU inputs.</summary>
    LeakySlopeIgnoredInBackward,
    /// <summary>Gradient overwrites the parameter gradient instead of adding to it.</summary>
    GradientOverwrites,
    /// <summary>Gradient ignores its scale.</summary>
    GradientIgnoresScale,
    /// <summary>Gradient adds to the input gradient instead of writing it.</summary>
    InputGradientAccumulates,
    /// <summary>GradientBatch leaves out the last sample.</summary>
    BatchSkipsLastSample,
    /// <summary>ForwardBatch writes the first sample's output everywhere.</summary>
    ForwardBatchRepeatsFirst,
}

/// <summary>
/// A 2-3-1 network written by hand (no generator): Hidden = Dense(3, LeakyReLU α = 0.1), Out = Dense(1), squared
/// error. Parameters: Hidden.weight 3×2 at 0, Hidden.bias at 6, Out.weight 1×3 at 9, Out.bias at 12. Its forward and
/// backward passes are derived by hand, so the reference and the checks are exercised before generated networks exist.
/// </summary>
public sealed class HandWrittenNet<T> : INetwork<HandWrittenNet<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The hidden layer's LeakyReLU slope.</summary>
    public const double Slope = 0.1;

    private static readonly T Alpha = T.CreateChecked(Slope);
    private static readonly T Half = T.CreateChecked(0.5);

    private HandWrittenNet() { }

    /// <inheritdoc/>
    public static int InputSize => 2;
    /// <inheritdoc/>
    public static int OutputSize => 1;
    /// <inheritdoc/>
    public static int ParameterCount => 13;
    /// <inheritdoc/>
    public static int ConstantCount => 0;
    /// <inheritdoc/>
    public static Loss LossFunction => DslNets.Loss.SquaredError;
    /// <inheritdoc/>
    public static Precision Precision => typeof(T) == typeof(double) ? Precision.Double : Precision.Single;
    /// <inheritdoc/>
    public static bool IsPiecewiseLinear => true;

    /// <inheritdoc/>
    public static IReadOnlyList<LayerInfo> Layers { get; } =
    [
        new("Hidden", LayerKind.Dense, 2, 3, Activation.LeakyReLU, Slope, 0, 6, 6, 3, null, 0, 0, 0, -1),
        new("Out", LayerKind.Dense, 3, 1, Activation.Identity, 0.01, 9, 3, 12, 1, null, 0, 0, 0, -1),
    ];

    /// <inheritdoc/>
    public static IReadOnlyList<TensorInfo> Tensors { get; } =
    [
        new("Hidden.weight", 0, 3, 2), new("Hidden.bias", 6, 3, 0), new("Out.weight", 9, 1, 3), new("Out.bias", 12, 1, 0),
    ];

    /// <inheritdoc/>
    public static string Summary => "Hidden Dense [3] 9\nOut Dense [1] 4";

    /// <summary>The mistake to make (none by default).</summary>
    public HandWrittenBug Bug { get; set; }

    /// <inheritdoc/>
    public T[] Parameters { get; } = new T[13];

    /// <inheritdoc/>
    public T[] Constants { get; } = [];

    /// <inheritdoc/>
    public static HandWrittenNet<T> Create(int seed, ReadOnlySpan<T> constants)
    {
        if (!constants.IsEmpty) throw new ArgumentException($"Expected no constants but got {constants.Length}.", nameof(constants));
        var net = new HandWrittenNet<T>();
        new SeededRandom(seed).FillGaussian<T>(net.Parameters, 0.0, 0.8);
        return net;
    }

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> input, Span<T> output)
    {
        Check(input.Length, 2, nameof(input));
        Check(output.Length, 1, nameof(output));
        output[0] = Output(input, stackalloc T[3], stackalloc T[3]);
    }

    /// <inheritdoc/>
    public void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int batch = inputs.Length / 2;
        Check(outputs.Length, batch, nameof(outputs));
        for (int s = 0; s < batch; s++)
        {
            int source = Bug == HandWrittenBug.ForwardBatchRepeatsFirst ? 0 : s;
            Forward(inputs.Slice(2 * source, 2), outputs.Slice(s, 1));
        }
    }

    /// <inheritdoc/>
    public T ComputeLoss(ReadOnlySpan<T> input, ReadOnlySpan<T> target)
    {
        Check(target.Length, 1, nameof(target));
        Span<T> y = stackalloc T[1];
        Forward(input, y);
        T d = y[0] - target[0];
        return Half * d * d;
    }

    /// <inheritdoc/>
    public T Gradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> parameterGradient, T scale) =>
        Gradient(input, target, parameterGradient, stackalloc T[2], scale);

    /// <inheritdoc/>
    public T Gradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> parameterGradient, Span<T> inputGradient, T scale)
    {
        Check(input.Length, 2, nameof(input));
        Check(target.Length, 1, nameof(target));
        Check(parameterGradient.Length, 13, nameof(parameterGradient));
        Check(inputGradient.Length, 2, nameof(inputGradient));
        if (Bug == HandWrittenBug.GradientIgnoresScale) scale = T.One;
        if (Bug == HandWrittenBug.GradientOverwrites) parameterGradient.Clear();
        Span<T> z = stackalloc T[3];
        Span<T> h = stackalloc T[3];
        T y = Output(input, z, h);
        T dy = y - target[0];
        ReadOnlySpan<T> p = Parameters;
        if (Bug != HandWrittenBug.InputGradientAccumulates) inputGradient.Clear();
        for (int o = 0; o < 3; o++)
        {
            parameterGradient[9 + o] += scale * dy * h[o];
            T slope = z[o] > T.Zero ? T.One : Bug == HandWrittenBug.LeakySlopeIgnoredInBackward ? T.Zero : Alpha;
            T dz = dy * p[9 + o] * slope;
            parameterGradient[2 * o] += scale * dz * input[0] * (o == 0 && Bug == HandWrittenBug.HiddenWeightGradientOff ? T.CreateChecked(1.01) : T.One);
            parameterGradient[2 * o + 1] += scale * dz * input[1];
            parameterGradient[6 + o] += scale * dz;
            inputGradient[0] += scale * dz * p[2 * o];
            inputGradient[1] += scale * dz * p[2 * o + 1];
        }

        parameterGradient[12] += scale * dy;
        return scale * Half * dy * dy;
    }

    /// <inheritdoc/>
    public T GradientBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> parameterGradient, T scale)
    {
        int batch = targets.Length;
        Check(inputs.Length, 2 * batch, nameof(inputs));
        T loss = T.Zero;
        int used = Bug == HandWrittenBug.BatchSkipsLastSample ? batch - 1 : batch;
        for (int s = 0; s < used; s++) loss += Gradient(inputs.Slice(2 * s, 2), targets.Slice(s, 1), parameterGradient, scale);
        return loss;
    }

    // z_o = W[o,0] x0 + W[o,1] x1 + b_o; h_o = LeakyReLU(z_o); y = Σ_o v_o h_o + c.
    private T Output(ReadOnlySpan<T> x, Span<T> z, Span<T> h)
    {
        ReadOnlySpan<T> p = Parameters;
        T y = Bug == HandWrittenBug.ForwardDropsOutputBias ? T.Zero : p[12];
        for (int o = 0; o < 3; o++)
        {
            z[o] = p[2 * o] * x[0] + p[2 * o + 1] * x[1] + p[6 + o];
            h[o] = z[o] > T.Zero ? z[o] : Alpha * z[o];
            y += p[9 + o] * h[o];
        }

        return y;
    }

    private static void Check(int actual, int expected, string parameter)
    {
        if (actual != expected) ShapeErrors.ThrowLength(nameof(HandWrittenNet<T>), parameter, expected, actual);
    }
}
