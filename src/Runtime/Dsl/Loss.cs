namespace DslNets;

/// <summary>
/// The loss of one sample, a function of the network's output ŷ (after the last layer's activation)
/// and the target t. Batch methods sum over samples (times the caller's scale).
/// </summary>
public enum Loss
{
    /// <summary>½ Σ_k (ŷ_k − t_k)²; gradient ŷ − t.</summary>
    SquaredError = 0,
    /// <summary>Σ_k |ŷ_k − t_k|; gradient sign(ŷ − t), 0 where they are equal.</summary>
    AbsoluteError = 1,
    /// <summary>One output z (a logit), target t ∈ [0, 1]: softplus(z) − t·z = −t ln σ(z) − (1 − t) ln(1 − σ(z)); gradient σ(z) − t.</summary>
    Logistic = 2,
    /// <summary>One output z, target y ∈ {−1, +1}: max(0, 1 − y·z); gradient −y where 1 − y·z &gt; 0, else 0.</summary>
    Hinge = 3,
    /// <summary>At least two outputs z (logits), target t a probability vector (one-hot for a label):
    /// Σt·logsumexp(z) − Σ_k t_k z_k; gradient Σt·softmax(z) − t.</summary>
    SoftmaxCrossEntropy = 4,
}
