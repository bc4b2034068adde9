using ILGPU;

namespace DslNets.Gpu;

/// <summary>The device trainer's own kernels.</summary>
internal static class TrainingKernels
{
    /// <summary>destination[e] = source[order[first + e / width]·width + e mod width]: a mini-batch gathered by the permutation.</summary>
    public static void Gather<T>(Index1D e, ArrayView<T> source, ArrayView<int> order, int first, int width, ArrayView<T> destination) where T : unmanaged
    {
        int row = e.X / width;
        destination[e] = source[(long)order[first + row] * width + (e.X - row * width)];
    }
}
