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
    private readonly DeviceImageLayerEmitter _images;

    public DeviceKernelEmitter(ShapedNetwork network, IndentedWriter writer)
    {
        _n = network;
        _w = writer;
        _t = network.T;
        _math = network.IsDouble ? "global::System.Math" : "global::System.MathF";
        _images = new DeviceImageLayerEmitter(network, writer, this);
    }

    /// <summary>Static shared memory a group may use on every CUDA device (and the most ILGPU asks for without opt-in).</summary>
    internal const int SharedMemoryLimit = 48 * 1024;

    /// <summary>The group sizes the fused kernel is written for, largest first.</summary>
    private static readonly int[] FusedGroupSizes = [128, 64, 32];

    /// <summary>Numbers the fused kernel keeps in shared memory for a group of <paramref name="group"/> threads.</summary>
    internal static long FusedSharedElements(ShapedNetwork network, int group) =>
        2L * network.ParameterCount + (long)group * (network.Inputs + 2L * network.Layers.Sum(l => (long)l.Outputs) + 1);

    /// <summary>
    /// The largest group (of 128, 64, 32) whose fused kernel fits the shared-memory limit, or 0 when the network is not
    /// fused (a shared-filter layer, or too large: then <paramref name="reason"/> says why).
    /// </summary>
    internal static int FusedGroupSize(ShapedNetwork network, out string reason)
    {
        if (network.Layers.Any(l => l.Kind == LayerKindSpec.SharedFilter))
        {
            reason = "it has a shared-filter layer (the fused kernel covers dense layers)";
            return 0;
        }

        if (!network.Layers.All(l => l.IsDense))
        {
            reason = "it has convolution, pooling, flatten, dropout or residual layers (the fused kernel covers dense layers)";
            return 0;
        }

        int size = network.IsDouble ? 8 : 4;
        foreach (int group in FusedGroupSizes)
        {
            if (FusedSharedElements(network, group) * size <= SharedMemoryLimit)
            {
                reason = "";
                return group;
            }
        }

        long bytes = FusedSharedElements(network, FusedGroupSizes[FusedGroupSizes.Length - 1]) * size;
        reason = $"a group of 32 would need {Numbers.Count(bytes)} bytes of shared memory (weights, gradient accumulator and activations) but the limit is {Numbers.Count(SharedMemoryLimit)}";
        return 0;
    }

    /// <summary>CUDA's cap on one thread's local memory (DslNets.Gpu.DeviceLocalMemory checks it at load).</summary>
    internal const long CudaLocalLimitBytes = 512 * 1024;

    /// <summary>Numbers the gradient kernel (the largest user of local memory) keeps per thread.</summary>
    internal static long LocalElements(ShapedNetwork network) =>
        network.Layers.Sum(l => 2L * l.Outputs + (l.Kind == LayerKindSpec.SharedFilter ? l.Spec.Count + (l.UsesPatches ? 0 : (long)l.Spec.Count * l.Spec.FilterSize) : 0));

    /// <summary>Words of 64 bits in one activation pattern.</summary>
    public static int PatternWords(ShapedNetwork network) => (KinkCount(network) + 63) / 64;

    private static int KinkCount(ShapedNetwork network) => network.Layers.Sum(l => IsKink(l) ? KinksOf(l) : 0);

    private static bool IsKink(ShapedLayer layer) => layer.Activation is ActivationCodes.ReLU or ActivationCodes.LeakyReLU;

    private static int KinksOf(ShapedLayer layer) => layer.Kind == LayerKindSpec.SharedFilter ? layer.Spec.Count : layer.Outputs;

    private static string I(int value) => Numbers.Int(value);

    internal string L(double value) => Numbers.Literal(value, _n.IsDouble);

    internal string At(string vector, string index)
    {
        if (!_bases.TryGetValue(vector, out string? offset)) return $"{vector}[{index}]";
        return index == "0" ? $"{vector}[{offset}]" : $"{vector}[{offset} + {index}]";
    }

    private string At(string vector, int index) => At(vector, I(index));

    internal string Activate(int activation, double slope, string z) => activation switch
    {
        ActivationCodes.ReLU => $"{z} < {L(0)} ? {L(0)} : {z}",
        ActivationCodes.LeakyReLU => $"{z} < {L(0)} ? {L(slope)} * {z} : {z}",
        ActivationCodes.Sigmoid => $"{L(1)} / ({L(1)} + {LossEmitter.DeviceMathCall(_n, true, _math, "Exp", "-" + z)})",
        ActivationCodes.Tanh => LossEmitter.DeviceMathCall(_n, true, _math, "Tanh", z),
        _ => z,
    };

    internal string? ScaleByDerivative(int activation, double slope, string a, string d) => activation switch
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
        int fused = FusedGroupSize(_n, out string notFused);
        if (fused == 0) _w.Line($"// Not fused: {notFused}. Batches take the per-sample kernels (one row of gradient per sample, reduced on the device).");
        _w.Open("public static class DeviceKernels");
        if (fused > 0)
        {
            _w.Line("/// <summary>The largest group the fused kernel is written for (its shared buffers are sized for it); smaller groups also work.</summary>");
            _w.Line($"public const int FusedGroupSize = {I(fused)};");
            _w.Line("/// <summary>Bytes of shared memory the fused kernel uses per group.</summary>");
            _w.Line($"public const int FusedSharedBytes = {I((int)(FusedSharedElements(_n, fused) * (_n.IsDouble ? 8 : 4)))};");
            _w.Line();
        }

        long local = LocalElements(_n) * (_n.IsDouble ? 8 : 4);
        if (local > CudaLocalLimitBytes)
        {
            _w.Line($"// More than CUDA's {Numbers.Count(CudaLocalLimitBytes)} bytes per thread: DeviceNetwork refuses CUDA for this network (ILGPU's CPU accelerator runs it).");
        }

        _w.Line("/// <summary>Bytes of local memory one thread of the per-sample kernels takes (one sample's activations and gradients).</summary>");

        _w.Line($"public const long LocalBytesPerThread = {local.ToString(System.Globalization.CultureInfo.InvariantCulture)};");
        _w.Line();
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
        _w.Line();
        EmitLossGradient();
        if (fused > 0)
        {
            _w.Line();
            EmitFusedGradient(fused);
        }

        if (_n.IsPiecewiseLinear)
        {
            _w.Line();
            EmitPattern(words);
        }

        _w.Close();
        _w.Line();
        EmitKernelSet(fused, notFused);
    }

    private void EmitKernelSet(int fused, string notFused)
    {
        string self = Identifiers.Escape(_n.TypeName);
        string set = $"global::DslNets.Gpu.DeviceKernelSet<{_t}>";
        string pattern = _n.IsPiecewiseLinear ? "DeviceKernels.Pattern, DeviceKernels.PatternWords" : "null, 0";
        string fusion = "LossGradient = DeviceKernels.LossGradient, LocalBytesPerThread = DeviceKernels.LocalBytesPerThread, " + (fused > 0
            ? "FusedGradient = DeviceKernels.FusedGradient, FusedGroupSize = DeviceKernels.FusedGroupSize, FusedSharedBytes = DeviceKernels.FusedSharedBytes"
            : $"NotFusedReason = \"{notFused}\"");
        _w.Line($"private static readonly {set} __deviceKernels = new {set}(DeviceKernels.Forward, DeviceKernels.Loss, DeviceKernels.Gradient, {pattern}) {{ {fusion} }};");
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

        new LossEmitter(_n, _w, At, device: true).Emit("a" + I(count - 1), "t", gradient: null, scale: L(1));
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
            if (layer.Kind == LayerKindSpec.SharedFilter)
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
        new LossEmitter(_n, _w, At, device: true).Emit("a" + I(count - 1), "t", gradient: "d" + I(count - 1), scale: "scale");
        _w.Line("// Backward, last layer first.");
        for (int i = count - 1; i >= 0; i--)
        {
            EmitLayerBackward(_n.Layers[i], i == 0 ? "x" : "a" + I(i - 1), "a" + I(i), "d" + I(i), i > 0 ? "d" + I(i - 1) : "gx");
            if (i == 0) continue;
            foreach (ShapedLayer residual in _n.Layers.Where(l => l.FromIndex == i - 1))
            {
                _w.Line($"// {residual.Name} adds {_n.Layers[i - 1].Name}'s output: its gradient flows back there too.");
                _w.Line($"for (int u = 0; u < {I(_n.Layers[i - 1].Outputs)}; u++) d{I(i - 1)}[u] += d{I(residual.Index)}[u];");
            }
        }

        _w.Line("losses[row] = loss;");
        _w.Close();
    }

    /// <summary>
    /// The fully fused kernel (tiny-cuda-nn's approach for small MLPs): one launch computes forward, loss and parameter
    /// gradient of a whole batch. Each group copies the weights into shared memory once, then walks its contiguous share
    /// of the batch in tiles of one sample per thread: every thread runs its sample forward and backward (activations and
    /// deltas in shared memory, unit-major so neighbouring threads touch neighbouring banks); then each thread owns some
    /// parameters and adds their tile sums Σ_r δ[r,o]·a[r,j] in sample order into the group's shared accumulator (no
    /// atomics: every entry has one owner). The group's sums go to its row of partials; a second pass adds the rows in
    /// group order, so the result is the same on every run.
    /// </summary>
    private void EmitFusedGradient(int group)
    {
        string G = I(group);
        int count = _n.Layers.Length;
        _bases.Clear();
        _w.Line("/// <summary>");
        _w.Line("/// One launch for the whole batch: group b adds scale·Σ ∇_θ ℓ_s over its samples [b·samplesPerGroup, (b+1)·samplesPerGroup) to row b of");
        _w.Line("/// <paramref name=\"partials\"/> (ParameterCount each) and scale·Σ ℓ_s to partialLosses[b]. Launch with at most");
        _w.Line("/// <see cref=\"FusedGroupSize\"/> threads per group and samplesPerGroup a multiple of the group size.");
        _w.Line("/// </summary>");
        _w.Open($"public static void FusedGradient({V("p")}, {V("x")}, {V("t")}, {V("partials")}, {V("partialLosses")}, int batch, int samplesPerGroup, {_t} scale)");
        _w.Line($"{View}<{_t}> w = global::ILGPU.SharedMemory.Allocate1D<{_t}>(ParameterCount);");
        _w.Line($"{View}<{_t}> acc = global::ILGPU.SharedMemory.Allocate1D<{_t}>(ParameterCount);");
        _w.Line($"{View}<{_t}> xs = global::ILGPU.SharedMemory.Allocate1D<{_t}>({I(group * _n.Inputs)});");
        for (int i = 0; i < count; i++)
        {
            int size = group * _n.Layers[i].Outputs;
            _w.Line($"{View}<{_t}> a{I(i)} = global::ILGPU.SharedMemory.Allocate1D<{_t}>({I(size)});");
            _w.Line($"{View}<{_t}> d{I(i)} = global::ILGPU.SharedMemory.Allocate1D<{_t}>({I(size)});");
        }

        _w.Line($"{View}<{_t}> ls = global::ILGPU.SharedMemory.Allocate1D<{_t}>({G});");
        _w.Line("int tid = global::ILGPU.Group.IdxX;");
        _w.Line("int size = global::ILGPU.Group.DimX;");
        _w.Line("int block = global::ILGPU.Grid.IdxX;");
        _w.Open("for (int k = tid; k < ParameterCount; k += size)");
        _w.Line("w[k] = p[k];");
        _w.Line($"acc[k] = {L(0)};");
        _w.Close();
        _w.Line($"{_t} lossSum = {L(0)};");
        _w.Line("global::ILGPU.Group.Barrier();");
        _w.Line("long start = (long)block * samplesPerGroup;");
        _w.Line("long end = start + samplesPerGroup < batch ? start + samplesPerGroup : batch;");
        _w.Open("for (long tile = start; tile < end; tile += size)");
        _w.Line("int rows = end - tile < size ? (int)(end - tile) : size;");
        _w.Line("// The tile's inputs, read coalesced, stored unit-major.");
        _w.Open("for (int e = tid; e < rows * InputSize; e += size)");
        _w.Line("int r = e / InputSize;");
        _w.Line($"xs[(e - r * InputSize) * {G} + r] = x[tile * InputSize + e];");
        _w.Close();
        _w.Line("global::ILGPU.Group.Barrier();");
        _w.Open("if (tid < rows)");
        _w.Line("int r = tid;");
        _w.Line("long to = (tile + r) * OutputSize;");
        for (int i = 0; i < count; i++)
        {
            ShapedLayer layer = _n.Layers[i];
            string input = i == 0 ? "xs" : "a" + I(i - 1);
            string output = "a" + I(i);
            _w.Line($"// {layer.Name}: forward");
            _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
            _w.Line($"{_t} z = {(layer.BiasOffset >= 0 ? $"w[{I(layer.BiasOffset)} + o]" : L(0))};");
            _w.Line($"for (int j = 0; j < {I(layer.Inputs)}; j++) z += w[{WeightIndex(layer)}] * {input}[j * {G} + r];");
            _w.Line($"{output}[o * {G} + r] = {Activate(layer.Activation, layer.Spec.LeakySlope, "z")};");
            _w.Close();
        }

        string Unit(string vector, string index) => vector == "t"
            ? (index == "0" ? "t[to]" : $"t[to + {index}]")
            : $"{vector}[({index}) * {G} + r]";
        new LossEmitter(_n, _w, Unit, device: true).Emit("a" + I(count - 1), "t", gradient: "d" + I(count - 1), scale: "scale");
        _w.Line("ls[r] = loss;");
        for (int i = count - 1; i >= 0; i--)
        {
            ShapedLayer layer = _n.Layers[i];
            _w.Line($"// {layer.Name}: deltas");
            string? derivative = ScaleByDerivative(layer.Activation, layer.Spec.LeakySlope, "a", "dv");
            if (derivative is not null)
            {
                _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
                _w.Line($"{_t} a = a{I(i)}[o * {G} + r];");
                _w.Line($"{_t} dv = d{I(i)}[o * {G} + r];");
                _w.Line(derivative);
                _w.Line($"d{I(i)}[o * {G} + r] = dv;");
                _w.Close();
            }

            if (i == 0) continue;
            _w.Open($"for (int j = 0; j < {I(layer.Inputs)}; j++)");
            _w.Line($"{_t} back = {L(0)};");
            _w.Line($"for (int o = 0; o < {I(layer.Outputs)}; o++) back += w[{WeightIndex(layer)}] * d{I(i)}[o * {G} + r];");
            _w.Line($"d{I(i - 1)}[j * {G} + r] = back;");
            _w.Close();
        }

        _w.Close();
        _w.Line("global::ILGPU.Group.Barrier();");
        _w.Line("// Each parameter has one owning thread, which adds the tile's samples in order.");
        for (int i = 0; i < count; i++)
        {
            ShapedLayer layer = _n.Layers[i];
            string input = i == 0 ? "xs" : "a" + I(i - 1);
            string n = I(layer.Inputs);
            _w.Open($"for (int q = tid; q < {I(layer.Outputs * layer.Inputs)}; q += size)");
            _w.Line($"int o = q / {n};");
            _w.Line($"int j = q - o * {n};");
            _w.Line($"int k = {WeightIndex(layer)};");
            _w.Line($"{_t} sum = acc[k];");
            _w.Line($"for (int r = 0; r < rows; r++) sum += d{I(i)}[o * {G} + r] * {input}[j * {G} + r];");
            _w.Line("acc[k] = sum;");
            _w.Close();
            if (layer.BiasOffset >= 0)
            {
                _w.Open($"for (int o = tid; o < {I(layer.Outputs)}; o += size)");
                _w.Line($"{_t} sum = acc[{I(layer.BiasOffset)} + o];");
                _w.Line($"for (int r = 0; r < rows; r++) sum += d{I(i)}[o * {G} + r];");
                _w.Line($"acc[{I(layer.BiasOffset)} + o] = sum;");
                _w.Close();
            }

            // A tied layer shares its weights' entries with its target: the two owners' loops must not overlap.
            if (_n.Layers.Any(l => l.IsTied)) _w.Line("global::ILGPU.Group.Barrier();");
        }

        _w.Line("if (tid == 0) for (int r = 0; r < rows; r++) lossSum += ls[r];");
        _w.Line("global::ILGPU.Group.Barrier();");
        _w.Close();
        _w.Line("for (int k = tid; k < ParameterCount; k += size) partials[(long)block * ParameterCount + k] = acc[k];");
        _w.Line("if (tid == 0) partialLosses[block] = lossSum;");
        _w.Close();
    }

    private void EmitLossGradient()
    {
        Bases(("y", "yo"), ("t", "yo"), ("dy", "yo"));
        _w.Line("/// <summary>For row r of a batch of outputs: dy[r] = scale·∂ℓ/∂y and losses[r] = scale·ℓ (the layer-wise path's loss step).</summary>");
        _w.Open($"public static void LossGradient(global::ILGPU.Index1D row, {V("y")}, {V("t")}, {V("dy")}, {V("losses")}, {_t} scale)");
        _w.Line("long yo = (long)row.X * OutputSize;");
        new LossEmitter(_n, _w, At, device: true).Emit("y", "t", gradient: "dy", scale: "scale");
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

    internal string SetKinkBit(int kink, string index) =>
        $"words[wo + (({I(kink)} + {index}) >> 6)] |= 1UL << (({I(kink)} + {index}) & 63);";

    private void EmitLayerForward(ShapedLayer layer, string input, string output, bool store, int kinkFirst)
    {
        _w.Line($"// {layer.Name}");
        _w.Open("");
        if (layer.Kind is not (LayerKindSpec.Dense or LayerKindSpec.SharedFilter))
        {
            _images.EmitForward(layer, input, output, kinkFirst);
            _w.Close();
            return;
        }

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
        if (layer.Kind is not (LayerKindSpec.Dense or LayerKindSpec.SharedFilter))
        {
            _images.EmitBackward(layer, input, activations, delta, previous, conditional);
            _w.Close();
            return;
        }

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
