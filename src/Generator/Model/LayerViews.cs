namespace DslNets.Generator.Model;

/// <summary>For each layer kind: the runtime view type its member is declared as, and how messages name the kind.</summary>
internal static class LayerViews
{
    /// <summary>The view's type name in DslNets and whether it is generic in the element type (layers with parameters).</summary>
    public static (string Name, bool Generic) Of(LayerKindSpec kind) => kind switch
    {
        LayerKindSpec.Dense => ("DenseLayer", true),
        LayerKindSpec.SharedFilter => ("SharedFilterLayer", true),
        LayerKindSpec.Conv2D => ("Conv2DLayer", true),
        LayerKindSpec.MaxPool or LayerKindSpec.AvgPool => ("PoolLayer", false),
        LayerKindSpec.Flatten => ("FlattenLayer", false),
        LayerKindSpec.Dropout => ("DropoutLayer", false),
        _ => ("ResidualLayer", false),
    };

    /// <summary>The kind as messages name it ("a dense layer").</summary>
    public static string KindName(LayerKindSpec kind) => kind switch
    {
        LayerKindSpec.Dense => "dense",
        LayerKindSpec.SharedFilter => "shared-filter",
        LayerKindSpec.Conv2D => "convolution",
        LayerKindSpec.MaxPool => "max-pool",
        LayerKindSpec.AvgPool => "average-pool",
        LayerKindSpec.Flatten => "flatten",
        LayerKindSpec.Dropout => "dropout",
        _ => "residual",
    };

    /// <summary>The attribute's name as written ("Conv2D").</summary>
    public static string AttributeName(LayerKindSpec kind) => kind switch
    {
        LayerKindSpec.Dense => "Dense",
        LayerKindSpec.SharedFilter => "SharedFilter",
        LayerKindSpec.Conv2D => "Conv2D",
        LayerKindSpec.MaxPool => "MaxPool",
        LayerKindSpec.AvgPool => "AvgPool",
        LayerKindSpec.Flatten => "Flatten",
        LayerKindSpec.Dropout => "Dropout",
        _ => "Residual",
    };

    /// <summary>The expected member type for messages: "DenseLayer or DenseLayer&lt;float&gt;", "DenseLayer&lt;double&gt;", "PoolLayer".</summary>
    public static string Expected(LayerKindSpec kind, bool isDouble)
    {
        (string view, bool generic) = Of(kind);
        if (!generic) return view;
        return isDouble ? $"{view}<double>" : $"{view} or {view}<float>";
    }
}
