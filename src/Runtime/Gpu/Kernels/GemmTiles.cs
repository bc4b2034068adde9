namespace DslNets.Gpu;

/// <summary>
/// The block-tile shape of the own matrix kernel as compile-time constants: ILGPU sizes shared memory from
/// constants only, so each shape is a struct whose properties return literals and the kernel is instantiated
/// per shape. Every thread computes a 4×4 register block, so a group has (Rows/4)·(Columns/4) threads.
/// </summary>
internal interface IGemmTile
{
    /// <summary>Rows of C per group (BM).</summary>
    int Rows { get; }

    /// <summary>Columns of C per group (BN).</summary>
    int Columns { get; }

    /// <summary>Inner dimension staged in shared memory per step (BK).</summary>
    int Depth { get; }

    /// <summary>Threads per group: (Rows/4)·(Columns/4).</summary>
    int Threads { get; }

    /// <summary>Shared elements of the A tile, Depth·(Rows + 1): one pad column breaks the bank conflicts of the strided stores.</summary>
    int SharedA { get; }

    /// <summary>Shared elements of the B tile, Depth·(Columns + 1).</summary>
    int SharedB { get; }
}

/// <summary>64×64×16, 256 threads: the CUDA shape (16.6 KB of shared memory in double, well under 48 KB, so several groups fit an SM).</summary>
internal readonly struct LargeGemmTile : IGemmTile
{
    public int Rows => 64;
    public int Columns => 64;
    public int Depth => 16;
    public int Threads => 256;
    public int SharedA => 16 * 65;
    public int SharedB => 16 * 65;
}

/// <summary>32×32×8, 64 threads: accelerators that allow 64 threads per group (a CPU accelerator configured so).</summary>
internal readonly struct MediumGemmTile : IGemmTile
{
    public int Rows => 32;
    public int Columns => 32;
    public int Depth => 8;
    public int Threads => 64;
    public int SharedA => 8 * 33;
    public int SharedB => 8 * 33;
}

/// <summary>16×16×8, 16 threads: ILGPU's default CPU accelerator, which allows only 16 threads per group.</summary>
internal readonly struct SmallGemmTile : IGemmTile
{
    public int Rows => 16;
    public int Columns => 16;
    public int Depth => 8;
    public int Threads => 16;
    public int SharedA => 8 * 17;
    public int SharedB => 8 * 17;
}

/// <summary>Which tile shape an accelerator gets: the largest whose threads and (double) shared memory its groups allow.</summary>
internal enum GemmTileShape
{
    Small,
    Medium,
    Large,
}

/// <summary>Host-side facts about the tile shapes, and the choice for an accelerator.</summary>
internal static class GemmTiles
{
    public static GemmTileShape Choose(int maxThreadsPerGroup, long maxSharedBytesPerGroup)
    {
        foreach (GemmTileShape shape in new[] { GemmTileShape.Large, GemmTileShape.Medium, GemmTileShape.Small })
        {
            if (Threads(shape) <= maxThreadsPerGroup && SharedBytes(shape, sizeof(double)) <= maxSharedBytesPerGroup) return shape;
        }
        throw new NotSupportedException(
            $"The accelerator allows {maxThreadsPerGroup} threads and {maxSharedBytesPerGroup} bytes of shared memory per group; " +
            $"the smallest matrix tile needs {Threads(GemmTileShape.Small)} threads and {SharedBytes(GemmTileShape.Small, sizeof(double))} bytes.");
    }

    public static int Threads(GemmTileShape shape) => Tile(shape).Threads;

    public static int Rows(GemmTileShape shape) => Tile(shape).Rows;

    public static int Columns(GemmTileShape shape) => Tile(shape).Columns;

    public static int Depth(GemmTileShape shape) => Tile(shape).Depth;

    public static long SharedBytes(GemmTileShape shape, int elementSize) => (long)(Tile(shape).SharedA + Tile(shape).SharedB) * elementSize;

    // Host side only (boxed): the kernels take the shapes as type arguments.
    private static IGemmTile Tile(GemmTileShape shape) => shape switch
    {
        GemmTileShape.Large => new LargeGemmTile(),
        GemmTileShape.Medium => new MediumGemmTile(),
        _ => new SmallGemmTile(),
    };

    public static string Describe(GemmTileShape shape) =>
        $"{Rows(shape)}×{Columns(shape)} block tile, K-step {Depth(shape)}, 4×4 per thread, {Threads(shape)} threads per group";
}
