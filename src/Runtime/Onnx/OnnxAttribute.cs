namespace DslNets.Onnx;

/// <summary>One attribute of an ONNX node: an integer, a 32-bit float or a list of integers.</summary>
internal readonly record struct OnnxAttribute(string Name, OnnxAttributeKind Kind, long Integer, float Float, long[]? Integers)
{
    /// <summary>An INT attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeKind.Int, value, 0, null);

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute Real(string name, float value) => new(name, OnnxAttributeKind.Float, 0, value, null);

    /// <summary>An INTS attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeKind.Ints, 0, 0, values);
}

/// <summary>The AttributeProto.AttributeType values the exporter writes (their numbers are ONNX's).</summary>
internal enum OnnxAttributeKind
{
    /// <summary>FLOAT.</summary>
    Float = 1,
    /// <summary>INT.</summary>
    Int = 2,
    /// <summary>INTS.</summary>
    Ints = 7,
}
