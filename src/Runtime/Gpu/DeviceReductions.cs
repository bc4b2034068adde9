using System.Numerics;
using ILGPU;

namespace DslNets.Gpu;

/// <summary>Runtime kernels that sum per-sample rows on the device.</summary>
internal static class DeviceReductions
{
    /// <summary>
    /// target[k] += Σ_{r &lt; count} rows[r·width + k], one thread per column, the rows added one after another in order:
    /// the host kernels' order of accumulation (sample by sample), so device sums equal host sums to rounding, and the
    /// result is the same on every run (no atomics).
    /// </summary>
    public static void AddRows<T>(Index1D k, ArrayView<T> rows, int count, int width, ArrayView<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = target[k];
        long at = k.X;
        for (int r = 0; r < count; r++)
        {
            sum += rows[at];
            at += width;
        }

        target[k] = sum;
    }
}
