using System.Numerics;

namespace DslNets.Onnx;

/// <summary>
/// Writes an ONNX GraphProto node by node and wraps it in a ModelProto: the field numbers below are those of onnx.proto
/// (proto2), written only for the fields an exported network uses.
/// </summary>
internal sealed class OnnxGraphWriter
{
    // TensorProto.DataType.
    public const int FloatType = 1, Int64Type = 7, DoubleType = 11;

    // IR version 7 is the one that goes with opset 13 (ONNX 1.8); every runtime that reads opset 13 reads it.
    private const long IrVersion = 7;

    private readonly ProtoWriter _graph = new();

    /// <summary>Starts a graph named <paramref name="name"/>.</summary>
    public OnnxGraphWriter(string name) => _graph.String(2, name);

    /// <summary>Appends a node (nodes must come in topological order).</summary>
    public void Node(string opType, string name, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        var node = new ProtoWriter();
        foreach (string input in inputs) node.String(1, input);
        foreach (string output in outputs) node.String(2, output);
        node.String(3, name);
        node.String(4, opType);
        foreach (OnnxAttribute attribute in attributes)
        {
            var a = new ProtoWriter();
            a.String(1, attribute.Name);
            a.Int64(20, (long)attribute.Kind);
            switch (attribute.Kind)
            {
                case OnnxAttributeKind.Float: a.Float(2, attribute.Float); break;
                case OnnxAttributeKind.Int: a.Int64(3, attribute.Integer); break;
                default: foreach (long value in attribute.Integers!) a.Int64(8, value); break;
            }

            node.Message(5, a);
        }

        _graph.Message(1, node);
    }

    /// <summary>Appends a float or double initializer (a constant tensor) of shape <paramref name="dims"/>.</summary>
    public void Initializer<T>(string name, long[] dims, ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ProtoWriter tensor = TensorHeader(name, dims, ElementType<T>());
        tensor.RawValues(9, values);
        _graph.Message(5, tensor);
    }

    /// <summary>Appends an int64 initializer of shape <paramref name="dims"/>.</summary>
    public void Int64Initializer(string name, long[] dims, ReadOnlySpan<long> values)
    {
        ProtoWriter tensor = TensorHeader(name, dims, Int64Type);
        tensor.RawInt64s(9, values);
        _graph.Message(5, tensor);
    }

    /// <summary>
    /// Declares a graph input: a tensor of element type <paramref name="elementType"/>, a named batch dimension followed by
    /// <paramref name="dims"/> (one width for a matrix; channels, height, width for an image).
    /// </summary>
    public void Input(string name, int elementType, string batch, params long[] dims) => _graph.Message(11, TensorValueInfo(name, elementType, batch, dims));

    /// <summary>Declares a graph output, likewise.</summary>
    public void Output(string name, int elementType, string batch, params long[] dims) => _graph.Message(12, TensorValueInfo(name, elementType, batch, dims));

    /// <summary>Writes the ModelProto holding this graph, importing the default domain at <paramref name="opset"/>.</summary>
    public void WriteModel(Stream stream, long opset, string producerVersion, string docString)
    {
        var model = new ProtoWriter();
        model.Int64(1, IrVersion);
        model.String(2, "DslNets");
        model.String(3, producerVersion);
        model.String(6, docString);
        var opsetImport = new ProtoWriter();
        opsetImport.String(1, "");
        opsetImport.Int64(2, opset);
        model.Message(8, opsetImport);
        model.Message(7, _graph);
        model.CopyTo(stream);
    }

    /// <summary>The TensorProto data type of <typeparamref name="T"/>.</summary>
    public static int ElementType<T>() =>
        typeof(T) == typeof(float) ? FloatType
        : typeof(T) == typeof(double) ? DoubleType
        : throw new NotSupportedException($"ONNX export writes float or double networks, not {typeof(T).Name}.");

    private static ProtoWriter TensorHeader(string name, long[] dims, int dataType)
    {
        var tensor = new ProtoWriter();
        foreach (long dim in dims) tensor.Int64(1, dim);
        tensor.Int64(2, dataType);
        tensor.String(8, name);
        return tensor;
    }

    private static ProtoWriter TensorValueInfo(string name, int elementType, string batch, long[] dims)
    {
        var batchDim = new ProtoWriter();
        batchDim.String(2, batch);
        var shape = new ProtoWriter();
        shape.Message(1, batchDim);
        foreach (long size in dims)
        {
            var dim = new ProtoWriter();
            dim.Int64(1, size);
            shape.Message(1, dim);
        }

        var tensorType = new ProtoWriter();
        tensorType.Int64(1, elementType);
        tensorType.Message(2, shape);
        var type = new ProtoWriter();
        type.Message(1, tensorType);
        var info = new ProtoWriter();
        info.String(1, name);
        info.Message(2, type);
        return info;
    }
}
