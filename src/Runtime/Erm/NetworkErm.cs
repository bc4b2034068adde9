namespace DslNets.Erm;

/// <summary>
/// Exact ERM over a network declared with the DSL: a dense ReLU hidden layer of width w followed by a dense Identity
/// layer with one output, in double precision. The width and the loss come from the declaration; the global minimiser
/// is written into the network's parameters.
/// </summary>
public static class NetworkErm
{
    /// <summary>
    /// Solves exact ERM (<see cref="ExactErm.Solve"/>) for <paramref name="network"/>'s architecture on the data and loads
    /// the winner into <paramref name="network"/>.<see cref="INetwork{TSelf, T}.Parameters"/>.
    /// </summary>
    /// <param name="network">The declared network; its parameters are overwritten with the global minimiser.</param>
    /// <param name="inputs">D×n data points (n = the network's input size).</param>
    /// <param name="targets">D targets (±1 labels for the hinge loss).</param>
    /// <param name="options">Sharding and threading; its <see cref="ErmOptions.Width"/> and <see cref="ErmOptions.Loss"/> must match
    /// the declaration (null: taken from it).</param>
    /// <returns>The result with its certificate. For a shard (<see cref="ErmOptions.ShardCount"/> &gt; 1) the network holds that
    /// shard's best, not yet the global one: merge the shards with <see cref="ExactErm.Merge"/> and call <see cref="Load{TNet}"/>.</returns>
    public static ErmResult Solve<TNet>(TNet network, double[,] inputs, double[] targets, ErmOptions? options = null)
        where TNet : INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        var (width, loss) = Architecture<TNet>();
        if (inputs.GetLength(1) != TNet.InputSize)
            throw new ArgumentException($"Expected data points with {TNet.InputSize} coordinates (the input size of {typeof(TNet).Name}) but got {inputs.GetLength(1)}.", nameof(inputs));
        options ??= new ErmOptions(width, loss);
        if (options.Width != width || options.Loss != loss)
            throw new ArgumentException($"Expected options for width {width} and loss {loss} (the declaration of {typeof(TNet).Name}) but got width {options.Width} and loss {options.Loss}.", nameof(options));
        var result = ExactErm.Solve(inputs, targets, options);
        Load(network, result);
        return result;
    }

    /// <summary>Writes <paramref name="result"/>'s winner into <paramref name="network"/>'s parameters (the output bias, if any, is 0).</summary>
    /// <exception cref="ArgumentException">The network's architecture or loss does not match the result's.</exception>
    public static void Load<TNet>(TNet network, ErmResult result) where TNet : INetwork<TNet, double>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(result);
        var (width, loss) = Architecture<TNet>();
        if (result.Inputs != TNet.InputSize || result.Width != width || result.Loss != loss)
            throw new ArgumentException($"Expected a result for {TNet.InputSize} inputs, width {width} and loss {loss} ({typeof(TNet).Name}) but got {result.Inputs} inputs, width {result.Width} and loss {result.Loss}.", nameof(result));
        result.LoadInto<double>(network.Parameters, TNet.Layers[0], TNet.Layers[1]);
    }

    // The ERM program's loss for the declared one, or a message naming what the declaration has.
    private static (int Width, ErmLoss Loss) Architecture<TNet>() where TNet : INetwork<TNet, double>
    {
        var layers = TNet.Layers;
        if (layers.Count != 2 || layers[0].Kind != LayerKind.Dense || layers[0].Activation != Activation.ReLU || layers[0].TiedTo is not null
            || layers[1].Kind != LayerKind.Dense || layers[1].Activation != Activation.Identity || layers[1].Outputs != 1 || layers[1].TiedTo is not null)
            throw new ArgumentException($"Expected {typeof(TNet).Name} to be a dense ReLU layer followed by a dense Identity layer with 1 output but it has "
                + string.Join(", ", layers.Select(l => $"'{l.Name}' ({l.Kind} {l.Inputs}->{l.Outputs}, {l.Activation})")) + ".");
        ErmLoss loss = TNet.LossFunction switch
        {
            Loss.SquaredError => ErmLoss.Squared,
            Loss.AbsoluteError => ErmLoss.Absolute,
            Loss.Hinge => ErmLoss.Hinge,
            var other => throw new ArgumentException($"Expected {typeof(TNet).Name} to use SquaredError, AbsoluteError or Hinge (a convex program per split) but it uses {other}."),
        };
        return (layers[0].Outputs, loss);
    }
}
