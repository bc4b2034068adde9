namespace DslNets.Generator.Tests.Reference;

/// <summary>
/// The intermediate values of one reference forward pass. For a dense layer PreActivations[l] is z = W x + b
/// (length Outputs); for a shared-filter layer it is the k values u_i = wᵀ A_i x.
/// </summary>
/// <param name="Input">The input sample.</param>
/// <param name="PreActivations">Per layer, the values the activation is applied to.</param>
/// <param name="Activations">Per layer, the layer's output.</param>
public sealed record ReferencePass(double[] Input, double[][] PreActivations, double[][] Activations)
{
    /// <summary>The network's output (the last layer's activations).</summary>
    public double[] Output => Activations[^1];
}
