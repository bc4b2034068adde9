using System.Numerics;
using DslNets.Checkpoints;

namespace DslNets.Onnx;

/// <summary>
/// Writes a generated network's forward pass as an ONNX model (opset 13), from its <see cref="INetwork{TSelf}.Layers"/>,
/// parameters and constants: <c>OnnxExport.Save(net, "model.onnx")</c> or <c>net.ExportOnnx("model.onnx")</c>.
/// </summary>
/// <remarks>
/// <para>The model has one input <c>input</c> and one output <c>output</c> (batch × OutputSize) of the network's element
/// type (float or double), with a free batch dimension <c>batch</c>. The input is batch × C × H × W when the first layer
/// reads an image (the network's <see cref="NetworkAttribute.InputShape"/> before a convolution, pooling, flatten, dropout
/// or residual layer: the layout PyTorch and ONNX convolutions take), else batch × InputSize (a flat network, or a dense
/// first layer, which reads the image as its channel-major vector anyway). A last layer that gives an image is
/// flattened channel-major into the output, as <c>Forward</c> writes it. The loss is not part of the model; a softmax can
/// be appended (<see cref="OnnxExportOptions.Softmax"/>).</para>
/// <para>Per layer: a dense layer is Gemm with its weight (tensor "Layer.weight", outputs × inputs, as in checkpoints; a tied
/// layer reuses its target's tensor untransposed) and bias, then its activation: Relu, Sigmoid, Tanh, LeakyRelu in float;
/// in double a leaky ReLU is Max(z, α·z) (Min for α &gt; 1), because LeakyRelu's α is a 32-bit attribute and would round
/// the slope. A shared-filter layer f(x) = (1/k) Σᵢ act(wᵀ Aᵢ x) gathers the k patches x[i·s, i·s + r) with Gather
/// (stride s), or computes the stacked Aᵢ x with one Gemm and a Reshape (fixed matrices, tensor "Layer.matrices",
/// k·r × n), then MatMul with the filter (r × 1), the activation and ReduceMean over the k terms.</para>
/// <para>Image layers: a convolution is Conv (weight "Layer.weight", filters × channels × k_h × k_w as in checkpoints and
/// PyTorch, bias "Layer.bias", strides and symmetric pads) then its activation; max pooling is MaxPool and average
/// pooling AveragePool (kernel and strides; the DSL's pooling has no padding and keeps only whole windows, so the
/// average always divides by k_h·k_w); an explicit or implied flatten (before a dense layer) is Flatten (channel-major,
/// as <c>torch.flatten(x, 1)</c>); dropout is Identity (it is the identity outside training); a residual layer is Add of
/// the previous layer's output and the named earlier layer's output (both after their activations), then its own
/// activation. ONNX Runtime has no double Conv or AveragePool kernel, so in double a convolution is written as a gather
/// of the padded input's windows and one MatMul with the weight (reshaped to filters × channels·k_h·k_w), and average
/// pooling as a gather of the windows and ReduceMean: the double model runs in ONNX Runtime and keeps double
/// precision.</para>
/// <para>The file is written like checkpoints: to a temporary file beside it, flushed, then renamed over the target; a
/// failure leaves the old file as it was and no temporary file behind.</para>
/// </remarks>
public static class OnnxExport
{
    /// <summary>The name of the model's input.</summary>
    public const string InputName = "input";

    /// <summary>The name of the model's output.</summary>
    public const string OutputName = "output";

    /// <summary>The name of the free batch dimension of the input and output.</summary>
    public const string BatchDimension = "batch";

    /// <summary>The ONNX operator set the model imports.</summary>
    public const int OpsetVersion = 13;

    // A protobuf message, hence an ONNX file without external data, holds at most 2 GiB.
    private const long MaxModelBytes = int.MaxValue;

    /// <summary>Writes <paramref name="net"/>'s forward pass to <paramref name="path"/> as an ONNX model.</summary>
    /// <param name="net">The network (its current parameters and constants are written).</param>
    /// <param name="path">The .onnx file to write (replaced atomically if it exists).</param>
    /// <param name="options">Whether to append a softmax; null for the plain forward pass.</param>
    /// <typeparam name="TNet">The generated network type (inferred).</typeparam>
    /// <typeparam name="T">Its element type, float or double (inferred).</typeparam>
    /// <exception cref="ArgumentException">Softmax was asked for a network with one output.</exception>
    /// <exception cref="NotSupportedException">A layer ONNX cannot express here (named), or a model over 2 GiB.</exception>
    public static void Save<TNet, T>(INetwork<TNet, T> net, string path, OnnxExportOptions? options = null)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T> =>
        SaveThrough(net, path, options, wrapStream: null);

    /// <summary>The save, with a hook that wraps the file stream (tests use it to fail half way).</summary>
    internal static void SaveThrough<TNet, T>(INetwork<TNet, T> net, string path, OnnxExportOptions? options, Func<Stream, Stream>? wrapStream)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(path);
        // The whole model is built and checked before the file is touched.
        OnnxGraphWriter graph = BuildGraph(net, options ?? new OnnxExportOptions());
        string version = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0";
        string doc = $"{typeof(TNet).FullName}: the forward pass of its {TNet.Layers.Count} layers in {typeof(T).Name}"
            + $"{(options?.Softmax == true ? ", then a softmax" : "")}; the {TNet.LossFunction} loss is not part of the model.";
        string fullPath = Path.GetFullPath(path);
        string temporary = AtomicFile.TemporaryPathFor(fullPath);
        try
        {
            using (FileStream file = AtomicFile.Create(temporary))
            {
                Stream stream = wrapStream?.Invoke(file) ?? file;
                graph.WriteModel(stream, OpsetVersion, version, doc);
                stream.Flush();
                AtomicFile.FlushToDisk(file);
            }

            AtomicFile.Commit(temporary, fullPath);
        }
        catch
        {
            AtomicFile.Discard(temporary);
            throw;
        }
    }

    private static OnnxGraphWriter BuildGraph<TNet, T>(INetwork<TNet, T> net, OnnxExportOptions options)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string network = typeof(TNet).Name;
        T[] parameters = net.Parameters, constants = net.Constants;
        IReadOnlyList<LayerInfo> layers = TNet.Layers;
        if (parameters.Length != TNet.ParameterCount)
            throw new InvalidOperationException($"{network} says it has {TNet.ParameterCount} parameters but its Parameters vector has {parameters.Length}.");
        if (constants.Length != TNet.ConstantCount)
            throw new InvalidOperationException($"{network} says it has {TNet.ConstantCount} constants but its Constants vector has {constants.Length}.");
        if (layers.Count == 0) throw new InvalidOperationException($"{network} has no layers to export.");
        long bytes = ((long)parameters.Length + constants.Length) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (bytes > MaxModelBytes - (1 << 20))
            throw new NotSupportedException($"An ONNX file holds at most 2 GiB (one protobuf message) but {network}'s parameters and constants take {bytes} bytes.");
        if (options.Softmax && TNet.OutputSize < 2)
            throw new ArgumentException($"Expected a network with at least 2 outputs for a softmax but {network} has {TNet.OutputSize}.", nameof(options));

        int elementType = OnnxGraphWriter.ElementType<T>();
        var graph = new OnnxGraphWriter(network);
        // A network whose first layer reads an image takes batch × C × H × W, the layout of PyTorch's and ONNX's
        // convolutions; any other takes batch × InputSize.
        ImageShape? inputImage = layers[0].InputShape;
        if (inputImage is ImageShape declared && declared.Size != TNet.InputSize)
            throw new InvalidOperationException($"{network}: its first layer reads a {declared} image but InputSize is {TNet.InputSize}.");
        graph.Input(InputName, elementType, BatchDimension, inputImage is ImageShape image ? [image.Channels, image.Height, image.Width] : [TNet.InputSize]);
        var current = new OnnxTensor(InputName, inputImage);
        // Every layer's output by name, for the residual layers that add them.
        var earlier = new Dictionary<string, (OnnxTensor Tensor, int Size)>(StringComparer.Ordinal);
        int width = TNet.InputSize;
        for (int l = 0; l < layers.Count; l++)
        {
            LayerInfo layer = layers[l];
            if (layer.Inputs != width)
                throw new InvalidOperationException($"{network}: layer '{layer.Name}' expects {layer.Inputs} inputs but the layer before it gives {width}.");
            // The last layer writes the model's output itself when that is a vector and nothing follows; an image is
            // flattened into it below.
            bool givesVector = layer.Kind is LayerKind.Dense or LayerKind.SharedFilter or LayerKind.Flatten || layer.OutputShape is null;
            string result = l == layers.Count - 1 && !options.Softmax && givesVector ? OutputName : $"{layer.Name}.output";
            current = layer.Kind switch
            {
                LayerKind.Dense => new OnnxTensor(Dense(graph, layers, l, Vector(graph, current, layer, network), result, parameters, network), null),
                LayerKind.SharedFilter => new OnnxTensor(SharedFilter(graph, layer, Vector(graph, current, layer, network), result, parameters, constants, network), null),
                LayerKind.Conv2D => OnnxImageLayers.Conv2D(graph, layer, current, result, parameters, network),
                LayerKind.MaxPool or LayerKind.AvgPool => OnnxImageLayers.Pool<T>(graph, layer, current, result, network),
                LayerKind.Flatten => OnnxImageLayers.Flatten(graph, layer, current, result, network),
                LayerKind.Dropout => OnnxImageLayers.Dropout(graph, layer, current, result, network),
                LayerKind.Residual => OnnxImageLayers.Residual<T>(graph, layer, current, earlier, result, network),
                _ => throw new NotSupportedException($"{network}: layer '{layer.Name}' is of kind {layer.Kind}, which the ONNX export does not know."),
            };
            earlier[layer.Name] = (current, layer.Outputs);
            width = layer.Outputs;
        }

        if (width != TNet.OutputSize)
            throw new InvalidOperationException($"{network}: its last layer gives {width} outputs but OutputSize is {TNet.OutputSize}.");
        if (current.Image is not null)
        {
            // The output is batch × OutputSize whatever the last layer is: an image channel-major, as Forward writes it.
            string flat = options.Softmax ? $"{layers[^1].Name}.output.flat" : OutputName;
            graph.Node("Flatten", $"{layers[^1].Name}/FlattenOutput", [current.Name], [flat], OnnxAttribute.Int("axis", 1));
            current = new OnnxTensor(flat, null);
        }

        if (options.Softmax) graph.Node("Softmax", "Softmax", [current.Name], [OutputName], OnnxAttribute.Int("axis", 1));
        graph.Output(OutputName, elementType, BatchDimension, TNet.OutputSize);
        return graph;
    }

    // A dense or shared-filter layer reads a vector: an image before it is flattened (the DSL's implied flatten).
    private static string Vector(OnnxGraphWriter graph, OnnxTensor current, LayerInfo layer, string network) =>
        OnnxImageLayers.As(graph, current, null, layer.Name, network).Name;

    // z = x Wᵀ + b by Gemm (x is batch × inputs); a tied layer's W is its target's weight transposed, so its Gemm takes the
    // target's tensor as it is.
    private static string Dense<T>(OnnxGraphWriter graph, IReadOnlyList<LayerInfo> layers, int index, string input, string result, T[] parameters, string network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        LayerInfo layer = layers[index];
        string weight;
        long transposeWeight;
        if (layer.TiedTo is null)
        {
            CheckSlice(layer, "weights", layer.WeightOffset, layer.WeightCount, (long)layer.Outputs * layer.Inputs, parameters.Length, network);
            weight = $"{layer.Name}.weight";
            graph.Initializer(weight, [layer.Outputs, layer.Inputs], parameters.AsSpan(layer.WeightOffset, layer.WeightCount));
            transposeWeight = 1;
        }
        else
        {
            LayerInfo? target = null;
            for (int t = 0; t < index; t++) if (layers[t].Name == layer.TiedTo) target = layers[t];
            if (target is null || target.Kind != LayerKind.Dense || target.TiedTo is not null || target.Outputs != layer.Inputs || target.Inputs != layer.Outputs)
                throw new InvalidOperationException(
                    $"{network}: layer '{layer.Name}' ({layer.Inputs} -> {layer.Outputs}) is tied to '{layer.TiedTo}', which is not an earlier dense layer that owns a {layer.Outputs} -> {layer.Inputs} weight matrix.");
            weight = $"{target.Name}.weight";
            transposeWeight = 0;
        }

        string[] inputs = [input, weight];
        if (layer.BiasCount > 0)
        {
            CheckSlice(layer, "bias", layer.BiasOffset, layer.BiasCount, layer.Outputs, parameters.Length, network);
            string bias = $"{layer.Name}.bias";
            graph.Initializer(bias, [layer.Outputs], parameters.AsSpan(layer.BiasOffset, layer.BiasCount));
            inputs = [input, weight, bias];
        }

        string z = layer.Activation == Activation.Identity ? result : $"{layer.Name}.z";
        graph.Node("Gemm", $"{layer.Name}/Gemm", inputs, [z], OnnxAttribute.Int("transB", transposeWeight));
        Activate<T>(graph, layer, z, result, network);
        return result;
    }

    // (1/k) Σᵢ act(wᵀ Aᵢ x): the k vectors Aᵢ x as a batch × k × r tensor, times w (r × 1), activated, averaged over k.
    private static string SharedFilter<T>(OnnxGraphWriter graph, LayerInfo layer, string input, string result, T[] parameters, T[] constants, string network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int r = layer.FilterSize, k = layer.FilterCount, n = layer.Inputs;
        if (layer.Outputs != 1 || layer.BiasCount != 0 || r < 1 || k < 1)
            throw new InvalidOperationException(
                $"{network}: shared-filter layer '{layer.Name}' should have r ≥ 1, k ≥ 1, one output and no bias but has r = {r}, k = {k}, {layer.Outputs} outputs and {layer.BiasCount} biases.");
        CheckSlice(layer, "filter", layer.WeightOffset, layer.WeightCount, r, parameters.Length, network);
        string patches = $"{layer.Name}.patches";
        if (layer.Stride > 0)
        {
            if ((long)(k - 1) * layer.Stride + r > n)
                throw new InvalidOperationException($"{network}: the {k} patches of layer '{layer.Name}' (r = {r}, stride {layer.Stride}) do not fit its {n} inputs.");
            var indices = new long[k * r];
            for (int i = 0; i < k; i++) for (int j = 0; j < r; j++) indices[i * r + j] = (long)i * layer.Stride + j;
            string indexTensor = $"{layer.Name}.indices";
            graph.Int64Initializer(indexTensor, [k, r], indices);
            graph.Node("Gather", $"{layer.Name}/Gather", [input, indexTensor], [patches], OnnxAttribute.Int("axis", 1));
        }
        else
        {
            CheckSlice(layer, "fixed matrices", layer.ConstantOffset, (long)k * r * n, (long)k * r * n, constants.Length, network);
            string matrices = $"{layer.Name}.matrices", projected = $"{layer.Name}.projected", shape = $"{layer.Name}.shape";
            graph.Initializer(matrices, [(long)k * r, n], constants.AsSpan(layer.ConstantOffset, k * r * n));
            graph.Node("Gemm", $"{layer.Name}/Gemm", [input, matrices], [projected], OnnxAttribute.Int("transB", 1));
            graph.Int64Initializer(shape, [3], [-1, k, r]);
            graph.Node("Reshape", $"{layer.Name}/Reshape", [projected, shape], [patches]);
        }

        string filter = $"{layer.Name}.filter", z = $"{layer.Name}.z";
        graph.Initializer(filter, [r, 1], parameters.AsSpan(layer.WeightOffset, r));
        graph.Node("MatMul", $"{layer.Name}/MatMul", [patches, filter], [z]);
        string activated = layer.Activation == Activation.Identity ? z : $"{layer.Name}.activated";
        Activate<T>(graph, layer, z, activated, network);
        // batch × k × 1 averaged over k: batch × 1.
        graph.Node("ReduceMean", $"{layer.Name}/ReduceMean", [activated], [result], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        return result;
    }

    internal static void Activate<T>(OnnxGraphWriter graph, LayerInfo layer, string z, string result, string network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = layer.Name;
        switch (layer.Activation)
        {
            case Activation.Identity:
                return;
            case Activation.ReLU:
                graph.Node("Relu", $"{name}/Relu", [z], [result]);
                return;
            case Activation.Sigmoid:
                graph.Node("Sigmoid", $"{name}/Sigmoid", [z], [result]);
                return;
            case Activation.Tanh:
                graph.Node("Tanh", $"{name}/Tanh", [z], [result]);
                return;
            case Activation.LeakyReLU when typeof(T) == typeof(float):
                graph.Node("LeakyRelu", $"{name}/LeakyRelu", [z], [result], OnnxAttribute.Real("alpha", (float)layer.LeakySlope));
                return;
            case Activation.LeakyReLU:
            {
                // z > 0 ? z : α z is max(z, α z) for α ≤ 1 and min(z, α z) for α > 1, with the slope in full precision.
                string slope = $"{name}.slope", scaled = $"{name}.scaled";
                graph.Initializer<T>(slope, [], [T.CreateChecked(layer.LeakySlope)]);
                graph.Node("Mul", $"{name}/Mul", [z, slope], [scaled]);
                string op = layer.LeakySlope <= 1 ? "Max" : "Min";
                graph.Node(op, $"{name}/{op}", [z, scaled], [result]);
                return;
            }
            default:
                throw new NotSupportedException($"{network}: layer '{name}' uses the activation {layer.Activation}, which the ONNX export does not know.");
        }
    }

    internal static void CheckSlice(LayerInfo layer, string what, long offset, long count, long expected, int available, string network)
    {
        if (count != expected || offset < 0 || offset + count > available)
            throw new InvalidOperationException(
                $"{network}: layer '{layer.Name}' should hold {expected} {what} inside a vector of {available} but says {count} at offset {offset}.");
    }
}
