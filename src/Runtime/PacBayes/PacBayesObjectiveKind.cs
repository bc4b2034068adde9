namespace DslNets.PacBayes;

/// <summary>The training objectives of PAC-Bayes-by-backprop (Pérez-Ortiz et al. 2021; PBB's <c>fclassic</c>, <c>fquad</c>, <c>flamb</c>).</summary>
public enum PacBayesObjectiveKind
{
    /// <summary>f = L̂ + √((KL + ln(2√m/δ))/(2m)) (<see cref="PacBayesBounds.Classic"/>).</summary>
    Classic = 0,
    /// <summary>f = (√(L̂ + B) + √B)², B = (KL + ln(2√m/δ))/(2m) (<see cref="PacBayesBounds.Quadratic"/>).</summary>
    Quadratic = 1,
    /// <summary>f = L̂/(1 − λ/2) + (KL + ln(2√m/δ))/(mλ(1 − λ/2)) (<see cref="PacBayesBounds.Lambda"/>), λ updated by <see cref="PacBayesObjective.UpdateLambda"/>.</summary>
    Lambda = 2,
    /// <summary>
    /// Dziugaite &amp; Roy's objective with the scalar prior scale learnt: f = L̂ + √(B/2),
    /// B = (KL + 2 ln(b·ln(c/σ₀²)) + ln(π² m/(6δ)))/(m − 1) (<see cref="PacBayesObjective.DziugaiteRoy"/>).
    /// </summary>
    DziugaiteRoy = 3,
}
