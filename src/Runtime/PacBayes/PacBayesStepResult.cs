namespace DslNets.PacBayes;

/// <summary>What one step saw.</summary>
/// <param name="Objective">The objective's value f(L̂, KL).</param>
/// <param name="Loss">L̂: the mean bounded cross-entropy of the sampled network on the batch.</param>
/// <param name="Kl">KL(Q‖P) before the update.</param>
/// <param name="Lambda">λ used (λ objective only; otherwise the unchanged option).</param>
public readonly record struct PacBayesStepResult(double Objective, double Loss, double Kl, double Lambda);
