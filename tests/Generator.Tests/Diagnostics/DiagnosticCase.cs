namespace DslNets.Generator.Tests.Diagnostics;

/// <summary>A source that triggers exactly one DslNets diagnostic, and what that diagnostic must say and where.</summary>
/// <param name="Id">The diagnostic's ID, e.g. "DSL0004".</param>
/// <param name="Source">A whole source file.</param>
/// <param name="Message">The exact message (invariant culture).</param>
/// <param name="Location">The text the diagnostic's location covers: the attribute without its brackets.</param>
/// <param name="Network">The network class the diagnostic is about (no code may be generated for it).</param>
public sealed record DiagnosticCase(string Id, string Source, string Message, string Location, string Network);
