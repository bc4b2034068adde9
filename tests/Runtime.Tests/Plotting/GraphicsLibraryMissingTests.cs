using System.Reflection;
using System.Runtime.Loader;
using DslNets.Plotting;

namespace DslNets.Runtime.Tests.Plotting;

public class GraphicsLibraryMissingTests
{
    [Fact]
    public void AMissingSkiaLibraryBecomesTheProjectsErrorNamingIt()
    {
        // What SkiaSharp throws when libSkiaSharp cannot be loaded: its type initializer fails around the loader's error.
        var loader = new DllNotFoundException("Unable to load shared library 'libSkiaSharp' or one of its dependencies.");
        var thrown = new TypeInitializationException("SkiaSharp.SKImageInfo", loader);
        GraphicsLibraryMissingException? missing = NativeGraphics.Translate(thrown);
        Assert.NotNull(missing);
        Assert.Equal("libSkiaSharp", missing.Library);
        Assert.Contains("libSkiaSharp", missing.Message);
        Assert.Contains("SkiaSharp.NativeAssets.Linux.NoDependencies", missing.Message);
        Assert.Same(thrown, missing.InnerException);
    }

    [Fact]
    public void AMissingHarfBuzzLibraryIsNamedAsSuch()
    {
        var thrown = new TypeInitializationException("HarfBuzzSharp.Buffer", new DllNotFoundException("Unable to load shared library 'libHarfBuzzSharp'."));
        GraphicsLibraryMissingException? missing = NativeGraphics.Translate(thrown);
        Assert.Equal("libHarfBuzzSharp", missing!.Library);
        Assert.Contains("HarfBuzzSharp.NativeAssets.Linux", missing.Message);
        var wrongVersion = NativeGraphics.Translate(new EntryPointNotFoundException("Unable to find an entry point named 'sk_surface_new' in 'libSkiaSharp'."));
        Assert.Contains("does not fit", wrongVersion!.Message);
    }

    [Fact]
    public void OtherErrorsPassThroughUnchanged()
    {
        Assert.Null(NativeGraphics.Translate(new ArgumentException("bad")));
        Assert.Null(NativeGraphics.Translate(new TypeInitializationException("X", new InvalidOperationException("x"))));
        Assert.Throws<InvalidOperationException>(() => NativeGraphics.Run<int>(() => throw new InvalidOperationException("drawing failed")));
    }

    [Fact]
    public void ARealLoadFailureReachesTheCallerAsTheProjectsError()
    {
        // DslNets, ScottPlot and SkiaSharp loaded afresh into a context whose native loader finds nothing: the real
        // failure path of a machine without libSkiaSharp, without touching the copies this test process uses.
        var context = new NoNativeLibrariesContext(AppContext.BaseDirectory);
        try
        {
            Assembly dslNets = context.LoadFromAssemblyName(new AssemblyName("DslNets"));
            Type plotType = dslNets.GetType("DslNets.Plotting.LinePlot", throwOnError: true)!;
            Assert.NotSame(typeof(LinePlot), plotType);
            object plot = Activator.CreateInstance(plotType, "t", "x", "y", false)!;
            plotType.GetMethod("Add", [typeof(string), typeof(IReadOnlyList<double>)])!.Invoke(plot, ["s", new double[] { 1, 2 }]);
            var error = Assert.Throws<TargetInvocationException>(() => plotType.GetMethod("ToPng")!.Invoke(plot, null)).InnerException!;
            Assert.Equal(typeof(GraphicsLibraryMissingException).FullName, error.GetType().FullName);
            Assert.Contains("libSkiaSharp", error.Message);
            // Later calls fail the same way (SkiaSharp's type initializer stays failed).
            var again = Assert.Throws<TargetInvocationException>(() => plotType.GetMethod("ToSvg")!.Invoke(plot, null)).InnerException!;
            Assert.Equal(error.GetType(), again.GetType());
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads the plotting stack's managed assemblies itself and refuses every native library.</summary>
    private sealed class NoNativeLibrariesContext(string folder) : AssemblyLoadContext("no-native-graphics", isCollectible: true)
    {
        private static readonly string[] Isolated = ["DslNets", "ScottPlot", "SkiaSharp", "SkiaSharp.HarfBuzz", "HarfBuzzSharp"];

        protected override Assembly? Load(AssemblyName name) =>
            Isolated.Contains(name.Name) ? LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            throw new DllNotFoundException($"Unable to load shared library '{unmanagedDllName}': this test hides every native library.");
    }
}
