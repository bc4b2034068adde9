namespace DslNets;

/// <summary>The kinds of layer the DSL declares.</summary>
public enum LayerKind
{
    /// <summary>z = W x + b, optionally with W the transpose of another layer's weights (tied).</summary>
    Dense = 0,
    /// <summary>f(x) = (1/k) Σ_i act(wᵀ A_i x): one trainable filter w, k fixed matrices A_i (or patches).</summary>
    SharedFilter = 1,
    /// <summary>A 2-D convolution of an image (<see cref="Conv2DAttribute"/>).</summary>
    Conv2D = 2,
    /// <summary>Max pooling of an image (<see cref="MaxPoolAttribute"/>).</summary>
    MaxPool = 3,
    /// <summary>Average pooling of an image (<see cref="AvgPoolAttribute"/>).</summary>
    AvgPool = 4,
    /// <summary>An image read as a vector (<see cref="FlattenAttribute"/>).</summary>
    Flatten = 5,
    /// <summary>Dropout, active in training passes only (<see cref="DropoutAttribute"/>).</summary>
    Dropout = 6,
    /// <summary>A skip connection adding an earlier layer's output (<see cref="ResidualAttribute"/>).</summary>
    Residual = 7,
}
