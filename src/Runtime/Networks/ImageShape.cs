namespace DslNets;

/// <summary>The shape of an image tensor: channels × height × width, stored channel by channel, each row-major.</summary>
/// <param name="Channels">The number of channels.</param>
/// <param name="Height">Rows per channel.</param>
/// <param name="Width">Columns per row.</param>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>The number of elements, channels·height·width.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Elements per channel, height·width.</summary>
    public int PlaneSize => Height * Width;

    /// <summary>"C×H×W", as summaries and diagnostics write it.</summary>
    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
