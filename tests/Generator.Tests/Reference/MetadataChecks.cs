using System.Numerics;

namespace DslNets.Generator.Tests.Reference;

/// <summary>Checks of a network's static description against itself: sizes, layout, tensors, summary, seeding.</summary>
public static class MetadataChecks
{
    /// <summary>
    /// The sizes agree with the layers and the arrays; the tensors tile the parameter vector exactly; the summary names
    /// every layer; IsPiecewiseLinear and Precision tell the truth; Create is deterministic in its seed.
    /// </summary>
    public static void AssertConsistent<TNet, T>(ReadOnlySpan<T> constants, int seed)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = typeof(TNet).Name;
        TNet net = TNet.Create(seed, constants);
        IReadOnlyList<LayerInfo> layers = TNet.Layers;
        Assert.True(layers.Count > 0, $"{name} has no layers.");
        Assert.Equal(layers[0].Inputs, TNet.InputSize);
        Assert.Equal(layers[^1].Outputs, TNet.OutputSize);
        Assert.Equal(TNet.ParameterCount, net.Parameters.Length);
        Assert.Equal(TNet.ConstantCount, net.Constants.Length);
        Assert.Equal(typeof(T) == typeof(double) ? Precision.Double : Precision.Single, TNet.Precision);
        // The geometry hooks follow every layer but max pooling (its argmax is not in the pattern), with piecewise-linear activations.
        bool piecewiseLinear = layers.All(layer => layer.Activation is Activation.Identity or Activation.ReLU or Activation.LeakyReLU
            && layer.Kind != LayerKind.MaxPool);
        Assert.True(piecewiseLinear == TNet.IsPiecewiseLinear, $"{name}.IsPiecewiseLinear is {TNet.IsPiecewiseLinear} but its activations say {piecewiseLinear}.");
        foreach (LayerInfo layer in layers)
        {
            Assert.True(TNet.Summary.Contains(layer.Name, StringComparison.Ordinal), $"{name}.Summary does not name layer '{layer.Name}':\n{TNet.Summary}");
        }

        var owner = new string?[TNet.ParameterCount];
        foreach (TensorInfo tensor in TNet.Tensors)
        {
            Assert.True(tensor.Offset >= 0 && tensor.Offset + tensor.Length <= TNet.ParameterCount,
                $"{name} tensor '{tensor.Name}' at {tensor.Offset} with length {tensor.Length} leaves the {TNet.ParameterCount} parameters.");
            for (int i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                Assert.True(owner[i] is null, $"{name} tensors '{owner[i]}' and '{tensor.Name}' overlap at parameter {i}.");
                owner[i] = tensor.Name;
            }
        }

        int uncovered = Array.IndexOf(owner, null);
        Assert.True(uncovered < 0, $"{name} parameter {uncovered} belongs to no tensor.");

        TNet again = TNet.Create(seed, constants);
        Assert.Equal(net.Parameters, again.Parameters);
        TNet other = TNet.Create(seed + 1, constants);
        Assert.NotEqual(net.Parameters, other.Parameters);
        Assert.Equal(constants.ToArray(), net.Constants);
    }
}
