namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>One generated case: a seed file and the mutations applied to it (CsCheck prints it when a case fails).</summary>
/// <param name="Seed">The valid file it starts from.</param>
/// <param name="Mutations">What is done to it, in order.</param>
public sealed record FuzzCase(FuzzSeed Seed, Mutation[] Mutations)
{
    /// <summary>The bytes the reader gets.</summary>
    public byte[] Input() => Seed.Mutate(Mutations);

    /// <inheritdoc />
    public override string ToString() => $"{Seed.Name} with {string.Join(", ", Mutations)}";
}
