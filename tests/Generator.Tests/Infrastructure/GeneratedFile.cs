namespace DslNets.Generator.Tests.Infrastructure;

/// <summary>One source file the generator added: its hint name (e.g. "Tiny.g.cs") and its text.</summary>
/// <param name="HintName">The hint name the generator passed to AddSource.</param>
/// <param name="Text">The generated text, line endings as the generator wrote them.</param>
public sealed record GeneratedFile(string HintName, string Text);
