using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>Checks on the views handed to the device optimisers and the clipper.</summary>
internal static class DeviceViews
{
    /// <summary>Throws unless <paramref name="view"/> lives on <paramref name="accelerator"/> (a kernel would fault on another one's memory).</summary>
    internal static void CheckOn<T>(ArrayView<T> view, Accelerator accelerator, string owner, string parameterName) where T : unmanaged
    {
        Accelerator? home = AcceleratorOf(view);
        if (home != accelerator)
            throw new ArgumentException(
                $"{owner}: expected '{parameterName}' on the accelerator {accelerator.Name} but it is on {home?.Name ?? "no accelerator"}.",
                parameterName);
    }

    // Generic so that the explicit interface property is read without boxing the view.
    private static Accelerator? AcceleratorOf<TView>(TView view) where TView : IArrayView => view.Buffer?.Accelerator;
}
