namespace DslNets.Generator.Model;

/// <summary>
/// What the generator writes for a network it cannot generate: the partial declarations around it, and an
/// implementation of each layer property that throws, naming the DSL error. Without it every layer property would
/// add a CS9248 ("partial property must have an implementation part") to the real error.
/// </summary>
/// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
/// <param name="Shell">The partial type headers, outermost first, ending with the network ("partial class Net&lt;T&gt;").</param>
/// <param name="Properties">The layer properties awaiting an implementation.</param>
internal sealed record NetworkStub(string? Namespace, EquatableArray<string> Shell, EquatableArray<PropertyStub> Properties);

/// <summary>One partial property to implement as the user declared it.</summary>
/// <param name="Header">Modifiers, type and name as the implementation must repeat them ("public partial global::DslNets.DenseLayer Out").</param>
/// <param name="Accessors">Each accessor with its own modifiers ("get", "private set").</param>
internal sealed record PropertyStub(string Header, EquatableArray<string> Accessors);
