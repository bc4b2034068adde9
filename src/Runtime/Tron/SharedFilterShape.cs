namespace DslNets.Tron;

/// <summary>The shape of a network made of one shared-filter layer, read from its generated layer table.</summary>
internal readonly record struct SharedFilterShape(int FilterSize, int Count, int Inputs, int Stride, int WeightOffset, int ConstantOffset, Activation Activation)
{
    /// <summary>Reads the single shared-filter layer of <typeparamref name="TNet"/>, or throws naming what was found.</summary>
    /// <param name="algorithm">The algorithm's name, for the message.</param>
    /// <param name="patches">True: the layer must use patches (Stride &gt; 0); false: fixed matrices (Stride = 0).</param>
    public static SharedFilterShape Of<TNet>(string algorithm, bool patches) where TNet : INetwork<TNet>
    {
        var layers = TNet.Layers;
        string expected = patches
            ? "one SharedFilter layer with Stride > 0 (patches)"
            : "one SharedFilter layer with Stride = 0 (fixed matrices A_i)";
        if (layers.Count != 1 || layers[0].Kind != LayerKind.SharedFilter)
            throw new ArgumentException($"{algorithm} needs a network of {expected}; {typeof(TNet).Name} has {Describe(layers)}.");
        var layer = layers[0];
        if (patches != (layer.Stride > 0))
            throw new ArgumentException($"{algorithm} needs a network of {expected}; {typeof(TNet).Name}'s layer '{layer.Name}' has Stride = {layer.Stride}.");
        if (TNet.LossFunction != Loss.SquaredError)
            throw new ArgumentException($"{algorithm} needs a network with Loss.SquaredError; {typeof(TNet).Name} has {TNet.LossFunction}.");
        return new SharedFilterShape(layer.FilterSize, layer.FilterCount, layer.Inputs, layer.Stride, layer.WeightOffset, layer.ConstantOffset, layer.Activation);
    }

    /// <summary>"2 layers: Dense, Dense".</summary>
    public static string Describe(IReadOnlyList<LayerInfo> layers) =>
        $"{layers.Count} layer{(layers.Count == 1 ? "" : "s")}: {string.Join(", ", layers.Select(l => $"{l.Name} ({l.Kind}{(l.Kind == LayerKind.Dense ? $" {l.Inputs}->{l.Outputs}, {l.Activation}, bias {l.BiasCount > 0}" : $", stride {l.Stride}, {l.Activation}")})"))}";
}
