using DslNets.Generator.Model;

namespace DslNets.Generator.Emit;

/// <summary>
/// Writes the image layers (convolution, max and average pooling, flatten, dropout, residual) into the per-sample ILGPU
/// kernels: plain loops over array views, one output at a time, adding each convolution's terms in the host kernel's
/// order (bias, then channel, window row, window column), so the device equals the host to rounding. Dropout is the
/// identity here: the device kernels serve inference and the plain gradient; training with dropout runs on the host.
/// </summary>
internal sealed class DeviceImageLayerEmitter
{
    private readonly ShapedNetwork _n;
    private readonly IndentedWriter _w;
    private readonly DeviceKernelEmitter _k;
    private readonly string _t;

    public DeviceImageLayerEmitter(ShapedNetwork network, IndentedWriter writer, DeviceKernelEmitter kernels)
    {
        _n = network;
        _w = writer;
        _k = kernels;
        _t = network.T;
    }

    private static string I(int value) => Numbers.Int(value);

    private string L(double value) => _k.L(value);

    private string At(string vector, string index) => _k.At(vector, index);

    /// <param name="kinkFirst">In the pattern kernel, the layer's first kink neuron (its bits are set where the pre-activation is positive); else -1.</param>
    public void EmitForward(ShapedLayer layer, string input, string output, int kinkFirst)
    {
        switch (layer.Kind)
        {
            case LayerKindSpec.Conv2D:
                EmitConvForward(layer, input, output, kinkFirst);
                break;
            case LayerKindSpec.MaxPool:
            case LayerKindSpec.AvgPool:
                EmitPoolForward(layer, input, output);
                break;
            case LayerKindSpec.Flatten:
            case LayerKindSpec.Dropout:
                _w.Line($"for (int u = 0; u < {I(layer.Outputs)}; u++) {At(output, "u")} = {At(input, "u")};");
                break;
            default:
                _w.Open($"for (int u = 0; u < {I(layer.Outputs)}; u++)");
                _w.Line($"{_t} z = {At(input, "u")} + a{I(layer.FromIndex)}[u];");
                if (kinkFirst >= 0) _w.Line($"if (z > {L(0)}) {_k.SetKinkBit(kinkFirst, "u")}");
                _w.Line($"{At(output, "u")} = {_k.Activate(layer.Activation, layer.Spec.LeakySlope, "z")};");
                _w.Close();
                break;
        }
    }

    /// <summary>Opens the loops over one output (f, oy, ox) and the window terms inside the input; <paramref name="body"/> sees ch, iy, ix and k (the weight's index).</summary>
    private void EmitConvTerms(ShapedLayer layer, System.Action body)
    {
        ImageDims i = layer.In;
        int s = layer.Stride, pad = layer.Padding, kh = layer.KernelHeight, kw = layer.KernelWidth;
        _w.Open($"for (int ch = 0; ch < {I(i.Channels)}; ch++)");
        _w.Open($"for (int ky = 0; ky < {I(kh)}; ky++)");
        _w.Line($"int iy = oy * {I(s)} + ky - {I(pad)};");
        if (pad > 0) _w.Line($"if (iy < 0 || iy >= {I(i.Height)}) continue;");
        _w.Open($"for (int kx = 0; kx < {I(kw)}; kx++)");
        _w.Line($"int ix = ox * {I(s)} + kx - {I(pad)};");
        if (pad > 0) _w.Line($"if (ix < 0 || ix >= {I(i.Width)}) continue;");
        _w.Line($"int k = {I(layer.WeightOffset)} + ((f * {I(i.Channels)} + ch) * {I(kh)} + ky) * {I(kw)} + kx;");
        _w.Line($"int at = (ch * {I(i.Height)} + iy) * {I(i.Width)} + ix;");
        body();
        _w.Close();
        _w.Close();
        _w.Close();
    }

    private void EmitOutputs(ImageDims o, System.Action body)
    {
        _w.Open($"for (int f = 0; f < {I(o.Channels)}; f++)");
        _w.Open($"for (int oy = 0; oy < {I(o.Height)}; oy++)");
        _w.Open($"for (int ox = 0; ox < {I(o.Width)}; ox++)");
        _w.Line($"int cell = (f * {I(o.Height)} + oy) * {I(o.Width)} + ox;");
        body();
        _w.Close();
        _w.Close();
        _w.Close();
    }

    private void EmitConvForward(ShapedLayer layer, string input, string output, int kinkFirst) =>
        EmitOutputs(layer.Out, () =>
        {
            _w.Line($"{_t} z = {(layer.BiasOffset >= 0 ? $"p[{I(layer.BiasOffset)} + f]" : L(0))};");
            EmitConvTerms(layer, () => _w.Line($"z += p[k] * {At(input, "at")};"));
            if (kinkFirst >= 0) _w.Line($"if (z > {L(0)}) {_k.SetKinkBit(kinkFirst, "cell")}");
            _w.Line($"{At(output, "cell")} = {_k.Activate(layer.Activation, layer.Spec.LeakySlope, "z")};");
        });

    /// <summary>Loops over every output (here f is the channel) and its window, row-major, with <c>at</c> the input index.</summary>
    private void EmitPoolWindow(ShapedLayer layer, System.Action before, System.Action term, System.Action after)
    {
        ImageDims i = layer.In;
        EmitOutputs(layer.Out, () =>
        {
            before();
            _w.Open($"for (int ky = 0; ky < {I(layer.KernelHeight)}; ky++)");
            _w.Open($"for (int kx = 0; kx < {I(layer.KernelWidth)}; kx++)");
            _w.Line($"int at = (f * {I(i.Height)} + oy * {I(layer.Stride)} + ky) * {I(i.Width)} + ox * {I(layer.Stride)} + kx;");
            term();
            _w.Close();
            _w.Close();
            after();
        });
    }

    private void EmitPoolForward(ShapedLayer layer, string input, string output)
    {
        if (layer.Kind == LayerKindSpec.MaxPool)
        {
            ImageDims i = layer.In;
            EmitPoolWindow(layer,
                () => _w.Line($"{_t} max = {At(input, $"(f * {I(i.Height)} + oy * {I(layer.Stride)}) * {I(i.Width)} + ox * {I(layer.Stride)}")};"),
                () =>
                {
                    _w.Line($"{_t} v = {At(input, "at")};");
                    _w.Line($"if (v > max || {_t}.IsNaN(v)) max = v;");
                },
                () => _w.Line($"{At(output, "cell")} = max;"));
            return;
        }

        EmitPoolWindow(layer,
            () => _w.Line($"{_t} sum = {L(0)};"),
            () => _w.Line($"sum += {At(input, "at")};"),
            () => _w.Line($"{At(output, "cell")} = sum * {L(1.0 / (layer.KernelHeight * layer.KernelWidth))};"));
    }

    /// <param name="conditional">The first layer: the input gradient is written only when the launch asks for it.</param>
    public void EmitBackward(ShapedLayer layer, string input, string activations, string delta, string previous, bool conditional)
    {
        if (layer.Kind is LayerKindSpec.Conv2D or LayerKindSpec.Residual) EmitDerivative(layer, activations, delta);
        if (layer.Kind == LayerKindSpec.Conv2D)
        {
            EmitConvBackward(layer, input, delta, previous, conditional);
            return;
        }

        if (conditional) _w.Open("if (withInput != 0)");
        switch (layer.Kind)
        {
            case LayerKindSpec.MaxPool:
            case LayerKindSpec.AvgPool:
                EmitPoolBackward(layer, input, delta, previous);
                break;
            default:
                // Flatten, residual and (the identity here) dropout pass the gradient through.
                _w.Line($"for (int u = 0; u < {I(layer.Inputs)}; u++) {At(previous, "u")} = {delta}[u];");
                break;
        }

        if (conditional) _w.Close();
    }

    private void EmitDerivative(ShapedLayer layer, string activations, string delta)
    {
        string? derivative = _k.ScaleByDerivative(layer.Activation, layer.Spec.LeakySlope, "a", "d");
        if (derivative is null) return;
        _w.Open($"for (int o = 0; o < {I(layer.Outputs)}; o++)");
        _w.Line($"{_t} a = {activations}[o];");
        _w.Line($"{_t} d = {delta}[o];");
        _w.Line(derivative);
        _w.Line($"{delta}[o] = d;");
        _w.Close();
    }

    private void EmitConvBackward(ShapedLayer layer, string input, string delta, string previous, bool conditional)
    {
        _w.Line($"bool back = {(conditional ? "withInput != 0" : "true")};");
        _w.Line($"if (back) for (int q = 0; q < {I(layer.Inputs)}; q++) {At(previous, "q")} = {L(0)};");
        EmitOutputs(layer.Out, () =>
        {
            _w.Line($"{_t} dz = {delta}[cell];");
            if (layer.BiasOffset >= 0) _w.Line($"{At("g", $"{I(layer.BiasOffset)} + f")} += dz;");
            EmitConvTerms(layer, () =>
            {
                _w.Line($"{At("g", "k")} += dz * {At(input, "at")};");
                _w.Line($"if (back) {At(previous, "at")} += p[k] * dz;");
            });
        });
    }

    private void EmitPoolBackward(ShapedLayer layer, string input, string delta, string previous)
    {
        _w.Line($"for (int q = 0; q < {I(layer.Inputs)}; q++) {At(previous, "q")} = {L(0)};");
        if (layer.Kind == LayerKindSpec.MaxPool)
        {
            ImageDims i = layer.In;
            EmitPoolWindow(layer,
                () =>
                {
                    _w.Line($"int best = (f * {I(i.Height)} + oy * {I(layer.Stride)}) * {I(i.Width)} + ox * {I(layer.Stride)};");
                    _w.Line($"{_t} max = {At(input, "best")};");
                },
                () =>
                {
                    _w.Line($"{_t} v = {At(input, "at")};");
                    _w.Open($"if (v > max || {_t}.IsNaN(v))");
                    _w.Line("max = v;");
                    _w.Line("best = at;");
                    _w.Close();
                },
                () => _w.Line($"{At(previous, "best")} += {delta}[cell];"));
            return;
        }

        EmitPoolWindow(layer,
            () => _w.Line($"{_t} share = {delta}[cell] * {L(1.0 / (layer.KernelHeight * layer.KernelWidth))};"),
            () => _w.Line($"{At(previous, "at")} += share;"),
            () => { });
    }
}
