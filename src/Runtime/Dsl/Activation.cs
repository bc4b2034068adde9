namespace DslNets;

/// <summary>The element-wise nonlinearity a layer applies after its affine map.</summary>
public enum Activation
{
    /// <summary>a = z. Piecewise linear.</summary>
    Identity = 0,
    /// <summary>a = max(z, 0); the derivative at 0 is taken as 0 (PyTorch's convention). Piecewise linear.</summary>
    ReLU = 1,
    /// <summary>a = z for z &gt; 0, α·z otherwise, with α = the layer's <c>LeakySlope</c> (default 0.01, must be ≥ 0). Piecewise linear.</summary>
    LeakyReLU = 2,
    /// <summary>a = 1 / (1 + e^(−z)).</summary>
    Sigmoid = 3,
    /// <summary>a = tanh(z).</summary>
    Tanh = 4,
}
