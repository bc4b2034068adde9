namespace DslNets.Geometry;

/// <summary>
/// A generated network whose activations are all Identity, ReLU or LeakyReLU, so it computes a continuous
/// piecewise-linear function. Only such networks implement this interface: the region enumerators are generic over
/// it, so calling them on a network with sigmoid or tanh layers does not compile. Every method works in double
/// precision whatever the network's element type.
/// </summary>
public interface IPiecewiseLinearNetwork<TSelf> : INetwork<TSelf> where TSelf : IPiecewiseLinearNetwork<TSelf>
{
    /// <summary>The number of kink neurons (ReLU/LeakyReLU outputs of dense layers, and the k terms of a ReLU/LeakyReLU shared filter).</summary>
    static abstract int KinkCount { get; }

    /// <summary>For each layer (as in <see cref="INetwork{TSelf}.Layers"/>): the index of its first kink neuron and how many it has (0 for identity layers).</summary>
    static abstract IReadOnlyList<(int First, int Count)> KinkRanges { get; }

    /// <summary>
    /// The layer-by-layer affine calculus on an affine slice of the input space, x(θ) = origin + Σ_k θ_k·direction_k
    /// with θ ∈ R^d. For the layers 0 … <paramref name="layerCount"/>−1 it writes each kink neuron's pre-activation as an
    /// affine function of θ into <paramref name="kinkForms"/> (row i: d coefficients then the constant, so KinkCount×(d+1)),
    /// where each neuron's state is read from <paramref name="pattern"/>. When <paramref name="derivePattern"/> is true the
    /// states are instead set from the sign of each pre-activation at θ = 0 (the origin) and written into the pattern as
    /// the pass goes, so the result is the region containing the origin. When every layer is processed, the output's affine
    /// map is written into <paramref name="outputForms"/> (OutputSize×(d+1)); otherwise it is left alone.
    /// </summary>
    /// <param name="pattern">The on/off state of every kink neuron (KinkCount bits); only the bits of layers before the one being formed matter.</param>
    /// <param name="derivePattern">Set the pattern from the origin instead of reading it.</param>
    /// <param name="origin">x at θ = 0 (InputSize numbers).</param>
    /// <param name="directions">d directions, each InputSize numbers, one after another (d×InputSize row-major); empty for d = 0.</param>
    /// <param name="layerCount">How many layers to process (1 … Layers.Count).</param>
    /// <param name="kinkForms">KinkCount×(d+1) numbers; rows of unprocessed layers are left alone.</param>
    /// <param name="outputForms">OutputSize×(d+1) numbers, written when every layer is processed.</param>
    void AffineForms(ActivationPattern pattern, bool derivePattern, ReadOnlySpan<double> origin, ReadOnlySpan<double> directions,
        int layerCount, Span<double> kinkForms, Span<double> outputForms);

    /// <summary>Writes the flat parameter vector, converted to double, into <paramref name="destination"/> (ParameterCount numbers),
    /// so that the geometry code reads the weights of a float or double network alike.</summary>
    void CopyParameters(Span<double> destination);
}
