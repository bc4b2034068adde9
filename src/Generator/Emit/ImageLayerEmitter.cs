using DslNets.Generator.Model;

namespace DslNets.Generator.Emit;

/// <summary>
/// Writes one sample's forward and backward code for the image layers (convolution, max and average pooling, flatten,
/// dropout, residual) over refs, every size a constant. A stride-1 convolution calls the runtime's direct per-sample
/// kernel (ConvolutionKernels.ForwardSample/BackwardSample, a per-thread scratch for the padded image); other strides
/// are written out: for each filter, input channel and window position weight × an input row is added to an output row.
/// The same code serves the per-sample kernels and the batched path's pooling.
/// </summary>
internal sealed class ImageLayerEmitter
{
    private readonly ShapedNetwork _n;
    private readonly IndentedWriter _w;
    private readonly KernelEmitter _k;
    private readonly string _t;

    public ImageLayerEmitter(ShapedNetwork network, IndentedWriter writer, KernelEmitter kernels)
    {
        _n = network;
        _w = writer;
        _k = kernels;
        _t = network.T;
    }

    private static string I(int value) => Numbers.Int(value);

    private string L(double value) => _k.L(value);

    private static string At(string reference, string index) => KernelEmitter.At(reference, index);

    private static string RoSpan(string reference, string offset, string length) => KernelEmitter.RoSpan(reference, offset, length);

    private static string Span(string reference, string offset, string length) => KernelEmitter.Span(reference, offset, length);

    /// <summary>What the layer does, for the comment above its code.</summary>
    public static string Describe(ShapedLayer layer)
    {
        string activation = ActivationCodes.Names[layer.Activation];
        string shapes = $"{Shape(layer.InputShape, layer.Inputs)} -> {Shape(layer.OutputShape, layer.Outputs)}";
        return layer.Kind switch
        {
            LayerKindSpec.Conv2D => $"convolution {I(layer.Out.Channels)} filters {I(layer.KernelHeight)}×{I(layer.KernelWidth)}, stride {I(layer.Stride)}, padding {I(layer.Padding)}, {shapes}, {activation}",
            LayerKindSpec.MaxPool => $"max pool {I(layer.KernelHeight)}×{I(layer.KernelWidth)}, stride {I(layer.Stride)}, {shapes}",
            LayerKindSpec.AvgPool => $"average pool {I(layer.KernelHeight)}×{I(layer.KernelWidth)}, stride {I(layer.Stride)}, {shapes}",
            LayerKindSpec.Flatten => $"flatten {shapes}",
            LayerKindSpec.Dropout => $"dropout p = {layer.Spec.DropoutProbability.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, {shapes}",
            _ => $"residual: adds the output of '{layer.Spec.From}', {shapes}, {activation}",
        };
    }

    private static string Shape(ImageDims? image, int size) => image?.ToString() ?? I(size);

    // ---------------------------------------------------------------- forward

    /// <param name="dropout">True in the gradient kernels: a dropout layer applies the kernel's draw when it is active.</param>
    public void EmitForward(ShapedLayer layer, string input, string output, bool dropout)
    {
        switch (layer.Kind)
        {
            case LayerKindSpec.Conv2D:
                EmitConvForward(layer, input, output);
                break;
            case LayerKindSpec.MaxPool:
                EmitMaxPoolForward(layer, input, output);
                break;
            case LayerKindSpec.AvgPool:
                EmitAvgPoolForward(layer, input, output);
                break;
            case LayerKindSpec.Flatten:
                EmitCopy(input, output, layer.Outputs);
                break;
            case LayerKindSpec.Dropout:
                if (dropout) EmitDropout(layer, input, output);
                else EmitCopy(input, output, layer.Outputs);
                break;
            default:
                EmitResidualForward(layer, input, "a" + I(layer.FromIndex), output);
                break;
        }
    }

    private void EmitCopy(string from, string to, int count) =>
        _w.Line($"{RoSpan(from, "0", I(count))}.CopyTo({Span(to, "0", I(count))});");

    /// <summary>The output rows [oy0, oy1) whose window row <paramref name="offset"/> reads inside the input (the others read padding).</summary>
    private void EmitValidRange(string low, string high, string offset, int extent, int outputs, int stride, int padding)
    {
        if (padding == 0)
        {
            // Without padding every window lies inside the input.
            _w.Line($"const int {low} = 0, {high} = {I(outputs)};");
            return;
        }

        // A window row deep in a wide padding may miss the input for every output: then the range is empty (high = low).
        _w.Line($"int {low} = {offset} < {I(padding)} ? ({I(padding)} - {offset} + {I(stride - 1)}) / {I(stride)} : 0;");
        _w.Line($"int {high}Last = {I(extent - 1 + padding)} - {offset};");
        _w.Line($"int {high} = {high}Last < 0 ? {low} : global::System.Math.Max({low}, global::System.Math.Min({I(outputs)}, {high}Last / {I(stride)} + 1));");
    }

    /// <summary>
    /// Stride-1 convolutions of networks with the batched path's shapes call the runtime's direct SIMD kernel
    /// (ConvolutionKernels.ForwardSample/BackwardSample: whole vectors over the padded image, register-blocked over
    /// filters), several times faster than a multiply-add per output row, whose rows are as short as 10 numbers.
    /// </summary>
    private bool UsesSampleKernel(ShapedLayer layer) => layer.Stride == 1 && ImageBatchEmitter.Applies(_n);

    private string Bias(ShapedLayer layer) =>
        layer.BiasOffset >= 0 ? RoSpan("p", I(layer.BiasOffset), I(layer.Out.Channels)) : $"global::System.ReadOnlySpan<{_t}>.Empty";

    private void EmitConvForward(ShapedLayer layer, string input, string output)
    {
        if (UsesSampleKernel(layer))
        {
            _w.Line($"global::DslNets.Kernels.ConvolutionKernels.ForwardSample<{_t}>({RoSpan(input, "0", I(layer.Inputs))}, " +
                    $"{RoSpan("p", I(layer.WeightOffset), I(layer.WeightCount))}, {Bias(layer)}, {Span(output, "0", I(layer.Outputs))}, __shape{I(layer.Index)});");
            EmitPlaneActivation(layer, output, "0", I(layer.Outputs));
            return;
        }

        ImageDims i = layer.In, o = layer.Out;
        int s = layer.Stride, pad = layer.Padding, kh = layer.KernelHeight, kw = layer.KernelWidth;
        string plane = I(o.Plane);
        _w.Open($"for (int f = 0; f < {I(o.Channels)}; f++)");
        _w.Line($"global::System.Span<{_t}> plane = {Span(output, $"f * {plane}", plane)};");
        _w.Line(layer.BiasOffset >= 0 ? $"plane.Fill({At("p", $"{I(layer.BiasOffset)} + f")});" : "plane.Clear();");
        _w.Open($"for (int ch = 0; ch < {I(i.Channels)}; ch++)");
        _w.Open($"for (int ky = 0; ky < {I(kh)}; ky++)");
        EmitValidRange("oy0", "oy1", "ky", i.Height, o.Height, s, pad);
        _w.Open($"for (int kx = 0; kx < {I(kw)}; kx++)");
        EmitValidRange("ox0", "ox1", "kx", i.Width, o.Width, s, pad);
        _w.Line($"{_t} w = {At("p", $"{I(layer.WeightOffset)} + ((f * {I(i.Channels)} + ch) * {I(kh)} + ky) * {I(kw)} + kx")};");
        _w.Open("for (int oy = oy0; oy < oy1; oy++)");
        _w.Line($"int row = (ch * {I(i.Height)} + oy * {I(s)} + ky - {I(pad)}) * {I(i.Width)} + kx - {I(pad)};");
        if (s == 1)
        {
            _w.Line($"global::System.Span<{_t}> target = {Span(output, $"f * {plane} + oy * {I(o.Width)} + ox0", "ox1 - ox0")};");
            _w.Line($"__TP.MultiplyAdd({RoSpan(input, "row + ox0", "ox1 - ox0")}, w, target, target);");
        }
        else
        {
            // Indexed from the row's start at each use: a ref to before a buffer (row may be negative) is not allowed.
            _w.Line($"ref {_t} target = ref {At(output, $"f * {plane} + oy * {I(o.Width)}")};");
            _w.Line($"for (int ox = ox0; ox < ox1; ox++) {At("target", "ox")} += w * {At(input, $"row + ox * {I(s)}")};");
        }

        _w.Close();
        _w.Close();
        _w.Close();
        _w.Close();
        EmitPlaneActivation(layer, output, $"f * {plane}", plane);
        _w.Close();
    }

    /// <summary>The layer's activation over <paramref name="count"/> outputs from <paramref name="offset"/> (ReLU as one SIMD max).</summary>
    private void EmitPlaneActivation(ShapedLayer layer, string output, string offset, string count)
    {
        if (layer.Activation == ActivationCodes.Identity) return;
        if (layer.Activation == ActivationCodes.ReLU)
        {
            _w.Line($"__TP.Max({RoSpan(output, offset, count)}, {L(0)}, {Span(output, offset, count)});");
            return;
        }

        _w.Open($"for (int q = 0; q < {count}; q++)");
        _w.Line($"ref {_t} v = ref {At(output, $"{offset} + q")};");
        _w.Line($"v = {_k.Activate(layer.Activation, layer.Spec.LeakySlope, "v")};");
        _w.Close();
    }

    /// <summary>
    /// Loops over every output (ch, oy, ox) with <c>ref T window</c> at its window's first input and <c>ref T cell</c>
    /// at the output; <paramref name="body"/> writes the rest.
    /// </summary>
    private void EmitPoolLoops(ShapedLayer layer, string input, string output, System.Action body)
    {
        ImageDims i = layer.In, o = layer.Out;
        int s = layer.Stride;
        _w.Open($"for (int ch = 0; ch < {I(o.Channels)}; ch++)");
        _w.Open($"for (int oy = 0; oy < {I(o.Height)}; oy++)");
        _w.Open($"for (int ox = 0; ox < {I(o.Width)}; ox++)");
        _w.Line($"ref {_t} window = ref {At(input, $"(ch * {I(i.Height)} + oy * {I(s)}) * {I(i.Width)} + ox * {I(s)}")};");
        _w.Line($"ref {_t} cell = ref {At(output, $"(ch * {I(o.Height)} + oy) * {I(o.Width)} + ox")};");
        body();
        _w.Close();
        _w.Close();
        _w.Close();
    }

    private void EmitMaxPoolForward(ShapedLayer layer, string input, string output)
    {
        ImageDims i = layer.In;
        if (!_n.IsDouble && layer.KernelHeight == 2 && layer.KernelWidth == 2 && layer.Stride == 2 && i.Width >= 8 && i.Width % 2 == 0)
        {
            // The runtime pools such rows in float SIMD, several times faster than a window at a time.
            _w.Line($"global::DslNets.Kernels.PoolingKernels.Forward<{_t}>({RoSpan(input, "0", I(layer.Inputs))}, {Span(output, "0", I(layer.Outputs))}, 1, " +
                    $"new global::DslNets.ImageShape({I(i.Channels)}, {I(i.Height)}, {I(i.Width)}), 2, 2, true);");
            return;
        }

        EmitMaxPoolWindows(layer, input, output);
    }

    private void EmitMaxPoolWindows(ShapedLayer layer, string input, string output) =>
        EmitPoolLoops(layer, input, output, () =>
        {
            _w.Line($"{_t} max = window;");
            EmitWindow(layer, () =>
            {
                _w.Line($"{_t} v = {At("window", "at")};");
                _w.Line("// A NaN wins, as in PyTorch: it is never silently replaced by a number.");
                _w.Line($"if (v > max || {_t}.IsNaN(v)) max = v;");
            });
            _w.Line("cell = max;");
        });

    private void EmitAvgPoolForward(ShapedLayer layer, string input, string output) =>
        EmitPoolLoops(layer, input, output, () =>
        {
            _w.Line($"{_t} sum = {L(0)};");
            EmitWindow(layer, () => _w.Line($"sum += {At("window", "at")};"));
            _w.Line($"cell = sum * {L(1.0 / (layer.KernelHeight * layer.KernelWidth))};");
        });

    /// <summary>Loops over one window, row-major, with <c>at</c> the input offset from the window's first input.</summary>
    private void EmitWindow(ShapedLayer layer, System.Action body)
    {
        _w.Open($"for (int ky = 0; ky < {I(layer.KernelHeight)}; ky++)");
        _w.Open($"for (int kx = 0; kx < {I(layer.KernelWidth)}; kx++)");
        _w.Line($"int at = ky * {I(layer.In.Width)} + kx;");
        body();
        _w.Close();
        _w.Close();
    }

    private void EmitResidualForward(ShapedLayer layer, string previous, string from, string output)
    {
        string n = I(layer.Outputs);
        _w.Line($"__TP.Add({RoSpan(previous, "0", n)}, {RoSpan(from, "0", n)}, {Span(output, "0", n)});");
        if (layer.Activation == ActivationCodes.Identity) return;
        _w.Open($"for (int o = 0; o < {n}; o++)");
        _w.Line($"{_t} v = {At(output, "o")};");
        _w.Line($"{At(output, "o")} = {_k.Activate(layer.Activation, layer.Spec.LeakySlope, "v")};");
        _w.Close();
    }

    /// <summary>Inverted dropout with the kernel's draw (the identity when the draw is inactive).</summary>
    private void EmitDropout(ShapedLayer layer, string input, string output)
    {
        double p = layer.Spec.DropoutProbability;
        _w.Open("if (dropout.IsActive)");
        _w.Line($"ulong stream = global::DslNets.DropoutMask.Stream(dropout, {I(layer.Index)});");
        _w.Open($"for (int u = 0; u < {I(layer.Outputs)}; u++)");
        _w.Line($"{At(output, "u")} = global::DslNets.DropoutMask.Keeps(stream, u, {Numbers.Double(p)}) ? {At(input, "u")} * {L(1.0 / (1.0 - p))} : {L(0)};");
        _w.Close();
        _w.Close();
        _w.Line($"else {RoSpan(input, "0", I(layer.Outputs))}.CopyTo({Span(output, "0", I(layer.Outputs))});");
    }

    // ---------------------------------------------------------------- backward

    /// <summary>
    /// Backward through one image layer: <paramref name="delta"/> holds dL/d(output); parameter gradients are added into g,
    /// and dL/d(input) is written into <paramref name="previousGradient"/> (when there is one).
    /// </summary>
    public void EmitBackward(ShapedLayer layer, string input, string activations, string delta, string? previousGradient)
    {
        switch (layer.Kind)
        {
            case LayerKindSpec.Conv2D:
                _k.EmitDerivativeInPlace(layer, activations, delta);
                EmitConvBackward(layer, input, delta, previousGradient);
                break;
            case LayerKindSpec.MaxPool:
                if (previousGradient is not null) EmitMaxPoolBackward(layer, input, delta, previousGradient);
                break;
            case LayerKindSpec.AvgPool:
                if (previousGradient is not null) EmitAvgPoolBackward(layer, delta, previousGradient);
                break;
            case LayerKindSpec.Flatten:
                if (previousGradient is not null) EmitCopy(delta, previousGradient, layer.Outputs);
                break;
            case LayerKindSpec.Dropout:
                if (previousGradient is not null) EmitDropout(layer, delta, previousGradient);
                break;
            default:
                _k.EmitDerivativeInPlace(layer, activations, delta);
                if (previousGradient is not null) EmitCopy(delta, previousGradient, layer.Outputs);
                break;
        }
    }

    private void EmitConvBackward(ShapedLayer layer, string input, string delta, string? back)
    {
        if (UsesSampleKernel(layer))
        {
            string biasGradient = layer.BiasOffset >= 0 ? Span("g", I(layer.BiasOffset), I(layer.Out.Channels)) : $"global::System.Span<{_t}>.Empty";
            string inputGradient = back is null ? $"global::System.Span<{_t}>.Empty" : Span(back, "0", I(layer.Inputs));
            _w.Line($"global::DslNets.Kernels.ConvolutionKernels.BackwardSample<{_t}>({RoSpan(delta, "0", I(layer.Outputs))}, {RoSpan(input, "0", I(layer.Inputs))}, " +
                    $"{RoSpan("p", I(layer.WeightOffset), I(layer.WeightCount))}, {Span("g", I(layer.WeightOffset), I(layer.WeightCount))}, {biasGradient}, {inputGradient}, __shape{I(layer.Index)});");
            return;
        }

        ImageDims i = layer.In, o = layer.Out;
        int s = layer.Stride, pad = layer.Padding, kh = layer.KernelHeight, kw = layer.KernelWidth;
        string plane = I(o.Plane);
        if (back is not null) _w.Line($"{Span(back, "0", I(layer.Inputs))}.Clear();");
        _w.Open($"for (int f = 0; f < {I(o.Channels)}; f++)");
        if (layer.BiasOffset >= 0) _w.Line($"{At("g", $"{I(layer.BiasOffset)} + f")} += __TP.Sum({RoSpan(delta, $"f * {plane}", plane)});");
        _w.Open($"for (int ch = 0; ch < {I(i.Channels)}; ch++)");
        _w.Open($"for (int ky = 0; ky < {I(kh)}; ky++)");
        EmitValidRange("oy0", "oy1", "ky", i.Height, o.Height, s, pad);
        _w.Open($"for (int kx = 0; kx < {I(kw)}; kx++)");
        EmitValidRange("ox0", "ox1", "kx", i.Width, o.Width, s, pad);
        _w.Line($"int k = {I(layer.WeightOffset)} + ((f * {I(i.Channels)} + ch) * {I(kh)} + ky) * {I(kw)} + kx;");
        if (back is not null) _w.Line($"{_t} w = {At("p", "k")};");
        _w.Line($"{_t} sum = {L(0)};");
        _w.Open("for (int oy = oy0; oy < oy1; oy++)");
        _w.Line($"int row = (ch * {I(i.Height)} + oy * {I(s)} + ky - {I(pad)}) * {I(i.Width)} + kx - {I(pad)};");
        _w.Line($"int at = f * {plane} + oy * {I(o.Width)};");
        if (s == 1)
        {
            _w.Line($"global::System.ReadOnlySpan<{_t}> dz = {RoSpan(delta, "at + ox0", "ox1 - ox0")};");
            _w.Line($"sum += __TP.Dot(dz, {RoSpan(input, "row + ox0", "ox1 - ox0")});");
            if (back is not null)
            {
                _w.Line($"global::System.Span<{_t}> target = {Span(back, "row + ox0", "ox1 - ox0")};");
                _w.Line("__TP.MultiplyAdd(dz, w, target, target);");
            }
        }
        else
        {
            _w.Open("for (int ox = ox0; ox < ox1; ox++)");
            _w.Line($"{_t} dz = {At(delta, "at + ox")};");
            _w.Line($"sum += dz * {At(input, $"row + ox * {I(s)}")};");
            if (back is not null) _w.Line($"{At(back, $"row + ox * {I(s)}")} += w * dz;");
            _w.Close();
        }

        _w.Close();
        _w.Line($"{At("g", "k")} += sum;");
        _w.Close();
        _w.Close();
        _w.Close();
        _w.Close();
    }

    private void EmitMaxPoolBackward(ShapedLayer layer, string input, string delta, string back)
    {
        ImageDims i = layer.In;
        if (layer.KernelHeight == 2 && layer.KernelWidth == 2 && layer.Stride == 2)
        {
            // The runtime finds each window's argmax in SIMD selects: a branch per entry would be mispredicted on real data
            // about as often as not.
            _w.Line($"global::DslNets.Kernels.PoolingKernels.BackwardSample<{_t}>({RoSpan(input, "0", I(layer.Inputs))}, {RoSpan(delta, "0", I(layer.Outputs))}, " +
                    $"{Span(back, "0", I(layer.Inputs))}, new global::DslNets.ImageShape({I(i.Channels)}, {I(i.Height)}, {I(i.Width)}), 2, 2, true);");
            return;
        }

        _w.Line($"{Span(back, "0", I(layer.Inputs))}.Clear();");
        EmitPoolLoops(layer, input, delta, () =>
        {
            _w.Line("// The gradient goes to the window's first largest entry, the one Forward picked.");
            _w.Line($"{_t} max = window;");
            _w.Line("int best = 0;");
            EmitWindow(layer, () =>
            {
                _w.Line($"{_t} v = {At("window", "at")};");
                _w.Open($"if (v > max || {_t}.IsNaN(v))");
                _w.Line("max = v;");
                _w.Line("best = at;");
                _w.Close();
            });
            _w.Line($"{At(back, $"(ch * {I(i.Height)} + oy * {I(layer.Stride)}) * {I(i.Width)} + ox * {I(layer.Stride)} + best")} += cell;");
        });
    }

    private void EmitAvgPoolBackward(ShapedLayer layer, string delta, string back)
    {
        _w.Line($"{Span(back, "0", I(layer.Inputs))}.Clear();");
        // The loops read the window in the gradient of the input and the cell in the output's gradient.
        EmitPoolLoops(layer, back, delta, () =>
        {
            _w.Line($"{_t} share = cell * {L(1.0 / (layer.KernelHeight * layer.KernelWidth))};");
            EmitWindow(layer, () => _w.Line($"{At("window", "at")} += share;"));
        });
    }
}
