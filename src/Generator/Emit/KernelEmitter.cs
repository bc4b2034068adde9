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
    private readonly ImageLayerEmitter _images;

    // Where the next heap-scratch buffer of the kernel being written starts (only when the network's activations do not fit the stack).
    private int _scratchOffset;

    public KernelEmitter(ShapedNetwork network, IndentedWriter writer)
    {
        _network = network;
        _w = writer;
        _t = network.T;
        _math = network.IsDouble ? "global::System.Math" : "global::System.MathF";
        _images = new ImageLayerEmitter(network, writer, this);
    }

    internal string L(double value) => Numbers.Literal(value, _network.IsDouble);

    private static string I(int value) => Numbers.Int(value);

    internal static string At(string reference, string index) => index == "0" ? $"__U.Add(ref {reference}, 0)" : $"__U.Add(ref {reference}, {index})";

    internal static string At(string reference, int index) => $"__U.Add(ref {reference}, {I(index)})";

    internal static string RoSpan(string reference, string offset, string length) =>
        $"__M.CreateReadOnlySpan(ref __U.Add(ref {reference}, {offset}), {length})";

    internal static string Span(string reference, string offset, string length) =>
        $"__M.CreateSpan(ref __U.Add(ref {reference}, {offset}), {length})";

    /// <summary>
    /// Whether one sample's activations live in a per-thread heap buffer rather than on the stack: more than
    /// <see cref="ShapeChecking.ShapeChecker.StackElements"/> numbers would risk the stack of a worker thread.
    /// </summary>
    public static bool UsesScratch(ShapedNetwork network) => GradientElements(network) > ShapeChecking.ShapeChecker.StackElements;

    /// <summary>Numbers the gradient kernel keeps per sample (activations and their gradients, shared-filter terms).</summary>
    internal static long GradientElements(ShapedNetwork network)
    {
        long total = 0;
        for (int i = 0; i < network.Layers.Length; i++)
        {
            ShapedLayer layer = network.Layers[i];
            if (!AliasesInGradient(network, i)) total += 2L * layer.Outputs;
            if (!layer.IsDense && layer.Kind == LayerKindSpec.SharedFilter)
            {
                total += layer.Spec.Count + (layer.UsesPatches ? 0 : (long)layer.Spec.Count * layer.Spec.FilterSize);
            }
        }

        return total;
    }

    /// <summary>A flatten after the first layer reads (and its gradient writes) its input's buffers as they are.</summary>
    internal static bool AliasesInGradient(ShapedNetwork network, int index) => index > 0 && network.Layers[index].Kind == LayerKindSpec.Flatten;

    /// <summary>In Forward a flatten, and a dropout (the identity there), read their input's buffer, unless they are the last layer (which writes y).</summary>
    internal static bool AliasesInForward(ShapedNetwork network, int index) =>
        index < network.Layers.Length - 1 && network.Layers[index].Kind is LayerKindSpec.Flatten or LayerKindSpec.Dropout;

    /// <summary>The sizes of every stack buffer the kernels declare (for the buffer structs).</summary>
    public static IEnumerable<int> BufferSizes(ShapedNetwork network)
    {
        yield return network.Outputs;
        if (UsesScratch(network)) yield break;
        foreach (ShapedLayer layer in network.Layers)
        {
            yield return layer.Outputs;
            if (layer.Kind == LayerKindSpec.SharedFilter)
            {
                yield return layer.Spec.Count;
                if (!layer.UsesPatches) yield return layer.Spec.Count * layer.Spec.FilterSize;
            }
        }
    }

    /// <summary>The per-thread scratch that holds one sample's activations when they do not fit the stack.</summary>
    public void EmitSampleScratch()
    {
        if (!UsesScratch(_network)) return;
        _w.Line("// One sample's activations are too many for the stack: each thread keeps them in a buffer allocated on its first call.");
        _w.Line($"[global::System.ThreadStatic] private static {_t}[]? __sampleScratch;");
        _w.Line();
        _w.Open($"private static {_t}[] __SampleScratch(int length)");
        _w.Line($"{_t}[]? scratch = __sampleScratch;");
        _w.Line($"if (scratch is null || scratch.Length < length) __sampleScratch = scratch = new {_t}[length];");
        _w.Line("return scratch;");
        _w.Close();
        _w.Line();
    }

    private static bool Unrolled(ShapedLayer layer) =>
        layer.IsDense && layer.Inputs * layer.Outputs <= UnrollLimit && layer.Inputs <= UnrollInputLimit;

    /// <summary>Starts a kernel's buffers: with heap scratch, takes the thread's buffer of <paramref name="total"/> numbers.</summary>
    private void BeginBuffers(long total)
    {
        _scratchOffset = 0;
        if (UsesScratch(_network)) _w.Line($"ref {_t} __scratch = ref __M.GetArrayDataReference(__SampleScratch({I((int)total)}));");
    }

    private void DeclareBuffer(string name, int size)
    {
        if (UsesScratch(_network))
        {
            _w.Line($"ref {_t} {name} = ref __U.Add(ref __scratch, {I(_scratchOffset)});");
            _scratchOffset += size;
            return;
        }

        _w.Line($"__U.SkipInit(out __Buffer{I(size)} __{name});");
        _w.Line($"ref {_t} {name} = ref __U.As<__Buffer{I(size)}, {_t}>(ref __{name});");
    }

    internal string Activate(int activation, double slope, string z) => activation switch
    {
        ActivationCodes.ReLU => $"{z} < {L(0)} ? {L(0)} : {z}",
        ActivationCodes.LeakyReLU => $"{z} < {L(0)} ? {L(slope)} * {z} : {z}",
        ActivationCodes.Sigmoid => $"{L(1)} / ({L(1)} + {_math}.Exp(-{z}))",
        ActivationCodes.Tanh => $"{_math}.Tanh({z})",
        _ => z,
    };

    /// <summary>d ← d·act′ where act′ is written in terms of the activation's output a.</summary>
    internal string? ScaleByDerivative(int activation, double slope, string a, string d) => activation switch
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
        BeginBuffers(ForwardElements(_network));
        for (int i = 0; i < count - 1; i++)
        {
            if (AliasesInForward(_network, i)) _w.Line($"ref {_t} a{I(i)} = ref {(i == 0 ? "x" : "a" + I(i - 1))}; // {_network.Layers[i].Name} reads its input as it is");
            else DeclareBuffer("a" + I(i), _network.Layers[i].Outputs);
        }

        for (int i = 0; i < count; i++)
        {
            if (AliasesInForward(_network, i)) continue;
            string input = i == 0 ? "x" : "a" + I(i - 1);
            string output = i == count - 1 ? "y" : "a" + I(i);
            EmitLayerForward(_network.Layers[i], input, output, store: false, dropout: false);
        }

        _w.Close();
    }

    /// <summary>Numbers Forward keeps per sample (every layer's output but the last, which is y, and the aliases).</summary>
    internal static long ForwardElements(ShapedNetwork network)
    {
        long total = 0;
        for (int i = 0; i < network.Layers.Length - 1; i++)
        {
            if (!AliasesInForward(network, i)) total += network.Layers[i].Outputs;
        }

        return total;
    }

    /// <summary>Loss of one sample (no gradient).</summary>
    public void EmitLossKernel()
    {
        _w.Open($"private static {_t} __Loss(ref {_t} p, ref {_t} c, ref {_t} x, ref {_t} t)");
        if (UsesScratch(_network) && _network.Outputs > ShapeChecking.ShapeChecker.StackElements)
        {
            // The output goes after the part of the thread's buffer that Forward uses.
            long forward = ForwardElements(_network);
            _w.Line($"ref {_t} y = ref __U.Add(ref __M.GetArrayDataReference(__SampleScratch({I((int)(forward + _network.Outputs))})), {I((int)forward)});");
        }
        else
        {
            _w.Line($"__U.SkipInit(out __Buffer{I(_network.Outputs)} __y);");
            _w.Line($"ref {_t} y = ref __U.As<__Buffer{I(_network.Outputs)}, {_t}>(ref __y);");
        }

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
        // Networks with dropout take the draw that says whether (and how) this pass drops units.
        string draw = _network.HasDropout ? ", global::DslNets.DropoutDraw dropout" : "";
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        _w.Open($"private static {_t} {name}(ref {_t} p, ref {_t} c, ref {_t} x, ref {_t} t, ref {_t} g{extra}, {_t} scale{draw})");
        int count = _network.Layers.Length;
        BeginBuffers(GradientElements(_network));
        for (int i = 0; i < count; i++)
        {
            ShapedLayer layer = _network.Layers[i];
            if (AliasesInGradient(_network, i))
            {
                _w.Line($"ref {_t} a{I(i)} = ref a{I(i - 1)}; // {layer.Name} reads its input as it is");
                _w.Line($"ref {_t} d{I(i)} = ref d{I(i - 1)};");
                continue;
            }

            DeclareBuffer("a" + I(i), layer.Outputs);
            DeclareBuffer("d" + I(i), layer.Outputs);
            if (layer.Kind == LayerKindSpec.SharedFilter)
            {
                DeclareBuffer("s" + I(i), layer.Spec.Count);
                if (!layer.UsesPatches) DeclareBuffer("u" + I(i), layer.Spec.Count * layer.Spec.FilterSize);
            }
        }

        _w.Line("// Forward, keeping every layer's output.");
        for (int i = 0; i < count; i++)
        {
            if (AliasesInGradient(_network, i)) continue;
            EmitLayerForward(_network.Layers[i], i == 0 ? "x" : "a" + I(i - 1), "a" + I(i), store: true, dropout: true);
        }

        _w.Line("// Loss and its gradient with respect to the output.");
        EmitLoss("a" + I(count - 1), "t", gradient: "d" + I(count - 1), scale: "scale");
        _w.Line("// Backward, last layer first.");
        for (int i = count - 1; i >= 0; i--)
        {
            string input = i == 0 ? "x" : "a" + I(i - 1);
            string? previousGradient = i > 0 ? "d" + I(i - 1) : withInputGradient ? "gx" : null;
            if (!AliasesInGradient(_network, i)) EmitLayerBackward(_network.Layers[i], input, "a" + I(i), "d" + I(i), previousGradient);
            if (i > 0) EmitSkipGradients(i - 1, "d" + I(i - 1));
        }

        _w.Line("return loss;");
        _w.Close();
    }

    /// <summary>
    /// After the gradient of layer <paramref name="index"/>'s output is written by the layer after it: adds the gradient
    /// of every residual that reads that output (each residual's own gradient buffer holds it, untouched since).
    /// </summary>
    private void EmitSkipGradients(int index, string gradient)
    {
        foreach (ShapedLayer residual in _network.Layers.Where(l => l.FromIndex == index))
        {
            string n = I(_network.Layers[index].Outputs);
            _w.Line($"// {residual.Name} adds {_network.Layers[index].Name}'s output: its gradient flows back there too.");
            _w.Line($"__TP.Add({RoSpan(gradient, "0", n)}, {RoSpan("d" + I(residual.Index), "0", n)}, {Span(gradient, "0", n)});");
        }
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

    /// <param name="dropout">Whether a dropout layer here applies the kernel's draw (the gradient kernels) or is the identity (Forward).</param>
    private void EmitLayerForward(ShapedLayer layer, string input, string output, bool store, bool dropout)
    {
        _w.Line($"// {layer.Name}: {Describe(layer)}");
        _w.Open("");
        if (layer.Kind is not (LayerKindSpec.Dense or LayerKindSpec.SharedFilter)) _images.EmitForward(layer, input, output, dropout);
        else if (!layer.IsDense) EmitSharedFilterForward(layer, input, output, store);
        else if (Unrolled(layer)) EmitDenseForwardUnrolled(layer, input, output);
        else if (layer.IsTied) EmitTiedForwardLoop(layer, input, output);
        else EmitDenseForwardLoop(layer, input, output);
        _w.Close();
    }

    internal static string Describe(ShapedLayer layer)
    {
        string activation = ActivationCodes.Names[layer.Activation];
        if (layer.Kind is not (LayerKindSpec.Dense or LayerKindSpec.SharedFilter)) return ImageLayerEmitter.Describe(layer);
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
        // The runtime's matrix-vector kernel takes four neurons per pass over the input (a dot product per neuron reloads it).
        string n = I(layer.Inputs), m = I(layer.Outputs);
        string bias = layer.BiasOffset >= 0 ? RoSpan("p", I(layer.BiasOffset), m) : $"global::System.ReadOnlySpan<{_t}>.Empty";
        _w.Line($"global::DslNets.Kernels.DenseKernels.ForwardSample<{_t}>(__M.CreateReadOnlySpan(ref {input}, {n}), " +
                $"{RoSpan("p", I(layer.UsedWeightOffset), I(layer.Inputs * layer.Outputs))}, {bias}, __M.CreateSpan(ref {output}, {m}));");
        if (layer.Activation == ActivationCodes.Identity) return;
        _w.Open($"for (int o = 0; o < {m}; o++)");
        _w.Line($"{_t} z = {At(output, "o")};");
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
        if (layer.Kind is not (LayerKindSpec.Dense or LayerKindSpec.SharedFilter))
        {
            _images.EmitBackward(layer, input, activations, delta, previousGradient);
            _w.Close();
            return;
        }

        if (!layer.IsDense)
        {
            EmitSharedFilterBackward(layer, input, delta, previousGradient);
            _w.Close();
            return;
        }

        EmitDerivativeInPlace(layer, activations, delta);
        if (Unrolled(layer)) EmitDenseBackwardUnrolled(layer, input, delta, previousGradient);
        else if (layer.IsTied) EmitTiedBackwardLoop(layer, input, delta, previousGradient);
        else EmitDenseBackwardLoop(layer, input, delta, previousGradient);
        _w.Close();
    }

    /// <summary>Outputs from which a ReLU layer's derivative runs in the runtime's SIMD kernel rather than a generated loop.</summary>
    private const int SimdDerivativeFrom = 32;

    /// <summary>dL/da → dL/dz in place over the layer's outputs (nothing for Identity).</summary>
    internal void EmitDerivativeInPlace(ShapedLayer layer, string activations, string delta)
    {
        if (layer.Activation == ActivationCodes.ReLU && layer.Outputs >= SimdDerivativeFrom)
        {
            // SIMD masks: the scalar loop's branch on each activation's sign is mispredicted about as often as not.
            _w.Line($"global::DslNets.Kernels.ActivationKernels.ReluBackward<{_t}>({RoSpan(activations, "0", I(layer.Outputs))}, {Span(delta, "0", I(layer.Outputs))});");
            return;
        }

        string? derivative = ScaleByDerivative(layer.Activation, layer.Spec.LeakySlope, "a", "d");
        if (derivative is null) return;
        _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
        _w.Line($"{_t} a = {At(activations, "o")};");
        _w.Line($"ref {_t} d = ref {At(delta, "o")};");
        _w.Line(derivative);
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
        // The runtime's one-sample kernel: neurons with a gradient four at a time, sharing the loads of x and of the back row.
        string n = I(layer.Inputs), m = I(layer.Outputs), count = I(layer.Inputs * layer.Outputs);
        string bias = layer.BiasOffset >= 0 ? Span("g", I(layer.BiasOffset), m) : $"global::System.Span<{_t}>.Empty";
        string back = previousGradient is null ? $"global::System.Span<{_t}>.Empty" : $"__M.CreateSpan(ref {previousGradient}, {n})";
        _w.Line($"global::DslNets.Kernels.DenseKernels.BackwardSample<{_t}>(__M.CreateReadOnlySpan(ref {delta}, {m}), __M.CreateReadOnlySpan(ref {input}, {n}), " +
                $"{RoSpan("p", I(layer.UsedWeightOffset), count)}, {Span("g", I(layer.UsedWeightOffset), count)}, {bias}, {back});");
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
