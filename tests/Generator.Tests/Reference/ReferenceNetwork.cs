namespace DslNets.Generator.Tests.Reference;

/// <summary>
/// A naive network in double, written from the DSL's documented semantics and the <see cref="LayerInfo"/> layout
/// alone, never from generated code: loops over indices, no SIMD, no unrolling. It is what generated
/// Forward, Loss and Gradient are checked against.
/// <list type="bullet">
/// <item>Dense: z = W x + b, W row-major Outputs×Inputs at WeightOffset, b at BiasOffset (if any). A tied layer uses
/// the transpose of the target's Outputs×Inputs matrix and owns only its bias.</item>
/// <item>SharedFilter: f(x) = (1/k) Σ_i act(wᵀ A_i x), w (length r) at WeightOffset; A_i r×n row-major in the
/// constants at ConstantOffset + i·r·n, or with stride s &gt; 0 the patch x[i·s .. i·s + r).</item>
/// </list>
/// </summary>
public sealed class ReferenceNetwork
{
    private readonly double[] _parameters;
    private readonly double[] _constants;

    /// <summary>Builds the reference and checks that the layout is consistent (every mistake names the layer).</summary>
    public ReferenceNetwork(int inputSize, IReadOnlyList<LayerInfo> layers, Loss loss, IReadOnlyList<double> parameters, IReadOnlyList<double> constants)
    {
        if (inputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "Expected at least one input.");
        if (layers.Count == 0) throw new ArgumentException("Expected at least one layer but got none.", nameof(layers));
        InputSize = inputSize;
        Layers = layers.ToArray();
        LossFunction = loss;
        _parameters = parameters.ToArray();
        _constants = constants.ToArray();
        Validate();
    }

    /// <summary>The reference of a generated (or hand-written) double network, sharing nothing with it but numbers.</summary>
    public static ReferenceNetwork Of<TNet>(TNet net) where TNet : INetwork<TNet, double> =>
        new(TNet.InputSize, TNet.Layers, TNet.LossFunction, net.Parameters, net.Constants);

    /// <summary>The reference of a float network: its parameters and constants widened to double.</summary>
    public static ReferenceNetwork OfSingle<TNet>(TNet net) where TNet : INetwork<TNet, float> =>
        new(TNet.InputSize, TNet.Layers, TNet.LossFunction,
            net.Parameters.Select(p => (double)p).ToArray(), net.Constants.Select(c => (double)c).ToArray());

    /// <summary>The input length.</summary>
    public int InputSize { get; }

    /// <summary>The output length.</summary>
    public int OutputSize => Layers[^1].Outputs;

    /// <summary>The layers.</summary>
    public IReadOnlyList<LayerInfo> Layers { get; }

    /// <summary>The loss.</summary>
    public Loss LossFunction { get; }

    /// <summary>The flat parameter vector's length.</summary>
    public int ParameterCount => _parameters.Length;

    /// <summary>The parameters (a copy of the network's, so changing the network does not change the reference).</summary>
    public ReadOnlySpan<double> Parameters => _parameters;

    /// <summary>The constants (shared-filter matrices), a copy of the network's.</summary>
    public ReadOnlySpan<double> Constants => _constants;

    /// <summary>Runs the forward pass and keeps every intermediate value; dropout drops units only under an active <paramref name="dropout"/>.</summary>
    public ReferencePass Run(ReadOnlySpan<double> input, DropoutDraw dropout = default)
    {
        if (input.Length != InputSize) throw new ArgumentException($"Expected an input of length {InputSize} but got length {input.Length}.", nameof(input));
        var pre = new double[Layers.Count][];
        var post = new double[Layers.Count][];
        double[] x = input.ToArray();
        double[] current = x;
        for (int l = 0; l < Layers.Count; l++)
        {
            LayerInfo layer = Layers[l];
            if (layer.Kind == LayerKind.Dense)
            {
                var z = new double[layer.Outputs];
                for (int o = 0; o < layer.Outputs; o++)
                {
                    double sum = layer.BiasOffset >= 0 ? _parameters[layer.BiasOffset + o] : 0.0;
                    for (int i = 0; i < layer.Inputs; i++) sum += _parameters[WeightIndex(layer, o, i)] * current[i];
                    z[o] = sum;
                }

                pre[l] = z;
                post[l] = z.Select(value => Activate(layer, value)).ToArray();
            }
            else if (layer.Kind != LayerKind.SharedFilter)
            {
                pre[l] = ImagePreActivation(l, layer, current, pre, post, dropout);
                post[l] = layer.Kind is LayerKind.Conv2D or LayerKind.Residual ? pre[l].Select(value => Activate(layer, value)).ToArray() : pre[l];
            }
            else
            {
                var u = new double[layer.FilterCount];
                double mean = 0.0;
                for (int k = 0; k < layer.FilterCount; k++)
                {
                    double sum = 0.0;
                    for (int a = 0; a < layer.FilterSize; a++) sum += _parameters[layer.WeightOffset + a] * Projected(layer, k, a, current);
                    u[k] = sum;
                    mean += Activate(layer, sum);
                }

                pre[l] = u;
                post[l] = [mean / layer.FilterCount];
            }

            current = post[l];
        }

        return new ReferencePass(x, pre, post);
    }

    /// <summary>What an image layer (or flatten, dropout, residual) applies its activation to; the output itself for those without one.</summary>
    private double[] ImagePreActivation(int l, LayerInfo layer, double[] current, double[][] pre, double[][] post, DropoutDraw dropout)
    {
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
                return ReferenceImageLayers.Convolve(layer, _parameters, current);
            case LayerKind.MaxPool:
            case LayerKind.AvgPool:
                return ReferenceImageLayers.Pool(layer, current);
            case LayerKind.Flatten:
                return (double[])current.Clone();
            case LayerKind.Dropout:
                return current.Select((value, u) => value * DropoutFactor(l, layer, u, dropout)).ToArray();
            case LayerKind.Residual:
                double[] from = post[FromIndex(layer)];
                return current.Select((value, u) => value + from[u]).ToArray();
            default:
                throw new ArgumentOutOfRangeException(nameof(layer), layer.Kind, $"Layer '{layer.Name}' has an undefined kind.");
        }
    }

    /// <summary>0 for a dropped unit, 1/(1 − p) for a kept one under an active draw; 1 otherwise (dropout is the identity).</summary>
    private static double DropoutFactor(int l, LayerInfo layer, int unit, DropoutDraw dropout)
    {
        if (!dropout.IsActive) return 1.0;
        ulong stream = DropoutMask.Stream(dropout, l);
        return DropoutMask.Keeps(stream, unit, layer.DropoutProbability) ? 1.0 / (1.0 - layer.DropoutProbability) : 0.0;
    }

    private int FromIndex(LayerInfo layer)
    {
        for (int k = 0; k < Layers.Count; k++)
        {
            if (Layers[k].Name == layer.ResidualFrom) return k;
        }

        throw new InvalidOperationException($"Layer '{layer.Name}' adds '{layer.ResidualFrom}', which is not a layer.");
    }

    /// <summary>The output of one sample.</summary>
    public double[] Forward(ReadOnlySpan<double> input) => Run(input).Output;

    /// <summary>The loss of one sample.</summary>
    public double Loss(ReadOnlySpan<double> input, ReadOnlySpan<double> target) => LossOf(Run(input).Output, target);

    /// <summary>The loss of an output ŷ against a target, as src/Runtime/Dsl/Loss.cs defines it.</summary>
    public double LossOf(ReadOnlySpan<double> output, ReadOnlySpan<double> target)
    {
        CheckTarget(target);
        switch (LossFunction)
        {
            case DslNets.Loss.SquaredError:
            {
                double sum = 0.0;
                for (int k = 0; k < output.Length; k++) sum += 0.5 * (output[k] - target[k]) * (output[k] - target[k]);
                return sum;
            }
            case DslNets.Loss.AbsoluteError:
            {
                double sum = 0.0;
                for (int k = 0; k < output.Length; k++) sum += Math.Abs(output[k] - target[k]);
                return sum;
            }
            case DslNets.Loss.Logistic:
                return Softplus(output[0]) - target[0] * output[0];
            case DslNets.Loss.Hinge:
                return Math.Max(0.0, 1.0 - target[0] * output[0]);
            case DslNets.Loss.SoftmaxCrossEntropy:
            {
                double lse = LogSumExp(output);
                double sum = 0.0;
                for (int k = 0; k < output.Length; k++) sum += target[k] * (lse - output[k]);
                return sum;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(LossFunction), LossFunction, "Expected a defined Loss.");
        }
    }

    /// <summary>
    /// Reverse mode over the reference: adds ∇_θ ℓ to <paramref name="parameterGradient"/> (when not empty), writes
    /// ∇_x ℓ to <paramref name="inputGradient"/> (when not empty) and returns ℓ.
    /// </summary>
    public double Gradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> parameterGradient, Span<double> inputGradient, DropoutDraw dropout = default)
    {
        if (!parameterGradient.IsEmpty && parameterGradient.Length != ParameterCount)
            throw new ArgumentException($"Expected a parameter gradient of length {ParameterCount} but got length {parameterGradient.Length}.", nameof(parameterGradient));
        if (!inputGradient.IsEmpty && inputGradient.Length != InputSize)
            throw new ArgumentException($"Expected an input gradient of length {InputSize} but got length {inputGradient.Length}.", nameof(inputGradient));
        ReferencePass pass = Run(input, dropout);
        double[] grad = LossGradient(pass.Output, target);
        var gθ = new double[ParameterCount];
        // Gradients that residual layers send back to the layers whose outputs they add.
        var skipped = new double[Layers.Count][];
        for (int l = Layers.Count - 1; l >= 0; l--)
        {
            LayerInfo layer = Layers[l];
            if (skipped[l] is double[] extra) grad = grad.Select((g, u) => g + extra[u]).ToArray();
            double[] x = l == 0 ? pass.Input : pass.Activations[l - 1];
            var gx = new double[layer.Inputs];
            if (layer.Kind is not (LayerKind.Dense or LayerKind.SharedFilter))
            {
                gx = ImageBackward(l, layer, x, pass, grad, gθ, skipped, dropout);
            }
            else if (layer.Kind == LayerKind.Dense)
            {
                for (int o = 0; o < layer.Outputs; o++)
                {
                    double gz = grad[o] * Derivative(layer, pass.PreActivations[l][o]);
                    if (layer.BiasOffset >= 0) gθ[layer.BiasOffset + o] += gz;
                    for (int i = 0; i < layer.Inputs; i++)
                    {
                        int w = WeightIndex(layer, o, i);
                        gθ[w] += gz * x[i];
                        gx[i] += _parameters[w] * gz;
                    }
                }
            }
            else
            {
                for (int k = 0; k < layer.FilterCount; k++)
                {
                    double gu = grad[0] / layer.FilterCount * Derivative(layer, pass.PreActivations[l][k]);
                    for (int a = 0; a < layer.FilterSize; a++)
                    {
                        double w = _parameters[layer.WeightOffset + a];
                        gθ[layer.WeightOffset + a] += gu * Projected(layer, k, a, x);
                        for (int c = 0; c < layer.Inputs; c++) gx[c] += gu * w * ProjectionEntry(layer, k, a, c);
                    }
                }
            }

            grad = gx;
        }

        if (!parameterGradient.IsEmpty)
        {
            for (int p = 0; p < ParameterCount; p++) parameterGradient[p] += gθ[p];
        }

        if (!inputGradient.IsEmpty) grad.CopyTo(inputGradient);
        return LossOf(pass.Output, target);
    }

    private double[] ImageBackward(int l, LayerInfo layer, double[] x, ReferencePass pass, double[] grad, double[] gθ, double[][] skipped, DropoutDraw dropout)
    {
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
            {
                double[] gz = grad.Select((g, u) => g * Derivative(layer, pass.PreActivations[l][u])).ToArray();
                return ReferenceImageLayers.ConvolveBackward(layer, _parameters, x, gz, gθ);
            }
            case LayerKind.MaxPool:
            case LayerKind.AvgPool:
                return ReferenceImageLayers.PoolBackward(layer, x, grad);
            case LayerKind.Flatten:
                return (double[])grad.Clone();
            case LayerKind.Dropout:
                return grad.Select((g, u) => g * DropoutFactor(l, layer, u, dropout)).ToArray();
            default:
            {
                double[] gz = grad.Select((g, u) => g * Derivative(layer, pass.PreActivations[l][u])).ToArray();
                int from = FromIndex(layer);
                skipped[from] = skipped[from] is double[] earlier ? earlier.Select((g, u) => g + gz[u]).ToArray() : gz;
                return gz;
            }
        }
    }

    /// <summary>
    /// How close the sample is to a point where the loss is not differentiable: the smallest |z| over ReLU and
    /// LeakyReLU pre-activations, |1 − y·z| for hinge, |ŷ − t| for absolute error (+∞ when there is none).
    /// </summary>
    public double KinkDistance(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        ReferencePass pass = Run(input);
        double distance = double.PositiveInfinity;
        for (int l = 0; l < Layers.Count; l++)
        {
            if (Layers[l].Activation is Activation.ReLU or Activation.LeakyReLU)
            {
                foreach (double z in pass.PreActivations[l]) distance = Math.Min(distance, Math.Abs(z));
            }

            distance = Math.Min(distance, ReferenceImageLayers.MaxPoolGap(Layers[l], l == 0 ? pass.Input : pass.Activations[l - 1]));
        }

        if (LossFunction == DslNets.Loss.Hinge) distance = Math.Min(distance, Math.Abs(target[0] * pass.Output[0] - 1.0));
        if (LossFunction == DslNets.Loss.AbsoluteError)
        {
            for (int k = 0; k < OutputSize; k++) distance = Math.Min(distance, Math.Abs(pass.Output[k] - target[k]));
        }

        return distance;
    }

    private double[] LossGradient(double[] output, ReadOnlySpan<double> target)
    {
        CheckTarget(target);
        var g = new double[output.Length];
        switch (LossFunction)
        {
            case DslNets.Loss.SquaredError:
                for (int k = 0; k < g.Length; k++) g[k] = output[k] - target[k];
                break;
            case DslNets.Loss.AbsoluteError:
                for (int k = 0; k < g.Length; k++) g[k] = Math.Sign(output[k] - target[k]);
                break;
            case DslNets.Loss.Logistic:
                g[0] = Sigmoid(output[0]) - target[0];
                break;
            case DslNets.Loss.Hinge:
                g[0] = 1.0 - target[0] * output[0] > 0.0 ? -target[0] : 0.0;
                break;
            case DslNets.Loss.SoftmaxCrossEntropy:
            {
                double lse = LogSumExp(output);
                double mass = 0.0;
                for (int k = 0; k < g.Length; k++) mass += target[k];
                for (int k = 0; k < g.Length; k++) g[k] = mass * Math.Exp(output[k] - lse) - target[k];
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(LossFunction), LossFunction, "Expected a defined Loss.");
        }

        return g;
    }

    // Index into the flat parameters of the weight that multiplies input i into output o.
    private int WeightIndex(LayerInfo layer, int o, int i)
    {
        if (layer.TiedTo is null) return layer.WeightOffset + o * layer.Inputs + i;
        LayerInfo target = Target(layer);
        // The target's matrix is target.Outputs × target.Inputs = layer.Inputs × layer.Outputs; this layer uses its transpose.
        return target.WeightOffset + i * target.Inputs + o;
    }

    // (A_k x)_a.
    private double Projected(LayerInfo layer, int k, int a, double[] x)
    {
        if (layer.Stride > 0) return x[k * layer.Stride + a];
        double sum = 0.0;
        for (int c = 0; c < layer.Inputs; c++) sum += ProjectionEntry(layer, k, a, c) * x[c];
        return sum;
    }

    // A_k[a, c].
    private double ProjectionEntry(LayerInfo layer, int k, int a, int c)
    {
        if (layer.Stride > 0) return c == k * layer.Stride + a ? 1.0 : 0.0;
        return _constants[layer.ConstantOffset + (k * layer.FilterSize + a) * layer.Inputs + c];
    }

    private LayerInfo Target(LayerInfo layer) =>
        Layers.FirstOrDefault(other => other.Name == layer.TiedTo)
        ?? throw new InvalidOperationException($"Layer '{layer.Name}' is tied to '{layer.TiedTo}', which is not a layer.");

    private static double Activate(LayerInfo layer, double z) => layer.Activation switch
    {
        Activation.Identity => z,
        Activation.ReLU => z > 0.0 ? z : 0.0,
        Activation.LeakyReLU => z > 0.0 ? z : layer.LeakySlope * z,
        Activation.Sigmoid => Sigmoid(z),
        Activation.Tanh => Math.Tanh(z),
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, $"Layer '{layer.Name}' has an undefined activation."),
    };

    private static double Derivative(LayerInfo layer, double z) => layer.Activation switch
    {
        Activation.Identity => 1.0,
        Activation.ReLU => z > 0.0 ? 1.0 : 0.0,
        Activation.LeakyReLU => z > 0.0 ? 1.0 : layer.LeakySlope,
        Activation.Sigmoid => Sigmoid(z) * (1.0 - Sigmoid(z)),
        Activation.Tanh => 1.0 - Math.Tanh(z) * Math.Tanh(z),
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, $"Layer '{layer.Name}' has an undefined activation."),
    };

    private static double Sigmoid(double z) => z >= 0.0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));

    private static double Softplus(double z) => Math.Max(z, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(z)));

    private static double LogSumExp(ReadOnlySpan<double> z)
    {
        double max = double.NegativeInfinity;
        foreach (double value in z) max = Math.Max(max, value);
        double sum = 0.0;
        foreach (double value in z) sum += Math.Exp(value - max);
        return max + Math.Log(sum);
    }

    private void CheckTarget(ReadOnlySpan<double> target)
    {
        if (target.Length != OutputSize) throw new ArgumentException($"Expected a target of length {OutputSize} but got length {target.Length}.", nameof(target));
    }

    private void Validate()
    {
        int inputs = InputSize;
        for (int l = 0; l < Layers.Count; l++)
        {
            LayerInfo layer = Layers[l];
            string where = $"Layer '{layer.Name}'";
            if (layer.Inputs != inputs) throw new ArgumentException($"{where} has {layer.Inputs} inputs but the previous layer produces {inputs}.");
            if (layer.Outputs < 1) throw new ArgumentException($"{where} has {layer.Outputs} outputs; expected at least 1.");
            if (layer.Kind is not (LayerKind.Dense or LayerKind.SharedFilter))
            {
                ValidateImageLayer(l, layer, where);
                inputs = layer.Outputs;
                continue;
            }

            RequireRange(where, "bias", layer.BiasOffset, layer.BiasOffset < 0 ? 0 : layer.Outputs, _parameters.Length);
            if (layer.Kind == LayerKind.Dense)
            {
                if (layer.TiedTo is null)
                {
                    RequireRange(where, "weights", layer.WeightOffset, layer.Outputs * layer.Inputs, _parameters.Length);
                }
                else
                {
                    int index = Layers.Take(l).ToList().FindIndex(other => other.Name == layer.TiedTo);
                    if (index < 0) throw new ArgumentException($"{where} is tied to '{layer.TiedTo}', which is no earlier layer.");
                    LayerInfo target = Layers[index];
                    if (target.Kind != LayerKind.Dense || target.TiedTo is not null)
                        throw new ArgumentException($"{where} is tied to '{target.Name}', which does not own a dense weight matrix.");
                    if (target.Outputs != layer.Inputs || target.Inputs != layer.Outputs)
                        throw new ArgumentException($"{where} maps {layer.Inputs} to {layer.Outputs} but the transpose of '{target.Name}' maps {target.Outputs} to {target.Inputs}.");
                }
            }
            else
            {
                if (layer.Outputs != 1) throw new ArgumentException($"{where} is a shared filter with {layer.Outputs} outputs; expected 1.");
                if (layer.BiasOffset >= 0) throw new ArgumentException($"{where} is a shared filter with a bias; the DSL defines none.");
                if (layer.FilterSize < 1 || layer.FilterCount < 1) throw new ArgumentException($"{where} has filter size {layer.FilterSize} and count {layer.FilterCount}; expected both at least 1.");
                RequireRange(where, "filter", layer.WeightOffset, layer.FilterSize, _parameters.Length);
                if (layer.Stride > 0)
                {
                    int needed = (layer.FilterCount - 1) * layer.Stride + layer.FilterSize;
                    if (needed > layer.Inputs) throw new ArgumentException($"{where}: patches need {needed} inputs but the layer has {layer.Inputs}.");
                }
                else
                {
                    RequireRange(where, "matrices", layer.ConstantOffset, layer.FilterCount * layer.FilterSize * layer.Inputs, _constants.Length);
                }
            }

            inputs = layer.Outputs;
        }
    }

    private void ValidateImageLayer(int l, LayerInfo layer, string where)
    {
        if (layer.InputShape is ImageShape input && input.Size != layer.Inputs)
            throw new ArgumentException($"{where} reads an image {input} of {input.Size} numbers but has {layer.Inputs} inputs.");
        if (layer.OutputShape is ImageShape output && output.Size != layer.Outputs)
            throw new ArgumentException($"{where} gives an image {output} of {output.Size} numbers but has {layer.Outputs} outputs.");
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
            case LayerKind.MaxPool:
            case LayerKind.AvgPool:
            {
                if (layer.InputShape is not ImageShape i || layer.OutputShape is not ImageShape o)
                    throw new ArgumentException($"{where} is a {layer.Kind} layer without image shapes.");
                int rows = (i.Height + 2 * layer.Padding - layer.KernelHeight) / layer.Stride + 1;
                int columns = (i.Width + 2 * layer.Padding - layer.KernelWidth) / layer.Stride + 1;
                int channels = layer.Kind == LayerKind.Conv2D ? o.Channels : i.Channels;
                if (o != new ImageShape(channels, rows, columns))
                    throw new ArgumentException($"{where}: a {layer.KernelHeight}×{layer.KernelWidth} window with stride {layer.Stride} and padding {layer.Padding} on {i} gives {channels}×{rows}×{columns}, not {o}.");
                if (layer.Kind == LayerKind.Conv2D)
                {
                    RequireRange(where, "weights", layer.WeightOffset, o.Channels * i.Channels * layer.KernelHeight * layer.KernelWidth, _parameters.Length);
                    RequireRange(where, "bias", layer.BiasOffset, layer.BiasOffset < 0 ? 0 : o.Channels, _parameters.Length);
                }
                else if (layer.WeightCount + layer.BiasCount > 0)
                {
                    throw new ArgumentException($"{where} is a pooling layer with parameters.");
                }

                break;
            }
            case LayerKind.Residual:
            {
                int from = Layers.Take(l).ToList().FindIndex(other => other.Name == layer.ResidualFrom);
                if (from < 0) throw new ArgumentException($"{where} adds '{layer.ResidualFrom}', which is no earlier layer.");
                if (Layers[from].Outputs != layer.Outputs || Layers[from].OutputShape != layer.OutputShape)
                    throw new ArgumentException($"{where} adds '{Layers[from].Name}' of {Layers[from].Outputs} numbers to {layer.Outputs}.");
                break;
            }
            default:
                if (layer.Outputs != layer.Inputs) throw new ArgumentException($"{where} ({layer.Kind}) changes {layer.Inputs} numbers into {layer.Outputs}.");
                break;
        }
    }

    private static void RequireRange(string where, string what, int offset, int count, int length)
    {
        if (count == 0) return;
        if (offset < 0 || offset + count > length)
            throw new ArgumentException($"{where}: its {what} at offset {offset} with length {count} do not fit in {length} numbers.");
    }
}
