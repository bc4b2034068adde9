namespace DslNets.Erm;

/// <summary>The training losses exact ERM supports: each is convex in the prediction ŷ, so every per-split program is convex.</summary>
public enum ErmLoss
{
    /// <summary>½ Σⱼ (ŷⱼ − yⱼ)² (as <see cref="Loss.SquaredError"/>): each program is a quadratic program.</summary>
    Squared = 0,
    /// <summary>Σⱼ |ŷⱼ − yⱼ|: each program is a linear program.</summary>
    Absolute = 1,
    /// <summary>Σⱼ max(0, 1 − yⱼ ŷⱼ) with labels yⱼ ∈ {−1, +1}: each program is a linear program.</summary>
    Hinge = 2,
}
