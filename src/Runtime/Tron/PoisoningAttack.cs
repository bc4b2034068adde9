namespace DslNets.Tron;

/// <summary>
/// The data-poisoning attack of the Neuro-Tron experiments: with probability β a label gets ±θ* added
/// (each sign with probability ½), independently of the input.
/// </summary>
public sealed record PoisoningAttack
{
    /// <summary>Creates the attack.</summary>
    /// <param name="probability">β ∈ [0, 1].</param>
    /// <param name="magnitude">θ* ≥ 0, finite.</param>
    public PoisoningAttack(double probability, double magnitude)
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Expected an attack probability β in [0, 1].");
        if (!(magnitude >= 0) || double.IsInfinity(magnitude))
            throw new ArgumentOutOfRangeException(nameof(magnitude), magnitude, "Expected a finite attack magnitude θ* ≥ 0.");
        Probability = probability;
        Magnitude = magnitude;
    }

    /// <summary>No attack.</summary>
    public static PoisoningAttack None { get; } = new(0, 0);

    /// <summary>β: the probability that a label is poisoned.</summary>
    public double Probability { get; }

    /// <summary>θ*: the size of the perturbation.</summary>
    public double Magnitude { get; }

    /// <summary>The perturbation of one label: 0 with probability 1 − β, else +θ* or −θ* with equal probability.</summary>
    public double Sample(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Probability == 0 || Magnitude == 0) return 0; // draws nothing, so attack-free runs share the data stream
        double u = random.NextDouble();
        if (u >= Probability) return 0;
        return random.NextDouble() < 0.5 ? -Magnitude : Magnitude;
    }

    /// <inheritdoc/>
    public override string ToString() => $"β = {Probability:0.###}, θ* = {Magnitude:0.###}";
}
