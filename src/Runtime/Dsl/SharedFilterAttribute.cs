namespace DslNets;

/// <summary>
/// The Neuro-Tron / Convotron layer: one output f(x) = (1/k) Σ_{i=1..k} act(wᵀ A_i x), with one trainable filter
/// w ∈ R^r and k fixed matrices A_i ∈ R^{r×n} (n the layer's input size).
/// With <see cref="Stride"/> = 0 (the default) the matrices are supplied when the network is constructed
/// (k·r·n numbers, A_1 first, each row-major). With <see cref="Stride"/> = s &gt; 0 each A_i selects the patch
/// x[(i−1)·s .. (i−1)·s + r) (Convotron's patches), which must fit inside the input: (k−1)·s + r ≤ n.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class SharedFilterAttribute : Attribute
{
    /// <summary>Declares a shared-filter layer with filter size r = <paramref name="filterSize"/> and k = <paramref name="count"/> matrices.</summary>
    public SharedFilterAttribute(int filterSize, int count, Activation activation = Activation.ReLU)
    {
        FilterSize = filterSize;
        Count = count;
        Activation = activation;
    }

    /// <summary>r: the length of the trainable filter w, ≥ 1.</summary>
    public int FilterSize { get; }

    /// <summary>k: the number of fixed matrices (or patches), ≥ 1.</summary>
    public int Count { get; }

    /// <summary>The activation applied to each wᵀ A_i x before averaging.</summary>
    public Activation Activation { get; }

    /// <summary>The slope α for negative inputs of <see cref="Activation.LeakyReLU"/>; 0.01 unless set; must be ≥ 0.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>0: the matrices A_i are supplied at construction. s &gt; 0: A_i selects the patch starting at (i−1)·s.</summary>
    public int Stride { get; set; }
}
