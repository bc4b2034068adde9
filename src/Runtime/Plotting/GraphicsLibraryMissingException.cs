namespace DslNets.Plotting;

/// <summary>
/// A plot could not be drawn because a native graphics library that ScottPlot draws through (SkiaSharp's libSkiaSharp, or
/// HarfBuzz's libHarfBuzzSharp for text) could not be loaded on this machine; the message names the library, the reason
/// the runtime gave, and the package that carries it.
/// </summary>
public sealed class GraphicsLibraryMissingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The native library that could not be loaded, e.g. libSkiaSharp.</param>
    /// <param name="message">The whole message.</param>
    /// <param name="inner">The loader's exception.</param>
    public GraphicsLibraryMissingException(string library, string message, Exception? inner = null) : base(message, inner)
    {
        Library = library;
    }

    /// <summary>The native library that could not be loaded: libSkiaSharp or libHarfBuzzSharp.</summary>
    public string Library { get; }
}
