namespace DslNets.Erm;

/// <summary>
/// Exact ERM over a network declared with the DSL: a dense ReLU hidden layer of width w followed by a dense Identity
/// layer with one output, in double precision. The width, the loss and whether there is an output bias come from the
/// declaration; the global minimiser over the declared network's own parameters is written into them.
/// </summary>
/// <remarks>
/// An output layer with a bias (<c>[Dense(1)]</c>) is solved with the output offset (<see cref="ErmOptions.OutputBias"/>), one
/// without (<c>Bias = false</c>) without it. A hidden layer without a bias is refused: its units are ReLU(uᵢ·x), whose
/// activation patterns are the splits by hyperplanes through the origin, a different enumeration from the affine splits of
/// <see cref="HyperplaneSplits"/>; solving it with bᵢ free would return a minimiser the network cannot represent.
/// </remarks>
public static class NetworkErm
{
    /// <summary>
    /// Solves exact ERM (<see cref="ExactErm.Solve"/>) for <paramref name="network"/>'s architecture on the data and loads
    /// the winner into <paramref name="network"/>.<see cref="INetwork{TSelf, T}.Parameters"/>.
    /// </summary>
    /// <param name="network">The declared network; its parameters are overwritten with the global minimiser.</param>
    /// <param name="inputs">D×n data points (n = the network's input size).</param>
    /// <param name="targets">D targets (±1 labels for the hinge loss).</param>
    /// <param name="options">Sharding and threading; its <see cref="ErmOptions.Width"/>, <see cref="ErmOptions.Loss"/> and
    /// <see cref="ErmOptions.OutputBias"/> must match the declaration (null: taken from it).</param>
    /// <returns>The result with its certificate. For a shard (<see cref="ErmOptions.ShardCount"/> &gt; 1) the network holds that
    /// shard's best, not yet the global one: merge the shards with <see cref="ExactErm.Merge"/> and call <see cref="Load{TNet}"/>.</returns>
    public static ErmResult Solve<TNet>(TNet network, double[,] inputs, double[] targets, ErmOptions? options = null)
        where TNet : INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        var (width, loss, outputBias) = Architecture<TNet>();
        if (inputs.GetLength(1) != TNet.InputSize)
            throw new ArgumentException($"Expected data points with {TNet.InputSize} coordinates (the input size of {typeof(TNet).Name}) but got {inputs.GetLength(1)}.", nameof(inputs));
        options ??= new ErmOptions(width, loss, OutputBias: outputBias);
        if (options.Width != width || options.Loss != loss || options.OutputBias != outputBias)
            throw new ArgumentException($"Expected options for width {width}, loss {loss} and output bias {outputBias} (the declaration of {typeof(TNet).Name}) but got width {options.Width}, loss {options.Loss} and output bias {options.OutputBias}.", nameof(options));
        var result = ExactErm.Solve(inputs, targets, options);
        Load(network, result);
        return result;
    }

    /// <summary>Writes <paramref name="result"/>'s winner, output offset included, into <paramref name="network"/>'s parameters.</summary>
    /// <exception cref="ArgumentException">The network's architecture, loss or output bias does not match the result's.</exception>
    public static void Load<TNet>(TNet network, ErmResult result) where TNet : INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(result);
        var (width, loss, outputBias) = Architecture<TNet>();
        if (result.Inputs != TNet.InputSize || result.Width != width || result.Loss != loss || result.HasOutputBias != outputBias)
            throw new ArgumentException($"Expected a result for {TNet.InputSize} inputs, width {width}, loss {loss} and output bias {outputBias} ({typeof(TNet).Name}) but got {result.Inputs} inputs, width {result.Width}, loss {result.Loss} and output bias {result.HasOutputBias}.", nameof(result));
        result.LoadInto<double>(network.Parameters, TNet.Layers[0], TNet.Layers[1]);
    }

    // The ERM programs' width, loss and offset for the declared network, or a message naming what the declaration has.
    private static (int Width, ErmLoss Loss, bool OutputBias) Architecture<TNet>() where TNet : INetwork<TNet, double>
    {
        var layers = TNet.Layers;
        if (layers.Count != 2 || layers[0].Kind != LayerKind.Dense || layers[0].Activation != Activation.ReLU || layers[0].TiedTo is not null
            || layers[1].Kind != LayerKind.Dense || layers[1].Activation != Activation.Identity || layers[1].Outputs != 1 || layers[1].TiedTo is not null)
            throw new ArgumentException($"Expected {typeof(TNet).Name} to be a dense ReLU layer followed by a dense Identity layer with 1 output but it has "
                + string.Join(", ", layers.Select(l => $"'{l.Name}' ({l.Kind} {l.Inputs}->{l.Outputs}, {l.Activation})")) + ".");
        if (layers[0].BiasOffset < 0)
            throw new ArgumentException($"Expected the hidden layer '{layers[0].Name}' of {typeof(TNet).Name} to have a bias: exact ERM enumerates affine splits, and a layer declared with Bias = false (units ReLU(u·x), splits through the origin only) is not supported.");
        ErmLoss loss = TNet.LossFunction switch
        {
            Loss.SquaredError => ErmLoss.Squared,
            Loss.AbsoluteError => ErmLoss.Absolute,
            Loss.Hinge => ErmLoss.Hinge,
            var other => throw new ArgumentException($"Expected {typeof(TNet).Name} to use SquaredError, AbsoluteError or Hinge (a convex program per split) but it uses {other}."),
        };
        return (layers[0].Outputs, loss, layers[1].BiasOffset >= 0);
    }
}
