namespace DslNets;

/// <summary>The element type of a network's parameters, inputs and outputs.</summary>
public enum Precision
{
    /// <summary><see cref="float"/>: the default, for speed.</summary>
    Single = 0,
    /// <summary><see cref="double"/>: what the theory algorithms (exact ERM, regions, certificates) need.</summary>
    Double = 1,
}
