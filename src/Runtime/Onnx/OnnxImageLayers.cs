using System.Numerics;

namespace DslNets.Onnx;

/// <summary>
/// A tensor of the graph being written: its name, and its image shape when it is batch × C × H × W (null when it is a
/// batch × n matrix).
/// </summary>
internal readonly record struct OnnxTensor(string Name, ImageShape? Image);

/// <summary>
/// The ONNX form of the image layers (<see cref="LayerKind.Conv2D"/>, <see cref="LayerKind.MaxPool"/>,
/// <see cref="LayerKind.AvgPool"/>, <see cref="LayerKind.Flatten"/>, <see cref="LayerKind.Dropout"/>,
/// <see cref="LayerKind.Residual"/>), and the flatten from an image to a vector.
/// </summary>
/// <remarks>
/// In float a convolution is Conv and pooling MaxPool or AveragePool. ONNX Runtime's CPU provider has no double Conv or
/// AveragePool kernel, so in double the model is written with operators it runs in double: the convolution as a gather
/// of the (padded) input's windows and one MatMul with the weight matrix, the average as a gather of the windows and
/// ReduceMean; max pooling stays MaxPool. Either way the weight tensor is "Layer.weight", filters × channels × height ×
/// width, as in checkpoints and PyTorch.
/// </remarks>
internal static class OnnxImageLayers
{
    /// <summary>
    /// <paramref name="tensor"/> in the form <paramref name="wanted"/> asks for: an image is flattened channel-major (the
    /// order of the DSL's vectors and of <c>torch.flatten(x, 1)</c>) for a layer that reads a vector; an image layer must
    /// get the image it states (the generator's shape checking guarantees it, so anything else is a broken layer list).
    /// </summary>
    public static OnnxTensor As(OnnxGraphWriter graph, OnnxTensor tensor, ImageShape? wanted, string prefix, string network)
    {
        if (tensor.Image == wanted) return tensor;
        if (wanted is ImageShape image)
        {
            throw new InvalidOperationException(
                $"{network}: '{prefix}' reads a {image} image but is given {(tensor.Image is ImageShape other ? $"a {other} image" : "a vector")}.");
        }

        string flat = $"{prefix}.flat";
        graph.Node("Flatten", $"{prefix}/Flatten", [tensor.Name], [flat], OnnxAttribute.Int("axis", 1));
        return new OnnxTensor(flat, null);
    }

    /// <summary>
    /// z[f, y, x] = b_f + Σ W[f, c, i, j]·in[c, y·s + i − p, x·s + j − p] with zeros outside the input, then the activation.
    /// </summary>
    public static OnnxTensor Conv2D<T>(OnnxGraphWriter graph, LayerInfo layer, OnnxTensor input, string result, T[] parameters, string network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (ImageShape i, ImageShape o) = Shapes(layer, network);
        input = As(graph, input, i, layer.Name, network);
        int kh = layer.KernelHeight, kw = layer.KernelWidth, s = layer.Stride, p = layer.Padding;
        if (p < 0) throw new InvalidOperationException($"{network}: convolution '{layer.Name}' has padding {p}.");
        CheckWindows(layer, i with { Height = i.Height + 2 * p, Width = i.Width + 2 * p }, o, network);
        if (o.Channels < 1) throw new InvalidOperationException($"{network}: convolution '{layer.Name}' has {o.Channels} filters.");
        int taps = i.Channels * kh * kw;
        OnnxExport.CheckSlice(layer, "weights", layer.WeightOffset, layer.WeightCount, (long)o.Channels * taps, parameters.Length, network);
        string weight = $"{layer.Name}.weight";
        graph.Initializer(weight, [o.Channels, i.Channels, kh, kw], parameters.AsSpan(layer.WeightOffset, layer.WeightCount));
        string? bias = null;
        if (layer.BiasCount > 0)
        {
            OnnxExport.CheckSlice(layer, "bias", layer.BiasOffset, layer.BiasCount, o.Channels, parameters.Length, network);
            bias = $"{layer.Name}.bias";
            graph.Initializer(bias, [o.Channels], parameters.AsSpan(layer.BiasOffset, layer.BiasCount));
        }

        string name = layer.Name;
        string z = layer.Activation == Activation.Identity ? result : $"{name}.z";
        if (typeof(T) == typeof(float))
        {
            graph.Node("Conv", $"{name}/Conv", bias is null ? [input.Name, weight] : [input.Name, weight, bias], [z],
                OnnxAttribute.Ints("kernel_shape", kh, kw), OnnxAttribute.Ints("strides", s, s), OnnxAttribute.Ints("pads", p, p, p, p));
        }
        else
        {
            // im2col: the padded planes as rows of length H'·W', their kh·kw window entries gathered per output position
            // (batch × C × kh·kw × rows·columns), read as batch × C·kh·kw × rows·columns, whose row order (c, i, j) is
            // that of the weight's columns: one MatMul with the weight as a filters × C·kh·kw matrix gives every filter at
            // every position.
            string source = input.Name;
            if (p > 0)
            {
                string pads = $"{name}.pads", padded = $"{name}.padded";
                graph.Int64Initializer(pads, [8], [0, 0, p, p, 0, 0, p, p]);
                graph.Node("Pad", $"{name}/Pad", [source, pads], [padded]);
                source = padded;
            }

            int paddedWidth = i.Width + 2 * p, paddedPlane = (i.Height + 2 * p) * paddedWidth;
            string planes = Reshape(graph, $"{name}.planes", source, [-1, i.Channels, paddedPlane]);
            var indices = new long[kh * kw * o.PlaneSize];
            for (int ky = 0; ky < kh; ky++)
                for (int kx = 0; kx < kw; kx++)
                    for (int y = 0; y < o.Height; y++)
                        for (int x = 0; x < o.Width; x++)
                            indices[((ky * kw + kx) * o.Height + y) * o.Width + x] = (long)(y * s + ky) * paddedWidth + x * s + kx;
            string windows = Gather(graph, $"{name}.windows", planes, [kh * kw, o.PlaneSize], indices);
            string columns = Reshape(graph, $"{name}.columns", windows, [-1, taps, o.PlaneSize]);
            string matrix = Reshape(graph, $"{name}.weight_matrix", weight, [o.Channels, taps]);
            string product = $"{name}.product";
            graph.Node("MatMul", $"{name}/MatMul", [matrix, columns], [product]);
            if (bias is not null)
            {
                string column = Reshape(graph, $"{name}.bias_column", bias, [o.Channels, 1]), biased = $"{name}.biased";
                graph.Node("Add", $"{name}/Add", [product, column], [biased]);
                product = biased;
            }

            Reshape(graph, z, product, [-1, o.Channels, o.Height, o.Width]);
        }

        OnnxExport.Activate<T>(graph, layer, z, result, network);
        return new OnnxTensor(result, o);
    }

    /// <summary>
    /// Max or average over kh × kw windows at stride s, channel by channel. The DSL's pooling has no padding and drops the
    /// windows that would leave the input (ONNX's defaults: no pads, ceil_mode 0), so every window is whole and an average
    /// divides by kh·kw whatever count_include_pad says.
    /// </summary>
    public static OnnxTensor Pool<T>(OnnxGraphWriter graph, LayerInfo layer, OnnxTensor input, string result, string network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (ImageShape i, ImageShape o) = Shapes(layer, network);
        if (layer.Padding != 0 || o.Channels != i.Channels)
            throw new InvalidOperationException(
                $"{network}: pooling layer '{layer.Name}' should keep the {i.Channels} channels and have no padding but gives {o.Channels} channels with padding {layer.Padding}.");
        CheckWindows(layer, i, o, network);
        input = As(graph, input, i, layer.Name, network);
        int kh = layer.KernelHeight, kw = layer.KernelWidth, s = layer.Stride;
        bool max = layer.Kind == LayerKind.MaxPool;
        string name = layer.Name;
        if (max || typeof(T) == typeof(float))
        {
            string op = max ? "MaxPool" : "AveragePool";
            graph.Node(op, $"{name}/{op}", [input.Name], [result], OnnxAttribute.Ints("kernel_shape", kh, kw), OnnxAttribute.Ints("strides", s, s));
            return new OnnxTensor(result, o);
        }

        // Double average pooling (no AveragePool kernel in double): each plane's windows gathered as
        // batch × C × rows·columns × kh·kw, averaged over the last axis.
        string planes = Reshape(graph, $"{name}.planes", input.Name, [-1, i.Channels, i.PlaneSize]);
        var indices = new long[o.PlaneSize * kh * kw];
        for (int y = 0; y < o.Height; y++)
            for (int x = 0; x < o.Width; x++)
                for (int ky = 0; ky < kh; ky++)
                    for (int kx = 0; kx < kw; kx++)
                        indices[((y * o.Width + x) * kh + ky) * kw + kx] = (long)(y * s + ky) * i.Width + x * s + kx;
        string windows = Gather(graph, $"{name}.windows", planes, [o.PlaneSize, kh * kw], indices), mean = $"{name}.mean";
        graph.Node("ReduceMean", $"{name}/ReduceMean", [windows], [mean], OnnxAttribute.Ints("axes", 3), OnnxAttribute.Int("keepdims", 0));
        Reshape(graph, result, mean, [-1, o.Channels, o.Height, o.Width]);
        return new OnnxTensor(result, o);
    }

    /// <summary>An explicit flatten: the image as one channel-major vector (a vector passes through unchanged).</summary>
    public static OnnxTensor Flatten(OnnxGraphWriter graph, LayerInfo layer, OnnxTensor input, string result, string network)
    {
        OnnxTensor image = As(graph, input, layer.InputShape, layer.Name, network);
        if (image.Image is null) graph.Node("Identity", $"{layer.Name}/Identity", [image.Name], [result]);
        else graph.Node("Flatten", $"{layer.Name}/Flatten", [image.Name], [result], OnnxAttribute.Int("axis", 1));
        return new OnnxTensor(result, null);
    }

    /// <summary>
    /// Dropout is the identity outside training (inverted dropout: the training pass scales what it keeps), which is all a
    /// forward model computes. An Identity node, rather than nothing, keeps the layer visible by name in the graph.
    /// </summary>
    public static OnnxTensor Dropout(OnnxGraphWriter graph, LayerInfo layer, OnnxTensor input, string result, string network)
    {
        OnnxTensor x = As(graph, input, layer.OutputShape, layer.Name, network);
        graph.Node("Identity", $"{layer.Name}/Identity", [x.Name], [result]);
        return new OnnxTensor(result, layer.OutputShape);
    }

    /// <summary>act(previous + from): the previous layer's output plus the earlier layer's output (after its activation, as the generated Forward adds them).</summary>
    public static OnnxTensor Residual<T>(OnnxGraphWriter graph, LayerInfo layer, OnnxTensor input, IReadOnlyDictionary<string, (OnnxTensor Tensor, int Size)> earlier,
        string result, string network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (layer.ResidualFrom is null || !earlier.TryGetValue(layer.ResidualFrom, out (OnnxTensor Tensor, int Size) from))
            throw new InvalidOperationException($"{network}: residual layer '{layer.Name}' adds '{layer.ResidualFrom}', which is not an earlier layer.");
        if (from.Size != layer.Inputs || layer.Outputs != layer.Inputs)
            throw new InvalidOperationException(
                $"{network}: residual layer '{layer.Name}' ({layer.Inputs} -> {layer.Outputs}) adds '{layer.ResidualFrom}', which gives {from.Size}.");
        OnnxTensor previous = As(graph, input, layer.OutputShape, layer.Name, network);
        OnnxTensor skip = As(graph, from.Tensor, layer.OutputShape, $"{layer.Name}.from", network);
        string z = layer.Activation == Activation.Identity ? result : $"{layer.Name}.z";
        graph.Node("Add", $"{layer.Name}/Add", [previous.Name, skip.Name], [z]);
        OnnxExport.Activate<T>(graph, layer, z, result, network);
        return new OnnxTensor(result, layer.OutputShape);
    }

    private static (ImageShape Input, ImageShape Output) Shapes(LayerInfo layer, string network)
    {
        if (layer.InputShape is not ImageShape i || layer.OutputShape is not ImageShape o)
            throw new InvalidOperationException($"{network}: layer '{layer.Name}' ({layer.Kind}) should state its input and output images but does not.");
        if (i.Size != layer.Inputs || o.Size != layer.Outputs)
            throw new InvalidOperationException(
                $"{network}: layer '{layer.Name}' has {layer.Inputs} -> {layer.Outputs} numbers but its images {i} -> {o} hold {i.Size} -> {o.Size}.");
        return (i, o);
    }

    // The output size is ⌊(H − kh)/s⌋ + 1 by ⌊(W − kw)/s⌋ + 1 of the (padded) input: the windows that fit, as the DSL and
    // ONNX's default ceil_mode 0 both count them.
    private static void CheckWindows(LayerInfo layer, ImageShape padded, ImageShape o, string network)
    {
        int kh = layer.KernelHeight, kw = layer.KernelWidth, s = layer.Stride;
        if (kh < 1 || kw < 1 || s < 1 || kh > padded.Height || kw > padded.Width
            || o.Height != (padded.Height - kh) / s + 1 || o.Width != (padded.Width - kw) / s + 1)
            throw new InvalidOperationException(
                $"{network}: layer '{layer.Name}' has a {kh}×{kw} window at stride {s} over {padded.Height}×{padded.Width} (padded) but gives {o.Height}×{o.Width}.");
    }

    private static string Reshape(OnnxGraphWriter graph, string result, string input, long[] dims)
    {
        string shape = $"{result}_shape";
        graph.Int64Initializer(shape, [dims.Length], dims);
        graph.Node("Reshape", $"{result}/Reshape", [input, shape], [result]);
        return result;
    }

    private static string Gather(OnnxGraphWriter graph, string result, string planes, long[] dims, long[] indices)
    {
        string index = $"{result}_indices";
        graph.Int64Initializer(index, dims, indices);
        graph.Node("Gather", $"{result}/Gather", [planes, index], [result], OnnxAttribute.Int("axis", 2));
        return result;
    }
}
