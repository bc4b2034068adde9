using Google.Protobuf;

namespace DslNets.Runtime.Tests.Onnx;

/// <summary>
/// Reads back what an exported ONNX file says about its graph, with Google.Protobuf's wire reader (independent of the
/// exporter's writer): the nodes' operator types in order, and each initializer's name and dimensions. Field numbers are
/// onnx.proto's: ModelProto.graph 7; GraphProto.node 1, initializer 5; NodeProto.op_type 4; TensorProto.dims 1, name 8.
/// </summary>
public sealed class OnnxModelReader
{
    private OnnxModelReader(List<string> operators, Dictionary<string, long[]> initializers)
    {
        Operators = operators;
        Initializers = initializers;
    }

    /// <summary>The nodes' operator types, in graph order.</summary>
    public IReadOnlyList<string> Operators { get; }

    /// <summary>Each initializer's dimensions, by name.</summary>
    public IReadOnlyDictionary<string, long[]> Initializers { get; }

    /// <summary>Reads the model in <paramref name="path"/>.</summary>
    public static OnnxModelReader Read(string path)
    {
        var operators = new List<string>();
        var initializers = new Dictionary<string, long[]>(StringComparer.Ordinal);
        ByteString? graph = null;
        ForEachField(ByteString.CopyFrom(File.ReadAllBytes(path)), (field, input) =>
        {
            if (field == 7) graph = input.ReadBytes();
            else input.SkipLastField();
        });
        Assert.NotNull(graph);
        ForEachField(graph, (field, input) =>
        {
            if (field == 1)
            {
                string? op = null;
                ForEachField(input.ReadBytes(), (f, node) =>
                {
                    if (f == 4) op = node.ReadString();
                    else node.SkipLastField();
                });
                operators.Add(op ?? "");
            }
            else if (field == 5)
            {
                string name = "";
                var dims = new List<long>();
                ForEachField(input.ReadBytes(), (f, tensor) =>
                {
                    if (f == 1) dims.Add(tensor.ReadInt64());
                    else if (f == 8) name = tensor.ReadString();
                    else tensor.SkipLastField();
                });
                initializers[name] = [.. dims];
            }
            else
            {
                input.SkipLastField();
            }
        });
        return new OnnxModelReader(operators, initializers);
    }

    private static void ForEachField(ByteString message, Action<int, CodedInputStream> read)
    {
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0) read(WireFormat.GetTagFieldNumber(tag), input);
    }
}
