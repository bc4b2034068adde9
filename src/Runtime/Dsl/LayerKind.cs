namespace DslNets;

/// <summary>The kinds of layer the DSL declares.</summary>
public enum LayerKind
{
    /// <summary>z = W x + b, optionally with W the transpose of another layer's weights (tied).</summary>
    Dense = 0,
    /// <summary>f(x) = (1/k) Σ_i act(wᵀ A_i x): one trainable filter w, k fixed matrices A_i (or patches).</summary>
    SharedFilter = 1,
}
