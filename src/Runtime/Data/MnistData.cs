using System.Numerics;

namespace DslNets.Data;

/// <summary>MNIST's two parts as data sets: 784 features scaled to [0, 1], ten classes.</summary>
/// <param name="Training">The 60,000 training images and labels.</param>
/// <param name="Test">The 10,000 test images and labels.</param>
/// <typeparam name="T">The feature type (float or double).</typeparam>
public sealed record MnistData<T>(Dataset<T> Training, Dataset<T> Test) where T : unmanaged, IFloatingPointIeee754<T>;
