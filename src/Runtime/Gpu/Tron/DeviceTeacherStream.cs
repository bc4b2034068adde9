using DslNets.Tron;

namespace DslNets.Gpu;

/// <summary>
/// Fresh labelled mini-batches drawn on the device from counter-based streams (<see cref="DeviceRandom"/>), so a step
/// needs nothing from the host and every number is a pure function of the seed and its position: the same seed gives
/// the same data on every device, whatever the launch shape, and the host can draw it again. Sample number
/// g = s·b + j (sample j of the batch of step s, b samples per batch) has
/// <list type="bullet">
/// <item>input coordinate c (of n): x_c = σ·<see cref="DeviceRandom.Normal"/>(<see cref="InputSeed"/>, g·n + c), rounded to T;</item>
/// <item>label y = f_{θ*}(x) (computed in T, in the host's factored order) + (T)ξ when ξ ≠ 0, where ξ = ν + a in double:
/// ν = <see cref="LabelNoise"/>·<see cref="DeviceRandom.Normal"/>(<see cref="NoiseSeed"/>, g) (0, undrawn, when the noise is 0), and
/// the attack a = 0 unless <see cref="DeviceRandom.Uniform"/>(<see cref="AttackSeed"/>, 2g) &lt; β, then −θ* when
/// <see cref="DeviceRandom.Uniform"/>(<see cref="AttackSeed"/>, 2g + 1) &lt; ½ and +θ* otherwise (undrawn when β or θ* is 0):
/// the law of <see cref="PoisoningAttack.Sample"/>, from a counter-based stream instead of its generator.</item>
/// </list>
/// Only Gaussian inputs N(0, σ²) are drawn on the device: Laplace and Student-t inputs (the host's
/// <see cref="InputSampler"/>) are refused with an <see cref="ArgumentException"/>; draw those on the host and pass the
/// batches to the device learner. The numbers differ from the host <see cref="TeacherStream{TNet, T}"/>'s (a ziggurat
/// sampler), not their distribution.
/// </summary>
public sealed record DeviceTeacherStream
{
    /// <summary>Describes the stream.</summary>
    /// <param name="seed">Seeds the inputs, the noise and the attack (each its own stream, derived from this seed).</param>
    /// <param name="inputs">The input distribution: Gaussian only (null for N(0, 1)).</param>
    /// <param name="labelNoise">s ≥ 0: the standard deviation of Gaussian noise added to every label (0 for none).</param>
    /// <param name="attack">The poisoning attack on the labels (null for none).</param>
    /// <exception cref="ArgumentException">The input distribution is not Gaussian.</exception>
    public DeviceTeacherStream(ulong seed, InputDistribution? inputs = null, double labelNoise = 0, PoisoningAttack? attack = null)
    {
        inputs ??= InputDistribution.Gaussian(1);
        if (inputs.Kind != InputDistributionKind.Gaussian)
            throw new ArgumentException(
                $"The device draws Gaussian inputs N(0, σ²) only (InputDistribution.Gaussian); got {inputs.Name}. Draw {inputs.Name} inputs on the host (InputSampler, TeacherStream) and pass the batches to the device learner instead.",
                nameof(inputs));
        if (!(labelNoise >= 0) || double.IsInfinity(labelNoise))
            throw new ArgumentOutOfRangeException(nameof(labelNoise), labelNoise, "Expected a finite label noise standard deviation ≥ 0.");
        Seed = seed;
        Inputs = inputs;
        LabelNoise = labelNoise;
        Attack = attack ?? PoisoningAttack.None;
    }

    /// <summary>The seed the three streams derive from.</summary>
    public ulong Seed { get; }

    /// <summary>The input distribution (Gaussian).</summary>
    public InputDistribution Inputs { get; }

    /// <summary>σ: the inputs' standard deviation.</summary>
    public double InputStandardDeviation => Inputs.Parameter;

    /// <summary>s: the standard deviation of the Gaussian label noise (0 for none).</summary>
    public double LabelNoise { get; }

    /// <summary>The poisoning attack (<see cref="PoisoningAttack.None"/> for clean labels).</summary>
    public PoisoningAttack Attack { get; }

    /// <summary>The seed of the input stream: <see cref="Seed"/> itself.</summary>
    public ulong InputSeed => Seed;

    /// <summary>The seed of the label-noise stream: <see cref="PatternHash.Mix"/>(<see cref="Seed"/>, 1).</summary>
    public ulong NoiseSeed => PatternHash.Mix(Seed, 1);

    /// <summary>The seed of the attack's coins: <see cref="PatternHash.Mix"/>(<see cref="Seed"/>, 2).</summary>
    public ulong AttackSeed => PatternHash.Mix(Seed, 2);

    /// <summary>
    /// ξ + the attack for sample number <paramref name="sample"/> (g above), in double: what the device adds to the
    /// teacher's label f_{θ*}(x) after rounding it to T. Plain arithmetic, so kernels call it too.
    /// </summary>
    internal static double LabelPerturbation(ulong sample, double noise, ulong noiseSeed, double attackProbability, double attackMagnitude, ulong attackSeed)
    {
        double xi = noise == 0 ? 0 : noise * DeviceRandom.Normal(noiseSeed, sample);
        if (attackProbability == 0 || attackMagnitude == 0) return xi;
        if (DeviceRandom.Uniform(attackSeed, 2 * sample) >= attackProbability) return xi;
        return DeviceRandom.Uniform(attackSeed, 2 * sample + 1) < 0.5 ? xi - attackMagnitude : xi + attackMagnitude;
    }
}
