using System.Collections.Generic;
using System.Linq;
using DslNets.Generator.Model;

namespace DslNets.Generator.Emit;

/// <summary>
/// Writes a network's ILGPU kernels (the nested static class <c>DeviceKernels</c>): one sample per thread, every size a
/// constant, in the subset ILGPU compiles (static methods over array views and indices; per-thread buffers from
/// <c>LocalMemory</c>; no spans, refs, allocation, exceptions or virtual calls). The arithmetic is the host kernels',
/// operation for operation, so the device equals the host to rounding.
/// </summary>
internal sealed class DeviceKernelEmitter
{
    private const string View = "global::ILGPU.ArrayView";

    private readonly ShapedNetwork _n;
    private readonly IndentedWriter _w;
    private readonly string _t;
    private readonly string _math;

    // The base offset of each vector a kernel indexes (null: indexed from 0, as parameters and local buffers are).
    private readonly Dictionary<string, string> _bases = new();

    public DeviceKernelEmitter(ShapedNetwork network, IndentedWriter writer)
    {
        _n = network;
        _w = writer;
        _t = network.T;
        _math = network.IsDouble ? "global::System.Math" : "global::System.MathF";
    }

    /// <summary>Words of 64 bits in one activation pattern.</summary>
    public static int PatternWords(ShapedNetwork network) => (KinkCount(network) + 63) / 64;

    private static int KinkCount(ShapedNetwork network) => network.Layers.Sum(l => IsKink(l) ? KinksOf(l) : 0);

    private static bool IsKink(ShapedLayer layer) => layer.Activation is ActivationCodes.ReLU or ActivationCodes.LeakyReLU;

    private static int KinksOf(ShapedLayer layer) => layer.IsDense ? layer.Outputs : layer.Spec.Count;

    private static string I(int value) => Numbers.Int(value);

    private string L(double value) => Numbers.Literal(value, _n.IsDouble);

    private string At(string vector, string index)
    {
        if (!_bases.TryGetValue(vector, out string? offset)) return $"{vector}[{index}]";
        return index == "0" ? $"{vector}[{offset}]" : $"{vector}[{offset} + {index}]";
    }

    private string At(string vector, int index) => At(vector, I(index));

    private string Activate(int activation, double slope, string z) => activation switch
    {
        ActivationCodes.ReLU => $"{z} < {L(0)} ? {L(0)} : {z}",
        ActivationCodes.LeakyReLU => $"{z} < {L(0)} ? {L(slope)} * {z} : {z}",
        ActivationCodes.Sigmoid => $"{L(1)} / ({L(1)} + {_math}.Exp(-{z}))",
        ActivationCodes.Tanh => $"{_math}.Tanh({z})",
        _ => z,
    };

    private string? ScaleByDerivative(int activation, double slope, string a, string d) => activation switch
    {
        ActivationCodes.ReLU => $"{d} = {a} > {L(0)} ? {d} : {L(0)};",
        ActivationCodes.LeakyReLU => $"{d} = {a} > {L(0)} ? {d} : {L(slope)} * {d};",
        ActivationCodes.Sigmoid => $"{d} *= {a} * ({L(1)} - {a});",
        ActivationCodes.Tanh => $"{d} *= {L(1)} - {a} * {a};",
        _ => null,
    };

    private string V(string name) => $"{View}<{_t}> {name}";

    private void Local(string name, int size) => _w.Line($"{View}<{_t}> {name} = global::ILGPU.LocalMemory.Allocate1D<{_t}>({I(size)});");

    /// <summary>The whole nested class.</summary>
    public void Emit()
    {
        string self = _n.TypeName;
        int words = PatternWords(_n);
        _w.Line($"/// <summary>{self}'s ILGPU kernels, one sample per thread; <see cref=\"global::DslNets.Gpu.DeviceNetwork{{TNet, T}}\"/> launches them.</summary>");
        _w.Line("/// <remarks>Every view is flat and row-major: parameters as <see cref=\"Parameters\"/>, inputs batch×InputSize, outputs and targets batch×OutputSize.</remarks>");
        _w.Open("public static class DeviceKernels");
        if (_n.IsPiecewiseLinear)
        {
            _w.Line("/// <summary>64-bit words in one activation pattern (<see cref=\"Pattern\"/>).</summary>");
            _w.Line($"public const int PatternWords = {I(words)};");
            _w.Line();
        }

        EmitForward();
        _w.Line();
        EmitLoss();
        _w.Line();
        EmitGradient();
        if (_n.IsPiecewiseLinear)
        {
            _w.Line();
            EmitPattern(words);
        }

        _w.Close();
        _w.Line();
        EmitKernelSet();
    }

    private void EmitKernelSet()
    {
        string self = Identifiers.Escape(_n.TypeName);
        string set = $"global::DslNets.Gpu.DeviceKernelSet<{_t}>";
        string pattern = _n.IsPiecewiseLinear ? "DeviceKernels.Pattern, DeviceKernels.PatternWords" : "null, 0";
        _w.Line($"private static readonly {set} __deviceKernels = new {set}(DeviceKernels.Forward, DeviceKernels.Loss, DeviceKernels.Gradient, {pattern});");
        _w.Line();
        _w.Line($"static {set} global::DslNets.Gpu.IDeviceNetwork<{self}, {_t}>.DeviceKernels => __deviceKernels;");
        _w.Line();
    }

    private void Bases(params (string Vector, string Offset)[] bases)
    {
        _bases.Clear();
        foreach ((string vector, string offset) in bases) _bases[vector] = offset;
    }

    private void EmitForward()
    {
        Bases(("x", "xo"), ("y", "yo"));
        _w.Line("/// <summary>outputs[s] = f(inputs[s]) for the sample s of this thread.</summary>");
        _w.Open($"public static void Forward(global::ILGPU.Index1D sample, {V("p")}, {V("c")}, {V("x")}, {V("y")})");
        _w.Line("long xo = (long)sample.X * InputSize;");
        _w.Line("long yo = (long)sample.X * OutputSize;");
        int count = _n.Layers.Length;
        for (int i = 0; i < count - 1; i++) Local("a" + I(i), _n.Layers[i].Outputs);
        for (int i = 0; i < count; i++)
        {
            EmitLayerForward(_n.Layers[i], i == 0 ? "x" : "a" + I(i - 1), i == count - 1 ? "y" : "a" + I(i), store: false, kinkFirst: -1);
        }

        _w.Close();
    }

    private void EmitLoss()
    {
        Bases(("x", "xo"), ("t", "to"));
        _w.Line("/// <summary>losses[s] = ℓ(f(inputs[s]), targets[s]) for the sample s of this thread.</summary>");
        _w.Open($"public static void Loss(global::ILGPU.Index1D sample, {V("p")}, {V("c")}, {V("x")}, {V("t")}, {V("losses")})");
        _w.Line("long xo = (long)sample.X * InputSize;");
        _w.Line("long to = (long)sample.X * OutputSize;");
        int count = _n.Layers.Length;
        for (int i = 0; i < count; i++) Local("a" + I(i), _n.Layers[i].Outputs);
        for (int i = 0; i < count; i++)
        {
            EmitLayerForward(_n.Layers[i], i == 0 ? "x" : "a" + I(i - 1), "a" + I(i), store: false, kinkFirst: -1);
        }

        new LossEmitter(_n, _w, At).Emit("a" + I(count - 1), "t", gradient: null, scale: L(1));
        _w.Line("losses[sample] = loss;");
        _w.Close();
    }

    private void EmitGradient()
    {
        Bases(("x", "xo"), ("t", "to"), ("g", "go"), ("gx", "xo"));
        _w.Line("/// <summary>");
        _w.Line("/// For sample s = first + row: writes scale·∇_θ ℓ_s to row <paramref name=\"row\"/> of <paramref name=\"g\"/> (rows of ParameterCount),");
        _w.Line("/// scale·ℓ_s to losses[row] and, when <paramref name=\"withInput\"/> is not 0, scale·∇_x ℓ_s to row s of <paramref name=\"gx\"/>.");
        _w.Line("/// The rows are summed over the batch in sample order by a second pass on the device.");
        _w.Line("/// </summary>");
        _w.Open($"public static void Gradient(global::ILGPU.Index1D row, {V("p")}, {V("c")}, {V("x")}, {V("t")}, {V("g")}, {V("losses")}, {V("gx")}, int first, {_t} scale, int withInput)");
        _w.Line("long s = (long)first + row.X;");
        _w.Line("long xo = s * InputSize;");
        _w.Line("long to = s * OutputSize;");
        _w.Line("long go = (long)row.X * ParameterCount;");
        _w.Line($"for (int k = 0; k < ParameterCount; k++) g[go + k] = {L(0)};");
        int count = _n.Layers.Length;
        for (int i = 0; i < count; i++)
        {
            ShapedLayer layer = _n.Layers[i];
            Local("a" + I(i), layer.Outputs);
            Local("d" + I(i), layer.Outputs);
            if (!layer.IsDense)
            {
                Local("s" + I(i), layer.Spec.Count);
                if (!layer.UsesPatches) Local("u" + I(i), layer.Spec.Count * layer.Spec.FilterSize);
            }
        }

        _w.Line("// Forward, keeping every layer's output.");
        for (int i = 0; i < count; i++)
        {
            EmitLayerForward(_n.Layers[i], i == 0 ? "x" : "a" + I(i - 1), "a" + I(i), store: true, kinkFirst: -1);
        }

        _w.Line("// Loss and its gradient with respect to the output.");
        new LossEmitter(_n, _w, At).Emit("a" + I(count - 1), "t", gradient: "d" + I(count - 1), scale: "scale");
        _w.Line("// Backward, last layer first.");
        for (int i = count - 1; i >= 0; i--)
        {
            EmitLayerBackward(_n.Layers[i], i == 0 ? "x" : "a" + I(i - 1), "a" + I(i), "d" + I(i), i > 0 ? "d" + I(i - 1) : "gx");
        }

        _w.Line("losses[row] = loss;");
        _w.Close();
    }

    private void EmitPattern(int words)
    {
        Bases(("x", "xo"));
        _w.Line("/// <summary>");
        _w.Line("/// The activation pattern of inputs[s] (bit i of the pattern set when kink neuron i's pre-activation is positive, as");
        _w.Line("/// <see cref=\"global::DslNets.Geometry.ActivationPattern\"/> numbers them) into row s of <paramref name=\"words\"/>");
        _w.Line("/// (<see cref=\"PatternWords\"/> words), and its hash (<see cref=\"global::DslNets.Gpu.PatternHash\"/>) into hashes[s].");
        _w.Line("/// </summary>");
        _w.Open($"public static void Pattern(global::ILGPU.Index1D sample, {V("p")}, {V("c")}, {V("x")}, {View}<ulong> words, {View}<ulong> hashes)");
        _w.Line("long xo = (long)sample.X * InputSize;");
        _w.Line($"long wo = (long)sample.X * {I(words)};");
        _w.Line($"for (int w = 0; w < {I(words)}; w++) words[wo + w] = 0UL;");
        int count = _n.Layers.Length;
        for (int i = 0; i < count; i++) Local("a" + I(i), _n.Layers[i].Outputs);
        int kink = 0;
        for (int i = 0; i < count; i++)
        {
            ShapedLayer layer = _n.Layers[i];
            EmitLayerForward(layer, i == 0 ? "x" : "a" + I(i - 1), "a" + I(i), store: false, kinkFirst: IsKink(layer) ? kink : -1);
            if (IsKink(layer)) kink += KinksOf(layer);
        }

        _w.Line("ulong hash = global::DslNets.Gpu.PatternHash.Seed;");
        _w.Line($"for (int w = 0; w < {I(words)}; w++) hash = global::DslNets.Gpu.PatternHash.Mix(hash, words[wo + w]);");
        _w.Line("hashes[sample] = hash;");
        _w.Close();
    }

    private static int WeightIndexBase(ShapedLayer layer) => layer.UsedWeightOffset;

    /// <summary>The flat index of weight (o, j) as an expression in the loop variables o and j.</summary>
    private static string WeightIndex(ShapedLayer layer) =>
        layer.IsTied ? $"{I(WeightIndexBase(layer))} + j * {I(layer.Outputs)} + o" : $"{I(WeightIndexBase(layer))} + o * {I(layer.Inputs)} + j";

    private string SetKinkBit(int kink, string index) =>
        $"words[wo + (({I(kink)} + {index}) >> 6)] |= 1UL << (({I(kink)} + {index}) & 63);";

    private void EmitLayerForward(ShapedLayer layer, string input, string output, bool store, int kinkFirst)
    {
        _w.Line($"// {layer.Name}");
        _w.Open("");
        if (!layer.IsDense)
        {
            EmitSharedFilterForward(layer, input, output, store, kinkFirst);
            _w.Close();
            return;
        }

        _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
        _w.Line($"{_t} z = {(layer.BiasOffset >= 0 ? $"p[{I(layer.BiasOffset)} + o]" : L(0))};");
        _w.Line($"for (int j = 0; j < {I(layer.Inputs)}; j++) z += p[{WeightIndex(layer)}] * {At(input, "j")};");
        if (kinkFirst >= 0) _w.Line($"if (z > {L(0)}) {SetKinkBit(kinkFirst, "o")}");
        _w.Line($"{At(output, "o")} = {Activate(layer.Activation, layer.Spec.LeakySlope, "z")};");
        _w.Close();
        _w.Close();
    }

    private void EmitSharedFilterForward(ShapedLayer layer, string input, string output, bool store, int kinkFirst)
    {
        LayerSpec spec = layer.Spec;
        string r = I(spec.FilterSize), n = I(layer.Inputs), w = I(layer.WeightOffset);
        _w.Line($"{_t} sum = {L(0)};");
        _w.Open($"for (int i = 0; i < {I(spec.Count)}; i++)");
        _w.Line($"{_t} z = {L(0)};");
        if (layer.UsesPatches)
        {
            _w.Line($"for (int q = 0; q < {r}; q++) z += p[{w} + q] * {At(input, $"i * {I(spec.Stride)} + q")};");
        }
        else
        {
            _w.Open($"for (int q = 0; q < {r}; q++)");
            _w.Line("// (A_i x)_q: row q of the fixed matrix A_i times the input.");
            _w.Line($"{_t} u = {L(0)};");
            _w.Line($"for (int col = 0; col < {n}; col++) u += c[{I(layer.ConstantOffset)} + (i * {r} + q) * {n} + col] * {At(input, "col")};");
            if (store) _w.Line($"u{I(layer.Index)}[i * {r} + q] = u;");
            _w.Line($"z += p[{w} + q] * u;");
            _w.Close();
        }

        if (kinkFirst >= 0) _w.Line($"if (z > {L(0)}) {SetKinkBit(kinkFirst, "i")}");
        _w.Line($"{_t} activated = {Activate(layer.Activation, spec.LeakySlope, "z")};");
        if (store) _w.Line($"s{I(layer.Index)}[i] = activated;");
        _w.Line("sum += activated;");
        _w.Close();
        _w.Line($"{At(output, 0)} = sum * {L(1.0 / spec.Count)};");
    }

    private void EmitLayerBackward(ShapedLayer layer, string input, string activations, string delta, string previous)
    {
        bool conditional = previous == "gx";
        _w.Line($"// {layer.Name}: backward");
        _w.Open("");
        if (!layer.IsDense)
        {
            EmitSharedFilterBackward(layer, input, delta, previous, conditional);
            _w.Close();
            return;
        }

        string? derivative = ScaleByDerivative(layer.Activation, layer.Spec.LeakySlope, "a", "d");
        if (derivative is not null)
        {
            _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
            _w.Line($"{_t} a = {activations}[o];");
            _w.Line($"{_t} d = {delta}[o];");
            _w.Line(derivative);
            _w.Line($"{delta}[o] = d;");
            _w.Close();
        }

        _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
        _w.Line($"{_t} dz = {delta}[o];");
        if (layer.BiasOffset >= 0) _w.Line($"{At("g", $"{I(layer.BiasOffset)} + o")} += dz;");
        _w.Line($"for (int j = 0; j < {I(layer.Inputs)}; j++) {At("g", WeightIndex(layer))} += dz * {At(input, "j")};");
        _w.Close();
        if (conditional) _w.Open("if (withInput != 0)");
        _w.Open($"for (int j = 0; j < {I(layer.Inputs)}; j++)");
        _w.Line($"{_t} back = {L(0)};");
        _w.Line($"for (int o = 0; o < {I(layer.Outputs)}; o++) back += p[{WeightIndex(layer)}] * {delta}[o];");
        _w.Line($"{At(previous, "j")} = back;");
        _w.Close();
        if (conditional) _w.Close();
        _w.Close();
    }

    private void EmitSharedFilterBackward(ShapedLayer layer, string input, string delta, string previous, bool conditional)
    {
        LayerSpec spec = layer.Spec;
        string r = I(spec.FilterSize), n = I(layer.Inputs), w = I(layer.WeightOffset);
        string back = conditional ? "withInput != 0" : "true";
        _w.Line($"bool back = {back};");
        _w.Line($"if (back) for (int col = 0; col < {n}; col++) {At(previous, "col")} = {L(0)};");
        _w.Line($"{_t} share = {delta}[0] * {L(1.0 / spec.Count)};");
        _w.Open($"for (int i = 0; i < {I(spec.Count)}; i++)");
        _w.Line($"{_t} a = s{I(layer.Index)}[i];");
        _w.Line($"{_t} e = share;");
        string? derivative = ScaleByDerivative(layer.Activation, spec.LeakySlope, "a", "e");
        if (derivative is not null) _w.Line(derivative);
        _w.Line($"if (e == {L(0)}) continue;");
        _w.Open($"for (int q = 0; q < {r}; q++)");
        if (layer.UsesPatches)
        {
            string at = $"i * {I(spec.Stride)} + q";
            _w.Line($"{At("g", $"{w} + q")} += {At(input, at)} * e;");
            _w.Line($"if (back) {At(previous, at)} += p[{w} + q] * e;");
        }
        else
        {
            _w.Line($"{At("g", $"{w} + q")} += u{I(layer.Index)}[i * {r} + q] * e;");
            _w.Line("// back += e · A_iᵀ w, one row of A_i at a time.");
            _w.Line($"{_t} f = e * p[{w} + q];");
            _w.Line($"if (back) for (int col = 0; col < {n}; col++) {At(previous, "col")} += c[{I(layer.ConstantOffset)} + (i * {r} + q) * {n} + col] * f;");
        }

        _w.Close();
        _w.Close();
    }
}
