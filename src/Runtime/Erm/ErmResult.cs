using System.Numerics;

namespace DslNets.Erm;

/// <summary>
/// A global minimiser of the training loss over one-hidden-layer ReLU networks x ↦ Σᵢ sᵢ ReLU(uᵢ·x + bᵢ) (+ c when
/// <see cref="HasOutputBias"/>), with the certificate of how it was found. A shard's result is the best of its part; <see cref="ExactErm.Merge"/> joins parts.
/// </summary>
public sealed class ErmResult
{
    internal ErmResult(int inputs, int width, ErmLoss loss, bool outputBias, int dataCount, ulong dataHash, ErmCandidate winner, ErmCandidate? runnerUp, ErmCertificate certificate)
    {
        Inputs = inputs;
        Width = width;
        Loss = loss;
        HasOutputBias = outputBias;
        DataCount = dataCount;
        DataHash = dataHash;
        Winner = winner;
        RunnerUp = runnerUp;
        Certificate = certificate;
    }

    /// <summary>n, the number of inputs.</summary>
    public int Inputs { get; }

    /// <summary>w, the number of hidden units.</summary>
    public int Width { get; }

    /// <summary>The loss minimised.</summary>
    public ErmLoss Loss { get; }

    /// <summary>Whether the minimisation was over networks with an output offset c (<see cref="ErmOptions.OutputBias"/>).</summary>
    public bool HasOutputBias { get; }

    /// <summary>D, the number of data points.</summary>
    public int DataCount { get; }

    /// <summary>A fingerprint of the data and options, so that only shards of the same run are merged.</summary>
    public ulong DataHash { get; }

    /// <summary>The best program's network.</summary>
    public ErmCandidate Winner { get; }

    /// <summary>The second-best program's network, or null.</summary>
    public ErmCandidate? RunnerUp { get; }

    /// <summary>The certificate.</summary>
    public ErmCertificate Certificate { get; }

    /// <summary>The minimal loss found.</summary>
    public double BestLoss => Winner.Loss;

    /// <summary>Hidden weight uᵢₖ (unit i, input k).</summary>
    public double HiddenWeight(int unit, int input) => Winner.Parameters[unit * (Inputs + 1) + input];

    /// <summary>Hidden bias bᵢ.</summary>
    public double HiddenBias(int unit) => Winner.Parameters[unit * (Inputs + 1) + Inputs];

    /// <summary>Output weight sᵢ ∈ {−1, +1}.</summary>
    public int OutputWeight(int unit) => Winner.Signs[unit];

    /// <summary>The output offset c (0 without <see cref="HasOutputBias"/>).</summary>
    public double OutputBias => Winner.OutputBias;

    /// <summary>The network's output at <paramref name="x"/> (length n).</summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        if (x.Length != Inputs) throw new ArgumentException($"Expected an input of length {Inputs} but got {x.Length}.", nameof(x));
        return ExactErm.Evaluate(Winner.Parameters, Winner.Signs, Winner.OutputBias, Inputs, x);
    }

    /// <summary>
    /// Writes the network into a declared network's flat parameter vector: the hidden dense layer's Width×Inputs row-major
    /// weights and its bias, and the output dense layer's 1×Width weights (sᵢ) and bias (c).
    /// The hidden layer must be a ReLU dense layer and the output an Identity dense layer of the right shapes, and the output layer
    /// must have a bias exactly when the result has an offset (<see cref="HasOutputBias"/>): a result without it is not a minimiser
    /// over a network with an output bias, and one with it does not fit a network without.
    /// </summary>
    public void LoadInto<T>(Span<T> parameters, LayerInfo hidden, LayerInfo output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(output);
        int n = Inputs, w = Width;
        if (hidden.Kind != LayerKind.Dense || hidden.Activation != Activation.ReLU || hidden.TiedTo is not null)
            throw new ArgumentException($"Expected the hidden layer to be an untied dense ReLU layer but '{hidden.Name}' is {hidden.Kind} with {hidden.Activation}{(hidden.TiedTo is null ? "" : $", tied to {hidden.TiedTo}")}.", nameof(hidden));
        if (hidden.Inputs != n || hidden.Outputs != w || hidden.WeightCount != n * w)
            throw new ArgumentException($"Expected the hidden layer to map {n} inputs to {w} units ({n * w} weights) but '{hidden.Name}' maps {hidden.Inputs} to {hidden.Outputs} ({hidden.WeightCount} weights).", nameof(hidden));
        if (output.Kind != LayerKind.Dense || output.Activation != Activation.Identity || output.TiedTo is not null)
            throw new ArgumentException($"Expected the output layer to be an untied dense Identity layer but '{output.Name}' is {output.Kind} with {output.Activation}.", nameof(output));
        if (output.Inputs != w || output.Outputs != 1 || output.WeightCount != w)
            throw new ArgumentException($"Expected the output layer to map {w} units to 1 output but '{output.Name}' maps {output.Inputs} to {output.Outputs}.", nameof(output));
        if ((output.BiasOffset >= 0) != HasOutputBias)
            throw new ArgumentException(output.BiasOffset >= 0
                ? $"Expected a result solved with an output offset for the output layer '{output.Name}', which has a bias, but this one was solved without (ErmOptions.OutputBias = false): it is in general not a minimiser over that network's parameters."
                : $"Expected the output layer '{output.Name}' to have a bias: the result was solved with an output offset (ErmOptions.OutputBias = true).", nameof(output));
        bool anyBias = false;
        for (int i = 0; i < w; i++) anyBias |= HiddenBias(i) != 0;
        if (hidden.BiasOffset < 0 && anyBias)
            throw new ArgumentException($"Expected the hidden layer '{hidden.Name}' to have a bias: the minimiser's biases are not all zero.", nameof(hidden));
        CheckRange(parameters.Length, hidden.WeightOffset, n * w, hidden.Name);
        CheckRange(parameters.Length, output.WeightOffset, w, output.Name);
        if (hidden.BiasOffset >= 0) CheckRange(parameters.Length, hidden.BiasOffset, w, hidden.Name);
        if (output.BiasOffset >= 0) CheckRange(parameters.Length, output.BiasOffset, 1, output.Name);
        for (int i = 0; i < w; i++)
        {
            for (int k = 0; k < n; k++) parameters[hidden.WeightOffset + i * n + k] = T.CreateChecked(HiddenWeight(i, k));
            if (hidden.BiasOffset >= 0) parameters[hidden.BiasOffset + i] = T.CreateChecked(HiddenBias(i));
            parameters[output.WeightOffset + i] = T.CreateChecked((double)OutputWeight(i));
        }
        if (output.BiasOffset >= 0) parameters[output.BiasOffset] = T.CreateChecked(OutputBias);
    }

    private static void CheckRange(int length, int offset, int count, string layer)
    {
        if (offset < 0 || offset + count > length)
            throw new ArgumentException($"Expected layer '{layer}' to occupy [{offset}, {offset + count}) inside a parameter vector of length {length}.", "parameters");
    }
}
