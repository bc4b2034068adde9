using Microsoft.CodeAnalysis;

namespace DslNets.Generator;

/// <summary>The DslNets incremental generator (placeholder pipeline; filled in by the generator slice).</summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
