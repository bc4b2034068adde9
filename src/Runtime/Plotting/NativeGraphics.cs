namespace DslNets.Plotting;

/// <summary>
/// Turns a failure to load ScottPlot's native graphics libraries into a <see cref="GraphicsLibraryMissingException"/>.
/// SkiaSharp reports a missing libSkiaSharp as a <see cref="TypeInitializationException"/> around a
/// <see cref="DllNotFoundException"/> (and on every later call the same way), a library of the wrong version as an
/// <see cref="EntryPointNotFoundException"/>; left alone, either reaches the user as a stack trace through SkiaSharp's internals.
/// </summary>
internal static class NativeGraphics
{
    /// <summary>Runs <paramref name="draw"/>, translating a native-library failure.</summary>
    public static T Run<T>(Func<T> draw)
    {
        try
        {
            return draw();
        }
        catch (Exception error) when (Translate(error) is { } missing)
        {
            throw missing;
        }
    }

    /// <summary>The project's exception for a native-library failure anywhere in <paramref name="error"/>'s chain, or null for any other error.</summary>
    public static GraphicsLibraryMissingException? Translate(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is GraphicsLibraryMissingException already) return already;
            if (e is not (DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)) continue;
            // The loader's message names the library it looked for; HarfBuzz is the only other native library on the path.
            bool harfBuzz = e.Message.Contains("HarfBuzz", StringComparison.OrdinalIgnoreCase);
            string library = harfBuzz ? "libHarfBuzzSharp" : "libSkiaSharp";
            string package = harfBuzz ? "HarfBuzzSharp.NativeAssets.Linux" : "SkiaSharp.NativeAssets.Linux.NoDependencies";
            string what = e is DllNotFoundException ? "could not be loaded" : "was loaded but does not fit this SkiaSharp";
            return new GraphicsLibraryMissingException(library,
                $"Plotting needs the native graphics library {library}, which {what} on this machine ({e.GetType().Name}: {e.Message}). " +
                $"On Linux x64 it comes with the package {package} (a dependency of DslNets); on other platforms add SkiaSharp's native assets for it.",
                error);
        }

        return null;
    }
}
