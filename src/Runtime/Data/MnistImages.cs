using System.Numerics;

namespace DslNets.Data;

/// <summary>The images of one MNIST image file: Count images of Rows×Columns pixels scaled to [0, 1], row-major.</summary>
/// <param name="Pixels">Count×Rows×Columns values, pixel/255.</param>
/// <param name="Count">The number of images.</param>
/// <param name="Rows">The image height.</param>
/// <param name="Columns">The image width.</param>
/// <typeparam name="T">The pixel type (float or double).</typeparam>
public sealed record MnistImages<T>(T[] Pixels, int Count, int Rows, int Columns) where T : unmanaged, IFloatingPointIeee754<T>;
