using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>The own GEMM kernels of one element type, compiled once for an accelerator and a tile shape.</summary>
internal sealed class GemmKernelSet<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Accelerator _accelerator;
    private Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArguments<T>>? _tiled;
    private Action<Index2D, ArrayView<T>, int, T>? _scale;

    public GemmKernelSet(Accelerator accelerator, GemmTileShape shape)
    {
        _accelerator = accelerator;
        Shape = shape;
    }

    public GemmTileShape Shape { get; }

    /// <summary>The tiled product, on the accelerator's default stream (compiled on first use: not at all where cuBLAS runs).</summary>
    public Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArguments<T>> Tiled => _tiled ??= Shape switch
    {
        GemmTileShape.Large => _accelerator.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArguments<T>>(TiledGemmKernel.Run<T, LargeGemmTile>),
        GemmTileShape.Medium => _accelerator.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArguments<T>>(TiledGemmKernel.Run<T, MediumGemmTile>),
        _ => _accelerator.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArguments<T>>(TiledGemmKernel.Run<T, SmallGemmTile>),
    };

    /// <summary>C = β·C (compiled on first use: only k = 0 or α = 0 products need it).</summary>
    public Action<Index2D, ArrayView<T>, int, T> Scale =>
        _scale ??= _accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<T>, int, T>(ScaleKernel.Run<T>);

    /// <summary>Groups: row tiles along X (CUDA allows 2³¹−1 there), column tiles along Y.</summary>
    public KernelConfig Config(int m, int n) =>
        new(new Index2D(Ceiling(m, GemmTiles.Rows(Shape)), Ceiling(n, GemmTiles.Columns(Shape))), new Index2D(GemmTiles.Threads(Shape), 1));

    private static int Ceiling(int value, int step) => (value + step - 1) / step;
}
