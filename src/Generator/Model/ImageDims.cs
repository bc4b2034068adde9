namespace DslNets.Generator.Model;

/// <summary>An image's shape in the model: channels × height × width (equatable, so checked models compare by content).</summary>
internal readonly record struct ImageDims(int Channels, int Height, int Width)
{
    public int Size => Channels * Height * Width;

    public int Plane => Height * Width;

    /// <summary>"C×H×W", as messages and summaries write it.</summary>
    public override string ToString() =>
        $"{Channels.ToString(System.Globalization.CultureInfo.InvariantCulture)}×{Height.ToString(System.Globalization.CultureInfo.InvariantCulture)}×{Width.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
