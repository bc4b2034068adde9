using System.Linq;
using DslNets.Generator.Model;

namespace DslNets.Generator.Emit;

/// <summary>
/// Writes the batched paths of networks with image layers (convolution, pooling, flatten, dropout, residual): the batch
/// goes through in groups of samples, each layer's outputs for a group as one block; convolutions through
/// DslNets.Kernels.ConvolutionKernels (direct per sample on both cores for stride 1, im2col and the matrix kernel
/// otherwise; it says why), dense layers as in <see cref="BatchEmitter"/>,
/// pooling through PoolingKernels, residual sums and dropout masks over whole blocks. A group holds as many samples as keep
/// its activations and gradients within <see cref="ActivationBudget"/> numbers, so a large batch of a large network does
/// not need its whole activations at once; the scratch is the thread's, grown once. (Small nets without dropout take
/// the gradient of a batch sample by sample instead: NetworkEmitter.SampleParallel.)
/// </summary>
internal sealed class ImageBatchEmitter
{
    /// <summary>The most numbers (activations and gradients) one group of samples keeps.</summary>
    internal const int ActivationBudget = 1 << 22;

    /// <summary>The most samples in one group.</summary>
    internal const int MaximumGroup = 512;

    private readonly ShapedNetwork _n;
    private readonly IndentedWriter _w;
    private readonly string _t;
    private readonly BatchEmitter _dense;

    public ImageBatchEmitter(ShapedNetwork network, IndentedWriter writer)
    {
        _n = network;
        _w = writer;
        _t = network.T;
        _dense = new BatchEmitter(network, writer, "rows");
    }

    /// <summary>Whether this network gets the grouped batch path (image layers, and no shared filter).</summary>
    public static bool Applies(ShapedNetwork network) =>
        network.HasImageLayers && network.Layers.All(l => l.Kind != LayerKindSpec.SharedFilter);

    private static string I(int value) => Numbers.Int(value);

    private string L(double value) => Numbers.Literal(value, _n.IsDouble);

    /// <summary>In the forward pass a flatten or dropout after the first layer reuses its input's block, unless it is the last layer.</summary>
    private bool AliasesInForward(int index) =>
        index > 0 && index < _n.Layers.Length - 1 && _n.Layers[index].Kind is LayerKindSpec.Flatten or LayerKindSpec.Dropout;

    private bool AliasesInGradient(int index) => KernelEmitter.AliasesInGradient(_n, index);

    /// <summary>Each layer's block offset per sample (the same for aliased layers as their input's) and the total per sample.</summary>
    private (int[] Offsets, int Total) Plan(bool gradient)
    {
        int[] offsets = new int[_n.Layers.Length];
        int total = 0;
        for (int i = 0; i < _n.Layers.Length; i++)
        {
            bool alias = gradient ? AliasesInGradient(i) : AliasesInForward(i) || i == _n.Layers.Length - 1;
            if (alias)
            {
                offsets[i] = i > 0 ? offsets[i - 1] : 0;
                continue;
            }

            offsets[i] = total;
            total += _n.Layers[i].Outputs * (gradient ? 2 : 1);
        }

        return (offsets, total);
    }

    private int GroupSize(int perSample) => System.Math.Max(1, System.Math.Min(MaximumGroup, ActivationBudget / System.Math.Max(1, perSample)));

    /// <summary>The static shapes the kernels take, one per convolution.</summary>
    public void EmitShapes()
    {
        foreach (ShapedLayer layer in _n.Layers.Where(l => l.Kind == LayerKindSpec.Conv2D))
        {
            ImageDims i = layer.In;
            _w.Line($"private static readonly global::DslNets.Kernels.ConvolutionShape __shape{I(layer.Index)} = new(new global::DslNets.ImageShape({I(i.Channels)}, {I(i.Height)}, {I(i.Width)}), " +
                    $"{I(layer.Out.Channels)}, {I(layer.KernelHeight)}, {I(layer.KernelWidth)}, {I(layer.Stride)}, {I(layer.Padding)});");
        }

        _w.Line();
    }

    private void OpenGroups(int perSample)
    {
        int group = GroupSize(perSample);
        _w.Line($"global::System.ReadOnlySpan<{_t}> p = __parameters;");
        _w.Line($"int group = batch < {I(group)} ? batch : {I(group)};");
        _w.Line($"{_t}[] scratch = __Scratch({I(perSample)} * group);");
        _w.Open("for (int start = 0; start < batch; start += group)");
        _w.Line("int rows = global::System.Math.Min(group, batch - start);");
        _w.Line($"global::System.ReadOnlySpan<{_t}> x = inputs.Slice(start * InputSize, rows * InputSize);");
    }

    private string Block(int offset, int width) => $"new global::System.Span<{_t}>(scratch, {I(offset)} * rows, {I(width)} * rows)";

    public void EmitForwardBatch()
    {
        (int[] offsets, int total) = Plan(gradient: false);
        int count = _n.Layers.Length;
        _w.Open($"private void __ForwardBatchMatrix(global::System.ReadOnlySpan<{_t}> inputs, global::System.Span<{_t}> outputs, int batch)");
        OpenGroups(total);
        _w.Line($"global::System.Span<{_t}> y = outputs.Slice(start * OutputSize, rows * OutputSize);");
        for (int i = 0; i < count - 1; i++)
        {
            ShapedLayer layer = _n.Layers[i];
            _w.Line(AliasesInForward(i)
                ? $"global::System.Span<{_t}> a{I(i)} = a{I(i - 1)}; // {layer.Name} reads its input as it is"
                : $"global::System.Span<{_t}> a{I(i)} = {Block(offsets[i], layer.Outputs)};");
        }

        for (int i = 0; i < count; i++)
        {
            if (AliasesInForward(i)) continue;
            EmitLayerForward(_n.Layers[i], i == 0 ? "x" : "a" + I(i - 1), i == count - 1 ? "y" : "a" + I(i), dropout: false);
        }

        _w.Close();
        _w.Close();
        _w.Line();
    }

    public void EmitGradientBatch()
    {
        (int[] offsets, int total) = Plan(gradient: true);
        int count = _n.Layers.Length;
        string draw = _n.HasDropout ? ", global::DslNets.DropoutDraw dropout" : "";
        // inputGradient is batch×InputSize, or empty when the caller wants only the parameter gradient.
        _w.Open($"private {_t} __GradientBatchMatrix(global::System.ReadOnlySpan<{_t}> inputs, global::System.ReadOnlySpan<{_t}> targets, global::System.Span<{_t}> gradient, global::System.Span<{_t}> inputGradient, {_t} scale, int batch{draw})");
        _w.Line($"{_t} total = 0;");
        OpenGroups(total);
        _w.Line($"global::System.ReadOnlySpan<{_t}> t = targets.Slice(start * OutputSize, rows * OutputSize);");
        _w.Line($"global::System.Span<{_t}> gx = inputGradient.IsEmpty ? default : inputGradient.Slice(start * InputSize, rows * InputSize);");
        for (int i = 0; i < count; i++)
        {
            ShapedLayer layer = _n.Layers[i];
            if (AliasesInGradient(i))
            {
                _w.Line($"global::System.Span<{_t}> a{I(i)} = a{I(i - 1)}; // {layer.Name} reads its input as it is");
                _w.Line($"global::System.Span<{_t}> d{I(i)} = d{I(i - 1)};");
                continue;
            }

            _w.Line($"global::System.Span<{_t}> a{I(i)} = {Block(offsets[i], layer.Outputs)};");
            _w.Line($"global::System.Span<{_t}> d{I(i)} = {Block(offsets[i] + layer.Outputs, layer.Outputs)};");
        }

        for (int i = 0; i < count; i++)
        {
            if (AliasesInGradient(i)) continue;
            EmitLayerForward(_n.Layers[i], i == 0 ? "x" : "a" + I(i - 1), "a" + I(i), dropout: true);
        }

        string last = I(count - 1);
        _w.Line("// Loss and its gradient, one output row at a time.");
        _w.Line($"ref {_t} yr = ref __M.GetReference(a{last});");
        _w.Line($"ref {_t} tr = ref __M.GetReference(t);");
        _w.Line($"ref {_t} dr = ref __M.GetReference(d{last});");
        _w.Open("for (int i = 0; i < rows; i++)");
        _w.Line("total += __LossGradient(ref __U.Add(ref yr, i * OutputSize), ref __U.Add(ref tr, i * OutputSize), ref __U.Add(ref dr, i * OutputSize), scale);");
        _w.Close();
        for (int i = count - 1; i >= 0; i--)
        {
            string previous = i > 0 ? "d" + I(i - 1) : "gx";
            if (!AliasesInGradient(i)) EmitLayerBackward(_n.Layers[i], i == 0 ? "x" : "a" + I(i - 1), "a" + I(i), "d" + I(i), previous);
            if (i == 0) continue;
            foreach (ShapedLayer residual in _n.Layers.Where(l => l.FromIndex == i - 1))
            {
                _w.Line($"// {residual.Name} adds {_n.Layers[i - 1].Name}'s output: its gradient flows back there too.");
                _w.Line($"__TP.Add(d{I(i - 1)}, d{I(residual.Index)}, d{I(i - 1)});");
            }
        }

        _w.Close();
        _w.Line("return total;");
        _w.Close();
        _w.Line();
    }

    private void EmitLayerForward(ShapedLayer layer, string input, string output, bool dropout)
    {
        switch (layer.Kind)
        {
            case LayerKindSpec.Dense:
                _dense.EmitLayerForward(layer, input, output);
                return;
            case LayerKindSpec.Conv2D:
            {
                _w.Line($"// {layer.Name}: {ImageLayerEmitter.Describe(layer)}");
                string bias = layer.BiasOffset >= 0 ? $"p.Slice({I(layer.BiasOffset)}, {I(layer.BiasCount)})" : $"global::System.ReadOnlySpan<{_t}>.Empty";
                _w.Line($"global::DslNets.Kernels.ConvolutionKernels.Forward<{_t}>({input}, p.Slice({I(layer.WeightOffset)}, {I(layer.WeightCount)}), {bias}, {output}, rows, __shape{I(layer.Index)});");
                _dense.EmitActivation(layer, output);
                return;
            }

            case LayerKindSpec.MaxPool:
            case LayerKindSpec.AvgPool:
                _w.Line($"// {layer.Name}: {ImageLayerEmitter.Describe(layer)}");
                _w.Line($"global::DslNets.Kernels.PoolingKernels.Forward<{_t}>({input}, {output}, rows, {Image(layer.In)}, {I(layer.KernelHeight)}, {I(layer.Stride)}, {(layer.Kind == LayerKindSpec.MaxPool ? "true" : "false")});");
                return;
            case LayerKindSpec.Flatten:
                _w.Line($"// {layer.Name}: {ImageLayerEmitter.Describe(layer)}");
                _w.Line($"{input}.CopyTo({output});");
                return;
            case LayerKindSpec.Dropout:
                _w.Line($"// {layer.Name}: {ImageLayerEmitter.Describe(layer)}");
                if (dropout) EmitDropout(layer, input, output);
                else _w.Line($"{input}.CopyTo({output});");
                return;
            default:
                _w.Line($"// {layer.Name}: {ImageLayerEmitter.Describe(layer)}");
                _w.Line($"__TP.Add({input}, a{I(layer.FromIndex)}, {output});");
                _dense.EmitActivation(layer, output);
                return;
        }
    }

    private static string Image(ImageDims d) => $"new global::DslNets.ImageShape({I(d.Channels)}, {I(d.Height)}, {I(d.Width)})";

    /// <summary>Row j of the block takes the masks of the draw's sample start + j, as the per-sample path does.</summary>
    private void EmitDropout(ShapedLayer layer, string input, string output)
    {
        double p = layer.Spec.DropoutProbability;
        string units = I(layer.Outputs);
        _w.Open("if (dropout.IsActive)");
        _w.Open("for (int j = 0; j < rows; j++)");
        _w.Line($"ulong stream = global::DslNets.DropoutMask.Stream(dropout.ForSample(start + j), {I(layer.Index)});");
        _w.Open($"for (int u = 0; u < {units}; u++)");
        _w.Line($"{output}[j * {units} + u] = global::DslNets.DropoutMask.Keeps(stream, u, {Numbers.Double(p)}) ? {input}[j * {units} + u] * {L(1.0 / (1.0 - p))} : {L(0)};");
        _w.Close();
        _w.Close();
        _w.Close();
        _w.Line($"else {input}.CopyTo({output});");
    }

    private void EmitLayerBackward(ShapedLayer layer, string input, string activations, string delta, string previous)
    {
        bool first = layer.Index == 0;
        switch (layer.Kind)
        {
            case LayerKindSpec.Dense:
                _dense.EmitLayerBackward(layer, input, activations, delta, previous);
                return;
            case LayerKindSpec.Conv2D:
            {
                _w.Line($"// {layer.Name}: backward");
                _dense.EmitDerivative(layer, activations, delta);
                string bias = layer.BiasOffset >= 0 ? $"gradient.Slice({I(layer.BiasOffset)}, {I(layer.BiasCount)})" : "default";
                // The first layer's input gradient is the caller's, empty when not wanted: the kernel then skips it.
                _w.Line($"global::DslNets.Kernels.ConvolutionKernels.Backward<{_t}>({delta}, {input}, p.Slice({I(layer.WeightOffset)}, {I(layer.WeightCount)}), " +
                        $"gradient.Slice({I(layer.WeightOffset)}, {I(layer.WeightCount)}), {bias}, {previous}, rows, __shape{I(layer.Index)});");
                return;
            }

            case LayerKindSpec.MaxPool:
            case LayerKindSpec.AvgPool:
                _w.Line($"// {layer.Name}: backward");
                Guarded(first, previous, $"global::DslNets.Kernels.PoolingKernels.Backward<{_t}>({input}, {delta}, {previous}, rows, {Image(layer.In)}, {I(layer.KernelHeight)}, {I(layer.Stride)}, {(layer.Kind == LayerKindSpec.MaxPool ? "true" : "false")});");
                return;
            case LayerKindSpec.Flatten:
                _w.Line($"// {layer.Name}: backward");
                Guarded(first, previous, $"{delta}.CopyTo({previous});");
                return;
            case LayerKindSpec.Dropout:
                _w.Line($"// {layer.Name}: backward");
                if (first) _w.Open($"if (!{previous}.IsEmpty)");
                EmitDropout(layer, delta, previous);
                if (first) _w.Close();
                return;
            default:
                _w.Line($"// {layer.Name}: backward");
                _dense.EmitDerivative(layer, activations, delta);
                Guarded(first, previous, $"{delta}.CopyTo({previous});");
                return;
        }
    }

    private void Guarded(bool first, string previous, string statement) =>
        _w.Line(first ? $"if (!{previous}.IsEmpty) {statement}" : statement);
}
