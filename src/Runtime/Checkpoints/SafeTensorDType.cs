namespace DslNets.Checkpoints;

/// <summary>The safetensors element types DslNets reads and writes (others, such as F16 or I64, are rejected by name).</summary>
public enum SafeTensorDType
{
    /// <summary>"F32": 32-bit IEEE float, little-endian.</summary>
    F32,

    /// <summary>"F64": 64-bit IEEE float, little-endian.</summary>
    F64,
}
