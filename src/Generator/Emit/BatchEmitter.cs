using System.Linq;
using DslNets.Generator.Model;

namespace DslNets.Generator.Emit;

/// <summary>
/// Writes the batched paths of dense networks: each layer's outputs for the whole batch as one matrix, the products
/// done by the runtime's packed, register-blocked matrix kernel (DslNets.Kernels), activations applied over whole
/// matrices. Batch matrices live in a thread-static scratch array that only grows, so repeated calls allocate nothing.
/// Networks with shared-filter layers, or whose layers are all small enough to unroll, keep the per-sample loop.
/// </summary>
internal sealed class BatchEmitter
{
    /// <summary>Below this many samples the per-sample kernels are at least as fast.</summary>
    internal const int MinimumBatch = 16;

    private readonly ShapedNetwork _n;
    private readonly IndentedWriter _w;
    private readonly string _t;

    // The generated variable that counts the samples a layer's products cover ("batch", or a group's "rows").
    private readonly string _rows;

    public BatchEmitter(ShapedNetwork network, IndentedWriter writer, string rows = "batch")
    {
        _n = network;
        _w = writer;
        _t = network.T;
        _rows = rows;
    }

    /// <summary>Whether this network gets the matrix-kernel batch path.</summary>
    public static bool Applies(ShapedNetwork network) =>
        network.Layers.All(l => l.IsDense) &&
        network.Layers.Any(l => l.Inputs * l.Outputs > KernelEmitter.UnrollLimit || l.Inputs > KernelEmitter.UnrollInputLimit);

    private static string I(int value) => Numbers.Int(value);

    private string L(double value) => Numbers.Literal(value, _n.IsDouble);

    private int[] Offsets(bool withGradients)
    {
        // Layer l's activations start at offsets[l]·batch; with gradients each layer also has a gradient block after them.
        int[] offsets = new int[_n.Layers.Length + 1];
        int total = 0;
        for (int l = 0; l < _n.Layers.Length; l++)
        {
            offsets[l] = total;
            total += _n.Layers[l].Outputs * (withGradients ? 2 : 1);
        }

        offsets[_n.Layers.Length] = total;
        return offsets;
    }

    private string Block(string scratch, int offset, int width) =>
        $"new global::System.Span<{_t}>({scratch}, {I(offset)} * batch, {I(width)} * batch)";

    public void EmitScratch()
    {
        _w.Line("[global::System.ThreadStatic] private static " + _t + "[]? __batchScratch;");
        _w.Line();
        _w.Open($"private static {_t}[] __Scratch(int length)");
        _w.Line($"{_t}[]? scratch = __batchScratch;");
        _w.Line($"if (scratch is null || scratch.Length < length) __batchScratch = scratch = new {_t}[length];");
        _w.Line("return scratch;");
        _w.Close();
        _w.Line();
    }

    public void EmitForwardBatch()
    {
        int[] offsets = Offsets(withGradients: false);
        _w.Open($"private void __ForwardBatchMatrix(global::System.ReadOnlySpan<{_t}> inputs, global::System.Span<{_t}> outputs, int batch)");
        _w.Line($"global::System.ReadOnlySpan<{_t}> p = __parameters;");
        _w.Line($"{_t}[] scratch = __Scratch({I(offsets[_n.Layers.Length - 1])} * batch);");
        for (int l = 0; l < _n.Layers.Length; l++)
        {
            ShapedLayer layer = _n.Layers[l];
            string input = l == 0 ? "inputs" : $"a{I(l - 1)}";
            string output = l == _n.Layers.Length - 1 ? "outputs" : $"a{I(l)}";
            if (l < _n.Layers.Length - 1) _w.Line($"global::System.Span<{_t}> a{I(l)} = {Block("scratch", offsets[l], layer.Outputs)};");
            EmitLayerForward(layer, input, output);
        }

        _w.Close();
        _w.Line();
    }

    public void EmitGradientBatch()
    {
        int[] offsets = Offsets(withGradients: true);
        int count = _n.Layers.Length;
        // inputGradient is batch×InputSize, or empty when the caller wants only the parameter gradient.
        _w.Open($"private {_t} __GradientBatchMatrix(global::System.ReadOnlySpan<{_t}> inputs, global::System.ReadOnlySpan<{_t}> targets, global::System.Span<{_t}> gradient, global::System.Span<{_t}> inputGradient, {_t} scale, int batch)");
        _w.Line($"global::System.ReadOnlySpan<{_t}> p = __parameters;");
        _w.Line($"{_t}[] scratch = __Scratch({I(offsets[count])} * batch);");
        for (int l = 0; l < count; l++)
        {
            ShapedLayer layer = _n.Layers[l];
            _w.Line($"global::System.Span<{_t}> a{I(l)} = {Block("scratch", offsets[l], layer.Outputs)};");
            _w.Line($"global::System.Span<{_t}> d{I(l)} = {Block("scratch", offsets[l] + layer.Outputs, layer.Outputs)};");
        }

        for (int l = 0; l < count; l++)
        {
            EmitLayerForward(_n.Layers[l], l == 0 ? "inputs" : $"a{I(l - 1)}", $"a{I(l)}");
        }

        string last = I(count - 1);
        _w.Line("// Loss and its gradient, one output row at a time.");
        _w.Line($"{_t} total = 0;");
        _w.Line($"ref {_t} y = ref __M.GetReference(a{last});");
        _w.Line($"ref {_t} t = ref __M.GetReference(targets);");
        _w.Line($"ref {_t} dy = ref __M.GetReference(d{last});");
        _w.Open("for (int i = 0; i < batch; i++)");
        _w.Line("total += __LossGradient(ref __U.Add(ref y, i * OutputSize), ref __U.Add(ref t, i * OutputSize), ref __U.Add(ref dy, i * OutputSize), scale);");
        _w.Close();
        for (int l = count - 1; l >= 0; l--)
        {
            EmitLayerBackward(_n.Layers[l], l == 0 ? "inputs" : $"a{I(l - 1)}", $"a{I(l)}", $"d{I(l)}", l > 0 ? $"d{I(l - 1)}" : "inputGradient");
        }

        _w.Line("return total;");
        _w.Close();
        _w.Line();
    }

    /// <summary>Δ ← Δ·act′ over a whole block, act′ written in terms of the activations (nothing for Identity).</summary>
    internal void EmitDerivative(ShapedLayer layer, string activations, string delta)
    {
        if (layer.Activation == ActivationCodes.ReLU)
        {
            // The commonest activation in one SIMD pass of the runtime (a scalar loop here costs a bounds check per number).
            _w.Line($"global::DslNets.Kernels.ActivationKernels.ReluBackward<{_t}>({activations}, {delta});");
            return;
        }

        string? derivative = layer.Activation switch
        {
            ActivationCodes.LeakyReLU => $"if (!({activations}[i] > {L(0)})) {delta}[i] *= {L(layer.Spec.LeakySlope)};",
            ActivationCodes.Sigmoid => $"{delta}[i] *= {activations}[i] * ({L(1)} - {activations}[i]);",
            ActivationCodes.Tanh => $"{delta}[i] *= {L(1)} - {activations}[i] * {activations}[i];",
            _ => null,
        };
        if (derivative is not null) _w.Line($"for (int i = 0; i < {delta}.Length; i++) {derivative}");
    }

    private string WeightSlice(string source, ShapedLayer layer) => $"{source}.Slice({I(layer.UsedWeightOffset)}, {I(layer.Inputs * layer.Outputs)})";

    /// <summary>A dense layer's batched forward pass, its activation included.</summary>
    internal void EmitLayerForward(ShapedLayer layer, string input, string output)
    {
        string n = I(layer.Inputs), m = I(layer.Outputs);
        _w.Line($"// {layer.Name}: {I(layer.Inputs)} -> {I(layer.Outputs)}{(layer.IsTied ? $", transposed weights of '{layer.Spec.TiedTo}'" : "")}");
        string bias = layer.BiasOffset >= 0 ? $"p.Slice({I(layer.BiasOffset)}, {m})" : $"global::System.ReadOnlySpan<{_t}>.Empty";
        if (!layer.IsTied)
        {
            _w.Line($"global::DslNets.Kernels.DenseKernels.Forward<{_t}>({input}, {WeightSlice("p", layer)}, {bias}, {output}, {_rows}, {n}, {m});");
        }
        else
        {
            // Y = X·M + b with M (inputs×outputs) the tied target's weight matrix as stored.
            _w.Open("");
            _w.Line($"{_t} beta = 0;");
            if (layer.BiasOffset >= 0)
            {
                _w.Line($"for (int i = 0; i < {_rows}; i++) {bias}.CopyTo({output}.Slice(i * {m}, {m}));");
                _w.Line("beta = 1;");
            }

            _w.Line($"global::DslNets.Kernels.Gemm.Multiply<{_t}>(global::DslNets.Kernels.MatrixOp.None, global::DslNets.Kernels.MatrixOp.None, {_rows}, {m}, {n}, 1, {input}, {WeightSlice("p", layer)}, beta, {output});");
            _w.Close();
        }

        EmitActivation(layer, output);
    }

    /// <summary>The layer's activation applied over a whole block in place.</summary>
    internal void EmitActivation(ShapedLayer layer, string output)
    {
        switch (layer.Activation)
        {
            case ActivationCodes.ReLU:
                _w.Line($"__TP.Max({output}, {L(0)}, {output});");
                break;
            case ActivationCodes.LeakyReLU:
                _w.Open($"for (int i = 0; i < {output}.Length; i++)");
                _w.Line($"{_t} z = {output}[i];");
                _w.Line($"if (z < {L(0)}) {output}[i] = {L(layer.Spec.LeakySlope)} * z;");
                _w.Close();
                break;
            case ActivationCodes.Sigmoid:
                _w.Line($"__TP.Sigmoid({output}, {output});");
                break;
            case ActivationCodes.Tanh:
                _w.Line($"__TP.Tanh({output}, {output});");
                break;
        }
    }

    /// <summary>A dense layer's batched backward pass: derivative, parameter gradients, the previous layer's gradient.</summary>
    internal void EmitLayerBackward(ShapedLayer layer, string input, string activations, string delta, string previous)
    {
        string n = I(layer.Inputs), m = I(layer.Outputs);
        _w.Line($"// {layer.Name}: backward");
        EmitDerivative(layer, activations, delta);
        if (!layer.IsTied)
        {
            _w.Line($"global::DslNets.Kernels.DenseKernels.WeightGradient<{_t}>({delta}, {input}, {WeightSlice("gradient", layer)}, {_rows}, {n}, {m});");
        }
        else
        {
            _w.Line($"global::DslNets.Kernels.Gemm.Multiply<{_t}>(global::DslNets.Kernels.MatrixOp.Transpose, global::DslNets.Kernels.MatrixOp.None, {n}, {m}, {_rows}, 1, {input}, {delta}, 1, {WeightSlice("gradient", layer)});");
        }

        if (layer.BiasOffset >= 0)
        {
            _w.Line($"global::DslNets.Kernels.DenseKernels.BiasGradient<{_t}>({delta}, gradient.Slice({I(layer.BiasOffset)}, {m}), {_rows}, {m});");
        }

        // Both kernels overwrite the previous gradient (the first layer's is the caller's input gradient, when asked for).
        string product = layer.IsTied
            ? $"global::DslNets.Kernels.Gemm.Multiply<{_t}>(global::DslNets.Kernels.MatrixOp.None, global::DslNets.Kernels.MatrixOp.Transpose, {_rows}, {n}, {m}, 1, {delta}, {WeightSlice("p", layer)}, 0, {previous});"
            : $"global::DslNets.Kernels.DenseKernels.InputGradient<{_t}>({delta}, {WeightSlice("p", layer)}, {previous}, {_rows}, {n}, {m});";
        _w.Line(layer.Index == 0 ? $"if (!{previous}.IsEmpty) {product}" : product);
    }
}
