using System.Collections.Generic;
using System.Linq;
using DslNets.Generator.Model;

namespace DslNets.Generator.Emit;

/// <summary>
/// Writes the per-sample kernels: forward, loss, and reverse-mode gradient, layer by layer with every size a
/// constant. Small layers are unrolled outright; larger ones are constant-bound loops over SIMD primitives
/// (TensorPrimitives). Kernels take refs whose lengths the public wrappers have checked, so they carry no
/// bounds checks, allocate nothing and throw nothing.
/// </summary>
internal sealed class KernelEmitter
{
    /// <summary>Layers at most this large (inputs × outputs) are unrolled into straight-line code.</summary>
    internal const int UnrollLimit = 256;

    /// <summary>And have at most this many inputs (each becomes a local).</summary>
    internal const int UnrollInputLimit = 32;

    private readonly ShapedNetwork _network;
    private readonly IndentedWriter _w;
    private readonly string _t;
    private readonly string _math;

    public KernelEmitter(ShapedNetwork network, IndentedWriter writer)
    {
        _network = network;
        _w = writer;
        _t = network.T;
        _math = network.IsDouble ? "global::System.Math" : "global::System.MathF";
    }

    private string L(double value) => Numbers.Literal(value, _network.IsDouble);

    private static string I(int value) => Numbers.Int(value);

    private static string At(string reference, string index) => index == "0" ? $"__U.Add(ref {reference}, 0)" : $"__U.Add(ref {reference}, {index})";

    private static string At(string reference, int index) => $"__U.Add(ref {reference}, {I(index)})";

    private string RoSpan(string reference, string offset, string length) =>
        $"__M.CreateReadOnlySpan(ref __U.Add(ref {reference}, {offset}), {length})";

    private string Span(string reference, string offset, string length) =>
        $"__M.CreateSpan(ref __U.Add(ref {reference}, {offset}), {length})";

    /// <summary>The sizes of every stack buffer the kernels declare (for the buffer structs).</summary>
    public static IEnumerable<int> BufferSizes(ShapedNetwork network)
    {
        foreach (ShapedLayer layer in network.Layers)
        {
            yield return layer.Outputs;
            if (!layer.IsDense)
            {
                yield return layer.Spec.Count;
                if (!layer.UsesPatches) yield return layer.Spec.Count * layer.Spec.FilterSize;
            }
        }

        yield return network.Outputs;
    }

    private static bool Unrolled(ShapedLayer layer) =>
        layer.IsDense && layer.Inputs * layer.Outputs <= UnrollLimit && layer.Inputs <= UnrollInputLimit;

    private void DeclareBuffer(string name, int size)
    {
        _w.Line($"__U.SkipInit(out __Buffer{I(size)} __{name});");
        _w.Line($"ref {_t} {name} = ref __U.As<__Buffer{I(size)}, {_t}>(ref __{name});");
    }

    private string Activate(int activation, double slope, string z) => activation switch
    {
        ActivationCodes.ReLU => $"{z} < {L(0)} ? {L(0)} : {z}",
        ActivationCodes.LeakyReLU => $"{z} < {L(0)} ? {L(slope)} * {z} : {z}",
        ActivationCodes.Sigmoid => $"{L(1)} / ({L(1)} + {_math}.Exp(-{z}))",
        ActivationCodes.Tanh => $"{_math}.Tanh({z})",
        _ => z,
    };

    /// <summary>d ← d·act′ where act′ is written in terms of the activation's output a.</summary>
    private string? ScaleByDerivative(int activation, double slope, string a, string d) => activation switch
    {
        ActivationCodes.ReLU => $"{d} = {a} > {L(0)} ? {d} : {L(0)};",
        ActivationCodes.LeakyReLU => $"{d} = {a} > {L(0)} ? {d} : {L(slope)} * {d};",
        ActivationCodes.Sigmoid => $"{d} *= {a} * ({L(1)} - {a});",
        ActivationCodes.Tanh => $"{d} *= {L(1)} - {a} * {a};",
        _ => null,
    };

    // ---------------------------------------------------------------- kernels

    /// <summary>Forward of one sample: x → y.</summary>
    public void EmitForwardKernel()
    {
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        _w.Open($"private static void __Forward(ref {_t} p, ref {_t} c, ref {_t} x, ref {_t} y)");
        int count = _network.Layers.Length;
        for (int i = 0; i < count - 1; i++)
        {
            DeclareBuffer("a" + I(i), _network.Layers[i].Outputs);
        }

        for (int i = 0; i < count; i++)
        {
            string input = i == 0 ? "x" : "a" + I(i - 1);
            string output = i == count - 1 ? "y" : "a" + I(i);
            EmitLayerForward(_network.Layers[i], input, output, store: false);
        }

        _w.Close();
    }

    /// <summary>Loss of one sample (no gradient).</summary>
    public void EmitLossKernel()
    {
        _w.Open($"private static {_t} __Loss(ref {_t} p, ref {_t} c, ref {_t} x, ref {_t} t)");
        DeclareBuffer("y", _network.Outputs);
        _w.Line("__Forward(ref p, ref c, ref x, ref y);");
        EmitLoss("y", "t", gradient: null, scale: L(1));
        _w.Line("return loss;");
        _w.Close();
    }

    /// <summary>Loss and reverse-mode gradient of one sample, accumulated into g (and written into gx).</summary>
    public void EmitGradientKernel(bool withInputGradient)
    {
        string name = withInputGradient ? "__GradientWithInput" : "__Gradient";
        string extra = withInputGradient ? $", ref {_t} gx" : "";
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        _w.Open($"private static {_t} {name}(ref {_t} p, ref {_t} c, ref {_t} x, ref {_t} t, ref {_t} g{extra}, {_t} scale)");
        int count = _network.Layers.Length;
        for (int i = 0; i < count; i++)
        {
            ShapedLayer layer = _network.Layers[i];
            DeclareBuffer("a" + I(i), layer.Outputs);
            DeclareBuffer("d" + I(i), layer.Outputs);
            if (!layer.IsDense)
            {
                DeclareBuffer("s" + I(i), layer.Spec.Count);
                if (!layer.UsesPatches) DeclareBuffer("u" + I(i), layer.Spec.Count * layer.Spec.FilterSize);
            }
        }

        _w.Line("// Forward, keeping every layer's output.");
        for (int i = 0; i < count; i++)
        {
            EmitLayerForward(_network.Layers[i], i == 0 ? "x" : "a" + I(i - 1), "a" + I(i), store: true);
        }

        _w.Line("// Loss and its gradient with respect to the output.");
        EmitLoss("a" + I(count - 1), "t", gradient: "d" + I(count - 1), scale: "scale");
        _w.Line("// Backward, last layer first.");
        for (int i = count - 1; i >= 0; i--)
        {
            string input = i == 0 ? "x" : "a" + I(i - 1);
            string? previousGradient = i > 0 ? "d" + I(i - 1) : withInputGradient ? "gx" : null;
            EmitLayerBackward(_network.Layers[i], input, "a" + I(i), "d" + I(i), previousGradient);
        }

        _w.Line("return loss;");
        _w.Close();
    }

    /// <summary>Loss and its output gradient for one output row (the batched path's per-sample step).</summary>
    public void EmitLossGradientHelper()
    {
        _w.Open($"private static {_t} __LossGradient(ref {_t} y, ref {_t} t, ref {_t} dy, {_t} scale)");
        EmitLoss("y", "t", gradient: "dy", scale: "scale");
        _w.Line("return loss;");
        _w.Close();
    }

    // ---------------------------------------------------------------- forward per layer

    private void EmitLayerForward(ShapedLayer layer, string input, string output, bool store)
    {
        _w.Line($"// {layer.Name}: {Describe(layer)}");
        _w.Open("");
        if (!layer.IsDense) EmitSharedFilterForward(layer, input, output, store);
        else if (Unrolled(layer)) EmitDenseForwardUnrolled(layer, input, output);
        else if (layer.IsTied) EmitTiedForwardLoop(layer, input, output);
        else EmitDenseForwardLoop(layer, input, output);
        _w.Close();
    }

    private static string Describe(ShapedLayer layer)
    {
        string activation = ActivationCodes.Names[layer.Activation];
        if (!layer.IsDense)
        {
            string mode = layer.UsesPatches ? $"patches, stride {I(layer.Spec.Stride)}" : "fixed matrices";
            return $"shared filter r = {I(layer.Spec.FilterSize)}, k = {I(layer.Spec.Count)} ({mode}), {I(layer.Inputs)} -> 1, {activation}";
        }

        string tie = layer.IsTied ? $", transposed weights of '{layer.Spec.TiedTo}'" : "";
        return $"dense {I(layer.Inputs)} -> {I(layer.Outputs)}, {activation}{tie}";
    }

    /// <summary>Index of weight (output o, input j) in the flat vector, for own or tied (transposed) weights.</summary>
    private static int WeightIndex(ShapedLayer layer, int o, int j) =>
        layer.IsTied ? layer.UsedWeightOffset + j * layer.Outputs + o : layer.UsedWeightOffset + o * layer.Inputs + j;

    private void EmitDenseForwardUnrolled(ShapedLayer layer, string input, string output)
    {
        for (int j = 0; j < layer.Inputs; j++)
        {
            _w.Line($"{_t} i{I(j)} = {At(input, j)};");
        }

        _w.Line($"{_t} z;");
        for (int o = 0; o < layer.Outputs; o++)
        {
            var terms = new List<string>();
            if (layer.BiasOffset >= 0) terms.Add(At("p", layer.BiasOffset + o));
            for (int j = 0; j < layer.Inputs; j++)
            {
                terms.Add($"{At("p", WeightIndex(layer, o, j))} * i{I(j)}");
            }

            _w.Line($"z = {string.Join(" + ", terms)};");
            _w.Line($"{At(output, o)} = {Activate(layer.Activation, layer.Spec.LeakySlope, "z")};");
        }
    }

    private void EmitDenseForwardLoop(ShapedLayer layer, string input, string output)
    {
        string n = I(layer.Inputs);
        _w.Line($"global::System.ReadOnlySpan<{_t}> inputs = __M.CreateReadOnlySpan(ref {input}, {n});");
        _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
        string bias = layer.BiasOffset >= 0 ? $"{At("p", $"{I(layer.BiasOffset)} + o")} + " : "";
        _w.Line($"{_t} z = {bias}__TP.Dot({RoSpan("p", $"{I(layer.UsedWeightOffset)} + o * {n}", n)}, inputs);");
        _w.Line($"{At(output, "o")} = {Activate(layer.Activation, layer.Spec.LeakySlope, "z")};");
        _w.Close();
    }

    private void EmitTiedForwardLoop(ShapedLayer layer, string input, string output)
    {
        string m = I(layer.Outputs);
        _w.Line($"global::System.Span<{_t}> z = __M.CreateSpan(ref {output}, {m});");
        _w.Line(layer.BiasOffset >= 0 ? $"{RoSpan("p", I(layer.BiasOffset), m)}.CopyTo(z);" : "z.Clear();");
        _w.Open($"for (int j = 0; j < {I(layer.Inputs)}; j++)");
        _w.Line($"{_t} h = {At(input, "j")};");
        _w.Line("// Row j of the shared matrix, scaled by input j (skipped when zero, as after a ReLU).");
        _w.Line($"if (h != {L(0)}) __TP.MultiplyAdd({RoSpan("p", $"{I(layer.UsedWeightOffset)} + j * {m}", m)}, h, z, z);");
        _w.Close();
        if (layer.Activation != ActivationCodes.Identity)
        {
            _w.Open($"for (int o = 0; o < {m}; o++)");
            _w.Line($"{_t} v = z[o];");
            _w.Line($"z[o] = {Activate(layer.Activation, layer.Spec.LeakySlope, "v")};");
            _w.Close();
        }
    }

    private void EmitSharedFilterForward(ShapedLayer layer, string input, string output, bool store)
    {
        LayerSpec spec = layer.Spec;
        string r = I(spec.FilterSize), k = I(spec.Count), n = I(layer.Inputs);
        string w = I(layer.WeightOffset);
        _w.Line($"{_t} sum = {L(0)};");
        if (layer.UsesPatches)
        {
            _w.Line($"global::System.ReadOnlySpan<{_t}> filter = {RoSpan("p", w, r)};");
            _w.Open($"for (int i = 0; i < {k}; i++)");
            _w.Line($"{_t} z = __TP.Dot(filter, {RoSpan(input, $"i * {I(spec.Stride)}", r)});");
        }
        else
        {
            _w.Line($"global::System.ReadOnlySpan<{_t}> inputs = __M.CreateReadOnlySpan(ref {input}, {n});");
            _w.Open($"for (int i = 0; i < {k}; i++)");
            _w.Line($"{_t} z = {L(0)};");
            _w.Open($"for (int a = 0; a < {r}; a++)");
            _w.Line($"// (A_i x)_a: row a of the fixed matrix A_i times the input.");
            _w.Line($"{_t} u = __TP.Dot({RoSpan("c", $"{I(layer.ConstantOffset)} + (i * {r} + a) * {n}", n)}, inputs);");
            if (store) _w.Line($"{At("u" + I(layer.Index), $"i * {r} + a")} = u;");
            _w.Line($"z += {At("p", $"{w} + a")} * u;");
            _w.Close();
        }

        _w.Line($"{_t} activated = {Activate(layer.Activation, spec.LeakySlope, "z")};");
        if (store) _w.Line($"{At("s" + I(layer.Index), "i")} = activated;");
        _w.Line("sum += activated;");
        _w.Close();
        _w.Line($"{At(output, 0)} = sum * {L(1.0 / spec.Count)};");
    }

    // ---------------------------------------------------------------- backward per layer

    private void EmitLayerBackward(ShapedLayer layer, string input, string activations, string delta, string? previousGradient)
    {
        _w.Line($"// {layer.Name}: backward");
        _w.Open("");
        if (!layer.IsDense)
        {
            EmitSharedFilterBackward(layer, input, delta, previousGradient);
            _w.Close();
            return;
        }

        // dL/da -> dL/dz, in place.
        string? derivative = ScaleByDerivative(layer.Activation, layer.Spec.LeakySlope, "a", "d");
        if (derivative is not null)
        {
            _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
            _w.Line($"{_t} a = {At(activations, "o")};");
            _w.Line($"ref {_t} d = ref {At(delta, "o")};");
            _w.Line(derivative);
            _w.Close();
        }

        if (Unrolled(layer)) EmitDenseBackwardUnrolled(layer, input, delta, previousGradient);
        else if (layer.IsTied) EmitTiedBackwardLoop(layer, input, delta, previousGradient);
        else EmitDenseBackwardLoop(layer, input, delta, previousGradient);
        _w.Close();
    }

    private void EmitDenseBackwardUnrolled(ShapedLayer layer, string input, string delta, string? previousGradient)
    {
        for (int o = 0; o < layer.Outputs; o++)
        {
            _w.Line($"{_t} dz{I(o)} = {At(delta, o)};");
        }

        for (int j = 0; j < layer.Inputs; j++)
        {
            _w.Line($"{_t} i{I(j)} = {At(input, j)};");
        }

        for (int o = 0; o < layer.Outputs; o++)
        {
            if (layer.BiasOffset >= 0) _w.Line($"{At("g", layer.BiasOffset + o)} += dz{I(o)};");
            for (int j = 0; j < layer.Inputs; j++)
            {
                _w.Line($"{At("g", WeightIndex(layer, o, j))} += dz{I(o)} * i{I(j)};");
            }
        }

        if (previousGradient is null) return;
        for (int j = 0; j < layer.Inputs; j++)
        {
            IEnumerable<string> terms = Enumerable.Range(0, layer.Outputs).Select(o => $"{At("p", WeightIndex(layer, o, j))} * dz{I(o)}");
            _w.Line($"{At(previousGradient, j)} = {string.Join(" + ", terms)};");
        }
    }

    private void EmitDenseBackwardLoop(ShapedLayer layer, string input, string delta, string? previousGradient)
    {
        string n = I(layer.Inputs);
        string w = I(layer.UsedWeightOffset);
        _w.Line($"global::System.ReadOnlySpan<{_t}> inputs = __M.CreateReadOnlySpan(ref {input}, {n});");
        if (previousGradient is not null)
        {
            _w.Line($"global::System.Span<{_t}> back = __M.CreateSpan(ref {previousGradient}, {n});");
            _w.Line("back.Clear();");
        }

        _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
        _w.Line($"{_t} dz = {At(delta, "o")};");
        _w.Line($"if (dz == {L(0)}) continue; // nothing flows through this neuron (a ReLU that was off)");
        if (layer.BiasOffset >= 0) _w.Line($"{At("g", $"{I(layer.BiasOffset)} + o")} += dz;");
        _w.Line($"global::System.Span<{_t}> row = {Span("g", $"{w} + o * {n}", n)};");
        _w.Line("__TP.MultiplyAdd(inputs, dz, row, row);");
        if (previousGradient is not null)
        {
            _w.Line($"__TP.MultiplyAdd({RoSpan("p", $"{w} + o * {n}", n)}, dz, back, back);");
        }

        _w.Close();
    }

    private void EmitTiedBackwardLoop(ShapedLayer layer, string input, string delta, string? previousGradient)
    {
        string m = I(layer.Outputs);
        string w = I(layer.UsedWeightOffset);
        _w.Line($"global::System.ReadOnlySpan<{_t}> dz = __M.CreateReadOnlySpan(ref {delta}, {m});");
        if (layer.BiasOffset >= 0)
        {
            _w.Line($"global::System.Span<{_t}> bias = {Span("g", I(layer.BiasOffset), m)};");
            _w.Line("__TP.Add(bias, dz, bias);");
        }

        _w.Open($"for (int j = 0; j < {I(layer.Inputs)}; j++)");
        _w.Line($"{_t} h = {At(input, "j")};");
        _w.Open($"if (h != {L(0)})");
        _w.Line($"global::System.Span<{_t}> row = {Span("g", $"{w} + j * {m}", m)};");
        _w.Line("__TP.MultiplyAdd(dz, h, row, row);");
        _w.Close();
        if (previousGradient is not null)
        {
            _w.Line($"{At(previousGradient, "j")} = __TP.Dot({RoSpan("p", $"{w} + j * {m}", m)}, dz);");
        }

        _w.Close();
    }

    private void EmitSharedFilterBackward(ShapedLayer layer, string input, string delta, string? previousGradient)
    {
        LayerSpec spec = layer.Spec;
        string r = I(spec.FilterSize), k = I(spec.Count), n = I(layer.Inputs);
        string w = I(layer.WeightOffset);
        string s = "s" + I(layer.Index);
        _w.Line($"{_t} share = {At(delta, 0)} * {L(1.0 / spec.Count)};");
        _w.Line($"global::System.Span<{_t}> filterGradient = {Span("g", w, r)};");
        if (previousGradient is not null)
        {
            _w.Line($"global::System.Span<{_t}> back = __M.CreateSpan(ref {previousGradient}, {n});");
            _w.Line("back.Clear();");
        }

        if (layer.UsesPatches || previousGradient is not null)
        {
            _w.Line($"global::System.ReadOnlySpan<{_t}> filter = {RoSpan("p", w, r)};");
        }

        _w.Open($"for (int i = 0; i < {k}; i++)");
        _w.Line($"{_t} a = {At(s, "i")};");
        _w.Line($"{_t} e = share;");
        string? derivative = ScaleByDerivative(layer.Activation, spec.LeakySlope, "a", "e");
        if (derivative is not null) _w.Line(derivative);
        _w.Line($"if (e == {L(0)}) continue;");
        if (layer.UsesPatches)
        {
            string offset = $"i * {I(spec.Stride)}";
            _w.Line($"__TP.MultiplyAdd({RoSpan(input, offset, r)}, e, filterGradient, filterGradient);");
            if (previousGradient is not null)
            {
                _w.Line($"global::System.Span<{_t}> patch = back.Slice({offset}, {r});");
                _w.Line("__TP.MultiplyAdd(filter, e, patch, patch);");
            }
        }
        else
        {
            _w.Line($"__TP.MultiplyAdd({RoSpan("u" + I(layer.Index), $"i * {r}", r)}, e, filterGradient, filterGradient);");
            if (previousGradient is not null)
            {
                // The row index is not called a2 etc.: those name the layers' activation buffers (a filter before layer 2 clashed).
                _w.Line("// back += e · A_iᵀ w, one row of A_i at a time.");
                _w.Open($"for (int rowOfA = 0; rowOfA < {r}; rowOfA++)");
                _w.Line($"__TP.MultiplyAdd({RoSpan("c", $"{I(layer.ConstantOffset)} + (i * {r} + rowOfA) * {n}", n)}, e * filter[rowOfA], back, back);");
                _w.Close();
            }
        }

        _w.Close();
    }

    /// <summary>Writes `T loss = scale·ℓ(y, t)` and, when <paramref name="gradient"/> is given, scale·∂ℓ/∂y into it.</summary>
    private void EmitLoss(string y, string t, string? gradient, string scale) =>
        new LossEmitter(_network, _w, At).Emit(y, t, gradient, scale);
}
