namespace DslNets;

/// <summary>
/// Reads an image (channels × height × width) as one vector in that order (PyTorch's <c>torch.flatten(x, 1)</c>). A
/// dense layer after an image flattens it implicitly; this layer only makes that visible. No parameters, no copy.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class FlattenAttribute : Attribute
{
}
